package odata

import "errors"

// Sentinel errors, wrapped by every error this package returns, so that callers can
// classify a failure with errors.Is without parsing messages.
var (
	// ErrInvalidProperty reports a property name or path that is not a plain OData
	// identifier, and so could change the meaning of the expression it is put in.
	ErrInvalidProperty = errors.New("odata: invalid property name")

	// ErrUnsupportedLiteral reports a Go value that has no faithful OData literal.
	ErrUnsupportedLiteral = errors.New("odata: unsupported literal")

	// ErrInvalidQuery reports a query option that Graph would reject or misread.
	ErrInvalidQuery = errors.New("odata: invalid query option")

	// ErrInvalidPathSegment reports an identifier that cannot address one path segment.
	ErrInvalidPathSegment = errors.New("odata: invalid path segment")

	// ErrInvalidNextLink reports an @odata.nextLink that must not be followed.
	ErrInvalidNextLink = errors.New("odata: nextLink rejected")
)
