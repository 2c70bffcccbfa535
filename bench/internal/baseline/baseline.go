// Package baseline is the hand-written client the SDK is measured against: net/http and
// encoding/json into plain structs, following @odata.nextLink, with nothing else (no
// retries, no unknown-property preservation, no request ids). It is the floor no SDK can
// beat on decoding; Floor* are the same requests with the body discarded, the floor no
// client can beat at all.
package baseline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// RunGroup is a run group as a plain struct: the seed's properties and nothing more.
type RunGroup struct {
	ODataType     string          `json:"@odata.type,omitempty"`
	ID            string          `json:"id,omitempty"`
	DisplayName   string          `json:"displayName,omitempty"`
	StartDateTime time.Time       `json:"startDateTime,omitzero"`
	EndDateTime   *time.Time      `json:"endDateTime,omitempty"`
	Status        string          `json:"status,omitempty"`
	BlockingError *PublicError    `json:"blockingError,omitempty"`
	Statistics    json.RawMessage `json:"statistics,omitempty"`
}

// PublicError is Graph's publicError.
type PublicError struct {
	Code       string              `json:"code"`
	Message    string              `json:"message"`
	Target     string              `json:"target"`
	Details    []PublicErrorDetail `json:"details"`
	InnerError *PublicInnerError   `json:"innerError"`
}

// PublicErrorDetail is one entry of PublicError.Details.
type PublicErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Target  string `json:"target"`
}

// PublicInnerError is PublicError.InnerError.
type PublicInnerError struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Target  string              `json:"target"`
	Details []PublicErrorDetail `json:"details"`
}

type page struct {
	Value    []RunGroup `json:"value"`
	NextLink string     `json:"@odata.nextLink"`
}

// Client is what a developer writes in an afternoon.
type Client struct {
	HTTP  *http.Client
	Base  string // e.g. http://127.0.0.1:port/beta
	Token string
}

func (c *Client) do(ctx context.Context, method, url string, body []byte) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, fmt.Errorf("%s %s: %s", method, url, resp.Status)
	}
	return resp, nil
}

func (c *Client) decode(ctx context.Context, method, url string, body []byte, v any) error {
	resp, err := c.do(ctx, method, url, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	return nil
}

// List calls fn with every run group of the collection, page after page, until fn
// returns false.
func (c *Client) List(ctx context.Context, fn func(*RunGroup) bool) error {
	url := c.Base + "/industryData/runGroups"
	for url != "" {
		var p page
		if err := c.decode(ctx, http.MethodGet, url, nil, &p); err != nil {
			return err
		}
		for i := range p.Value {
			if !fn(&p.Value[i]) {
				return nil
			}
		}
		url = p.NextLink
	}
	return nil
}

// Get reads one run group.
func (c *Client) Get(ctx context.Context, id string) (*RunGroup, error) {
	var rg RunGroup
	if err := c.decode(ctx, http.MethodGet, c.Base+"/industryData/runGroups/"+id, nil, &rg); err != nil {
		return nil, err
	}
	return &rg, nil
}

// Create creates a run group.
func (c *Client) Create(ctx context.Context, rg *RunGroup) (*RunGroup, error) {
	body, err := json.Marshal(rg)
	if err != nil {
		return nil, err
	}
	var out RunGroup
	if err := c.decode(ctx, http.MethodPost, c.Base+"/industryData/runGroups", body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Floor sends one request and discards the response body: the cost of the HTTP exchange
// alone. It returns the number of body bytes read.
func (c *Client) Floor(ctx context.Context, method, url string, body []byte) (int64, error) {
	resp, err := c.do(ctx, method, url, body)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return io.Copy(io.Discard, resp.Body)
}
