package industrydatatest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Content types Graph answers with: entities and collections carry the OData
// parameters, error bodies plain JSON.
const (
	odataJSON = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	errorJSON = "application/json"
)

// apiError is a Graph error response: an HTTP status plus the code and
// message of the error body.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

func badRequest(msg string) error {
	return &apiError{status: http.StatusBadRequest, code: "BadRequest", message: msg}
}

func notFound(typ, id string) error {
	return &apiError{status: http.StatusNotFound, code: "ResourceNotFound",
		message: fmt.Sprintf("The %s with id '%s' was not found.", typ, id)}
}

// statusCode is the Graph error code used for a fault or an error status.
func statusCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "BadRequest"
	case http.StatusUnauthorized:
		return "InvalidAuthenticationToken"
	case http.StatusForbidden:
		return "Authorization_RequestDenied"
	case http.StatusNotFound:
		return "ResourceNotFound"
	case http.StatusTooManyRequests:
		return "TooManyRequests"
	case http.StatusInternalServerError:
		return "InternalServerError"
	case http.StatusServiceUnavailable:
		return "ServiceUnavailable"
	case http.StatusGatewayTimeout:
		return "GatewayTimeout"
	}
	return strings.ReplaceAll(http.StatusText(status), " ", "")
}

// setGraphHeaders writes the headers every API response carries; net/http
// adds Date itself.
func (x *exchange) setGraphHeaders() {
	h := x.w.Header()
	h.Set("request-id", x.requestID)
	h.Set("client-request-id", x.clientRequestID)
	h.Set("OData-Version", "4.0")
	h.Set("x-ms-ags-diagnostic", `{"ServerInfo":{"DataCenter":"Loopback","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"industrydatatest"}}`)
}

// writeJSON sends a success body with an exact Content-Length.
func (x *exchange) writeJSON(status int, body any) {
	raw, err := json.Marshal(body)
	if err != nil {
		x.writeError(&apiError{status: http.StatusInternalServerError, code: "InternalServerError",
			message: "industrydatatest could not encode the response: " + err.Error()})
		return
	}
	x.setGraphHeaders()
	x.w.Header().Set("Content-Type", odataJSON)
	x.w.Header().Set("Content-Length", strconv.Itoa(len(raw)))
	x.w.WriteHeader(status)
	_, _ = x.w.Write(raw)
}

// writeNoContent sends 204.
func (x *exchange) writeNoContent() {
	x.setGraphHeaders()
	x.w.WriteHeader(http.StatusNoContent)
}

// writeError sends Graph's error body. Anything other than an *apiError is a
// bug in the server and answers 500.
func (x *exchange) writeError(err error) {
	ae, ok := err.(*apiError)
	if !ok {
		ae = &apiError{status: http.StatusInternalServerError, code: "InternalServerError", message: err.Error()}
	}
	x.writeErrorBody(ae.status, ae.code, ae.message, nil)
}

// writeErrorBody sends {"error":{code,message,innerError{date,request-id,client-request-id}}}.
func (x *exchange) writeErrorBody(status int, code, message string, inner map[string]any) {
	innerErr := map[string]any{
		"date":              x.now.UTC().Format(innerErrorTimeLayout),
		"request-id":        x.requestID,
		"client-request-id": x.clientRequestID,
	}
	for k, v := range inner {
		innerErr[k] = v
	}
	raw, _ := json.Marshal(map[string]any{"error": map[string]any{
		"code": code, "message": message, "innerError": innerErr,
	}})
	x.setGraphHeaders()
	x.w.Header().Set("Content-Type", errorJSON)
	x.w.Header().Set("Content-Length", strconv.Itoa(len(raw)))
	x.w.WriteHeader(status)
	_, _ = x.w.Write(raw)
}
