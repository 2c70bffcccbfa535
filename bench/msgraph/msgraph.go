// Package msgraph lists run groups with Microsoft's msgraph-sdk-go, for comparison with
// industrydata-go. It is its own module so that the library never depends on
// msgraph-sdk-go.
//
// msgraph-sdk-go v1 has no industryData types, so this takes the SDK's generic path, the
// one a v1 user has to take for an API the SDK does not model: a RequestInformation for
// GET /industryData/runGroups sent through the GraphServiceClient's request adapter, each
// item parsed as the generic models.Entity (every property but id lands in
// AdditionalData, as Kiota keeps any property its model lacks), and the following pages
// read by msgraph-sdk-go-core's PageIterator, as the SDK's documentation shows.
package msgraph

import (
	"context"
	"net/url"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// staticToken is an AccessTokenProvider that returns one token, like the other clients'
// static-token option.
type staticToken struct {
	token   string
	allowed *authentication.AllowedHostsValidator
}

func (s *staticToken) GetAuthorizationToken(context.Context, *url.URL, map[string]any) (string, error) {
	return s.token, nil
}

func (s *staticToken) GetAllowedHostsValidator() *authentication.AllowedHostsValidator {
	return s.allowed
}

// NewClient returns a GraphServiceClient with the SDK's default middleware (retry,
// redirect, compression, telemetry) that sends token to baseURL's host.
func NewClient(baseURL, token string) (*msgraphsdk.GraphServiceClient, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, err
	}
	hosts, err := authentication.NewAllowedHostsValidatorErrorCheck([]string{u.Host})
	if err != nil {
		return nil, err
	}
	auth := authentication.NewBaseBearerTokenAuthenticationProvider(&staticToken{token: token, allowed: hosts})
	adapter, err := msgraphsdk.NewGraphRequestAdapter(auth)
	if err != nil {
		return nil, err
	}
	adapter.SetBaseUrl(baseURL)
	return msgraphsdk.NewGraphServiceClient(adapter), nil
}

var errorMapping = abstractions.ErrorMappings{
	"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue,
}

// List calls fn with every run group, following @odata.nextLink with the PageIterator.
func List(ctx context.Context, client *msgraphsdk.GraphServiceClient, fn func(models.Entityable) bool) error {
	adapter := client.GetAdapter()
	info := abstractions.NewRequestInformation()
	info.Method = abstractions.GET
	info.UrlTemplate = "{+baseurl}/industryData/runGroups"
	info.PathParameters["baseurl"] = adapter.GetBaseUrl()
	info.Headers.TryAdd("Accept", "application/json")
	first, err := adapter.Send(ctx, info, createRunGroupCollectionResponse, errorMapping)
	if err != nil {
		return err
	}
	it, err := msgraphcore.NewPageIterator[models.Entityable](first, adapter, createRunGroupCollectionResponse)
	if err != nil {
		return err
	}
	return it.Iterate(ctx, fn)
}

// runGroupCollectionResponse is a collection page of generic entities, written as Kiota
// generates every XxxCollectionResponse of the SDK (compare models.UserCollectionResponse).
type runGroupCollectionResponse struct {
	models.BaseCollectionPaginationCountResponse
}

func createRunGroupCollectionResponse(serialization.ParseNode) (serialization.Parsable, error) {
	return &runGroupCollectionResponse{
		BaseCollectionPaginationCountResponse: *models.NewBaseCollectionPaginationCountResponse(),
	}, nil
}

// GetFieldDeserializers adds the value array to the base collection's fields.
func (m *runGroupCollectionResponse) GetFieldDeserializers() map[string]func(serialization.ParseNode) error {
	res := m.BaseCollectionPaginationCountResponse.GetFieldDeserializers()
	res["value"] = func(n serialization.ParseNode) error {
		val, err := n.GetCollectionOfObjectValues(models.CreateEntityFromDiscriminatorValue)
		if err != nil {
			return err
		}
		if val != nil {
			items := make([]models.Entityable, len(val))
			for i, v := range val {
				if v != nil {
					items[i] = v.(models.Entityable)
				}
			}
			m.SetValue(items)
		}
		return nil
	}
	return res
}

// GetValue returns the page's items.
func (m *runGroupCollectionResponse) GetValue() []models.Entityable {
	val, err := m.GetBackingStore().Get("value")
	if err != nil {
		panic(err)
	}
	if val != nil {
		return val.([]models.Entityable)
	}
	return nil
}

// SetValue sets the page's items.
func (m *runGroupCollectionResponse) SetValue(value []models.Entityable) {
	if err := m.GetBackingStore().Set("value", value); err != nil {
		panic(err)
	}
}

// Serialize is not used by a listing; it is required by Parsable.
func (m *runGroupCollectionResponse) Serialize(w serialization.SerializationWriter) error {
	return m.BaseCollectionPaginationCountResponse.Serialize(w)
}
