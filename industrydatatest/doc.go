// Package industrydatatest is an in-memory Microsoft Graph run-groups API for
// tests, in the spirit of net/http/httptest: start a [Server] on 127.0.0.1,
// point your code at it, and assert on what happened. It speaks the draft-era
// beta industryData API the way Graph does, failures included, so code that
// uses the SDK can be tested without hand-written mocks. The SDK's own
// integration tests and the offline quickstart run against it.
//
// # Getting a client
//
//	srv := industrydatatest.NewServerT(t)          // closed when the test ends
//	srv.SeedRunGroups(industrydatatest.Document{"displayName": "Roster sync", "status": "failed"})
//	c, err := srv.Client()                         // *industrydata.Client for srv
//
// [Server.Client] configures the SDK with [Server.BaseURL], the token endpoint
// at [Server.URL] and [Server.Credentials]. Code that takes a plain
// *http.Client or a static token can use [Server.Token] instead.
//
// # Routes
//
// Under BaseURL()/industryData:
//
//	GET, POST            runGroups
//	GET, PATCH, DELETE   runGroups/{id}
//	GET                  runGroups/{id}/getErrorsAndWarningsFile   (also "()" and namespace-qualified)
//	GET, POST            runGroups/{id}/runs, GET runGroups/{id}/runs/{id}
//	GET, POST            runGroups/{id}/process, GET runGroups/{id}/process/{id}
//
// Create answers 201 with the entity, a server-assigned GUID id, a Location
// header and @odata.context. PATCH merges (null clears a property, unknown
// properties are stored, changing id or @odata.type is a 400) and answers 204,
// or 200 with the entity under [WithPatchReturnsEntity]. DELETE answers 204.
// Unknown ids get 404 and unknown path segments 400, with Graph's error body
// {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
// The seed lists process both as a relationship and as a collection; the
// server serves it as a collection of runProcess items. A runs collection may
// hold nested runGroup items when seeded that way.
//
// Every API response carries request-id, client-request-id (echoed, or the
// request-id), OData-Version and Date. Timestamps the server writes are UTC
// with seven fractional digits. Enum members a client did not opt into with
// Prefer: include-unknown-enum-members read as unknownFutureValue, as Graph
// does for evolvable enums.
//
// # Query options
//
// Collections evaluate $filter (eq ne gt ge lt le, and or not, parentheses,
// in, startswith endswith contains, quoted strings with doubled quotes,
// unquoted DateTimeOffset literals compared as instants, null), $select,
// $orderby (several keys, asc/desc), $top, $skip, $count=true (@odata.count
// counts every match, ignoring $top and $skip) and, on run groups,
// $expand=runs or process with nested $select, $filter, $orderby, $top and
// $skip. The server has its own OData parser and works on generic JSON, so it
// checks what a client sends instead of mirroring it: an invalid filter, an
// unknown property, an unknown or duplicated option, or a '$' sent as %24 is a
// 400 saying what is wrong and where.
//
// # Paging
//
// Pages hold [DefaultPageSize] items (see [WithMaxPageSize]), or what
// Prefer: odata.maxpagesize=N asks for up to [MaxPageSize], answered with
// Preference-Applied. @odata.nextLink is absolute, keeps every original
// option and adds an opaque $skiptoken that contains %27, %2B and %2F, so a
// client that re-encodes the link instead of following it verbatim gets a
// 400, as does one that changes the other options between pages. $top limits
// the items served over all pages.
//
// # Authentication
//
// The token endpoint URL()/{tenant}/oauth2/v2.0/token implements the
// client-credentials grant like the identity platform: it checks the tenant,
// client id, secret (form or HTTP Basic) and a scope ending in /.default, and
// answers its error JSON (AADSTS codes) on failure. API calls without a valid,
// unexpired token get 401 InvalidAuthenticationToken. [Server.TokenRequests],
// [Server.ExpireTokens], [Server.RevokeCredentials] and [WithTokenLifetime]
// let a test check token caching and refresh.
//
// # Faults
//
// A test scripts failures with [Server.Fault] (which requests, when, what):
//
//	srv.Fault(industrydatatest.Match{Method: "POST", Path: "/runGroups"},
//		industrydatatest.Nth(2), industrydatatest.Throttle("0.25"))
//
// Faults are error statuses with Graph's body ([Status], [Throttle],
// [Unavailable]), connection resets, truncated bodies, effects applied before
// a failure ([CommitThenFail], [CommitThenReset], to prove that a client does
// not create duplicates), [Latency] and slow-loris [Trickle].
// [Server.RandomFaults] injects them at a rate with a seed, reproducibly.
//
// # Lifecycle
//
// A run group created through POST starts running and turns terminal after a
// number of polls or a duration ([Lifecycle]), filling endDateTime,
// statistics and, when it fails, blockingError; so polling code can be
// tested. [Server.Finish] ends any group at once.
//
// # The errors-and-warnings file
//
// getErrorsAndWarningsFile answers a link to a second loopback host that, like
// blob storage with a SAS URL, serves the CSV only with a valid signature in
// the query and refuses any request carrying an Authorization header.
// [Server.FileRequests] shows whether a client leaked its token there.
//
// # Inspecting state
//
// [Server.RunGroup], [Server.RunGroups], [Server.Runs] and [Server.Process]
// return copies of the stored documents, [Server.Requests] every request as
// received (headers and body included), and [Server.CreateCount] the creates
// committed per collection. A Server is safe for concurrent use.
package industrydatatest
