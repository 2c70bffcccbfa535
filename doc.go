// Package industrydata is a client for the Microsoft Graph industryData run groups API
// (beta): run groups, their runs and process, and the errors-and-warnings file of a run
// group.
//
// # Getting started
//
// Create one Client and share it; it is safe for concurrent use:
//
//	c, err := industrydata.NewClient(
//		industrydata.WithClientCredentials(tenantID, clientID, clientSecret),
//	)
//
// Every operation takes a context first and sends nothing until it is called:
//
//	g, err := c.RunGroups().Create(ctx, &industrydata.RunGroup{Run: industrydata.Run{DisplayName: "Nightly sync"}})
//	g, err = c.RunGroups().ByID(g.ID).Get(ctx)
//
// # Authentication
//
// WithClientCredentials uses the OAuth 2.0 client-credentials grant against the Microsoft
// identity platform of the selected cloud (WithCloud), with the .default scope of that
// cloud's Graph host. WithTokenSource accepts any golang.org/x/oauth2 TokenSource, and
// WithStaticToken a token obtained elsewhere. The token is attached only to requests for
// the Graph host (and hosts added with WithAllowedHosts): never to a redirect target, a
// next link on another host, or a download URL.
//
// # Paging
//
// List returns a Query. All iterates over every item across pages with a plain for-range
// loop, holding one page in memory at a time; Pages yields whole pages with their
// @odata.count and next link; Page fetches one page, and Resume continues from a saved next
// link:
//
//	for rg, err := range c.RunGroups().List().Filter(industrydata.Eq("status", industrydata.RunStatusFailed)).All(ctx) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(rg.DisplayName)
//	}
//
// # Filters
//
// Eq, Ne, Gt, Ge, Lt, Le, In, StartsWith, EndsWith, Contains, And, Or and Not build $filter
// expressions whose literals are quoted and escaped for you, so values from users cannot
// change the expression. RawFilter sends an expression as written.
//
// # Updates
//
// Models remember the document they were read from. Update sends only what changed since:
// change a field, clear another (zero it, or SetNull it), and exactly those two properties
// are sent, the cleared one as null. Properties the SDK has no field for are kept in Extra
// and sent back unchanged.
//
// # Errors, retries and throttling
//
// A failed call returns an error from which errors.As extracts an *Error carrying the HTTP
// status, Graph's code and message, and the request ids Microsoft support asks for;
// errors.Is matches it against ErrNotFound, ErrThrottled and the other sentinels.
// Throttled (429) and unavailable (503, 504) responses are retried with Graph's
// Retry-After, or exponential backoff with jitter, within the context's deadline. A create
// (POST) is retried only when Graph cannot have processed it; otherwise its error wraps
// ErrOutcomeUnknown.
//
// # Testing
//
// Package industrydatatest runs an in-memory Graph server on 127.0.0.1 that speaks this
// API, including its failures, so code using this package can be tested without mocks.
package industrydata
