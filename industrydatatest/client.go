package industrydatatest

import (
	"fmt"

	"github.com/industrydata/industrydata-go"
)

// Client returns an SDK client already configured against the server: its
// base URL, its token endpoint as the authority host, and the client
// credentials it accepts, so the client fetches and refreshes tokens the way
// it would against Graph. opts are added after those (for example WithRetry
// with short waits when the test injects faults, or WithLogger); a second
// credential option makes NewClient fail, so to authenticate another way build
// the client by hand from BaseURL, URL and Token. The caller closes the client.
func (s *Server) Client(opts ...industrydata.Option) (*industrydata.Client, error) {
	c := s.cfg.creds
	all := append([]industrydata.Option{
		industrydata.WithBaseURL(s.BaseURL()),
		industrydata.WithAuthorityHost(s.URL()),
		industrydata.WithClientCredentials(c.TenantID, c.ClientID, c.ClientSecret),
	}, opts...)
	client, err := industrydata.NewClient(all...)
	if err != nil {
		return nil, fmt.Errorf("industrydatatest: configuring a client for %s: %w", s.BaseURL(), err)
	}
	return client, nil
}
