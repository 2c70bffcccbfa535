package industrydatatest

import (
	"fmt"
	"time"
)

// Default credentials the token endpoint accepts when [WithCredentials] is not
// given. They are exported so that a test can configure a client by hand without
// asking the server; [Server.Credentials] reports the ones in effect.
const (
	DefaultTenantID     = "72f988bf-0000-4000-8000-00000000d1a7"
	DefaultClientID     = "5b1c0d1e-0000-4000-8000-00000000c11e"
	DefaultClientSecret = "industrydatatest-client-secret"
)

// Page-size limits. Graph pages this API at DefaultPageSize items unless the
// client asks for fewer with Prefer: odata.maxpagesize, and never serves more
// than MaxPageSize in one page.
const (
	DefaultPageSize = 100
	MaxPageSize     = 999
)

// DefaultTokenLifetime is what the token endpoint reports in expires_in,
// matching the identity platform's usual 3599 seconds.
const DefaultTokenLifetime = 3599 * time.Second

// Option configures a [Server]. Options do not depend on their order.
type Option func(*config)

// config is what the options set; NewServer validates it once.
type config struct {
	creds          Credentials
	patchReturns   bool
	pageSize       int
	lifecycle      Lifecycle
	tokenLifetime  time.Duration
	requireAuth    bool
	now            func() time.Time
	invalidOptions []string
}

func defaultConfig() config {
	return config{
		creds: Credentials{
			TenantID:     DefaultTenantID,
			ClientID:     DefaultClientID,
			ClientSecret: DefaultClientSecret,
		},
		pageSize:      DefaultPageSize,
		lifecycle:     DefaultLifecycle(),
		tokenLifetime: DefaultTokenLifetime,
		requireAuth:   true,
		now:           time.Now,
	}
}

// Credentials are the client-credentials identity the token endpoint accepts.
type Credentials struct {
	TenantID     string
	ClientID     string
	ClientSecret string
}

// WithCredentials replaces the default tenant, client id and secret, for tests
// that check that their own configuration reaches the token request.
func WithCredentials(tenantID, clientID, clientSecret string) Option {
	return func(c *config) {
		if tenantID == "" || clientID == "" || clientSecret == "" {
			c.invalid("WithCredentials: tenant id, client id and client secret must all be non-empty")
			return
		}
		c.creds = Credentials{TenantID: tenantID, ClientID: clientID, ClientSecret: clientSecret}
	}
}

// WithPatchReturnsEntity makes PATCH answer 200 with the updated entity, as the
// draft documentation shows, instead of the 204 No Content the shipped
// industryData entities send. Clients must handle both; run your tests with
// each.
func WithPatchReturnsEntity(on bool) Option {
	return func(c *config) { c.patchReturns = on }
}

// WithMaxPageSize sets the page size used when the client sends no
// Prefer: odata.maxpagesize. It must be between 1 and [MaxPageSize]; small
// values make paging tests cheap.
func WithMaxPageSize(n int) Option {
	return func(c *config) {
		if n < 1 || n > MaxPageSize {
			c.invalid(fmt.Sprintf("WithMaxPageSize: page size must be between 1 and %d, got %d", MaxPageSize, n))
			return
		}
		c.pageSize = n
	}
}

// WithLifecycle sets how run groups created through POST move from running to
// a terminal status, so that polling and waiting code can be tested. See
// [Lifecycle] for the rules; the default is [DefaultLifecycle].
func WithLifecycle(l Lifecycle) Option {
	return func(c *config) {
		if err := l.validate(); err != nil {
			c.invalid("WithLifecycle: " + err.Error())
			return
		}
		c.lifecycle = l
	}
}

// WithTokenLifetime sets the lifetime of issued access tokens (and the
// expires_in the token endpoint reports). Short lifetimes let tests exercise a
// client's token refresh; note that golang.org/x/oauth2 treats a token as
// expired ten seconds early.
func WithTokenLifetime(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.invalid(fmt.Sprintf("WithTokenLifetime: lifetime must be positive, got %v", d))
			return
		}
		c.tokenLifetime = d
	}
}

// WithRequireAuth decides whether API calls need a valid bearer token. It is
// on by default, so that tests also prove the client authenticates; turn it off
// to test code that is handed a plain *http.Client.
func WithRequireAuth(on bool) Option {
	return func(c *config) { c.requireAuth = on }
}

// WithClock replaces time.Now as the server's time source. It drives the
// timestamps the server writes, token expiry, duration-based lifecycles and the
// expiry of file links, so a test can move time forward without sleeping.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.invalid("WithClock: the time source must not be nil")
			return
		}
		c.now = now
	}
}

func (c *config) invalid(msg string) {
	c.invalidOptions = append(c.invalidOptions, msg)
}
