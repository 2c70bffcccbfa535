package industrydata

import "strings"

// PublicError is Graph's publicError: the blockingError of a run, describing a critical
// failure. It is a resource property, not an HTTP error (that is *Error).
type PublicError struct {
	// ODataType is the @odata.type Graph sent, if any.
	ODataType string
	// Code is the error code, e.g. "SourceSystemUnavailable".
	Code string
	// Message describes the error for people.
	Message string
	// Target names what the error is about.
	Target string
	// Details lists the errors behind this one.
	Details []*PublicErrorDetail
	// InnerError carries more specific information, when Graph has it.
	InnerError *PublicInnerError
	// Extra holds properties and annotations the SDK has no field for.
	Extra Properties
	doc   document
}

// PublicErrorDetail is one entry of a PublicError's details.
type PublicErrorDetail struct {
	// ODataType is the @odata.type Graph sent, if any.
	ODataType string
	// Code is the detail's error code.
	Code string
	// Message describes the detail for people.
	Message string
	// Target names what the detail is about (a file, a row).
	Target string
	// Extra holds properties and annotations the SDK has no field for.
	Extra Properties
	doc   document
}

// PublicInnerError is the inner error of a PublicError. Graph declares it an open type:
// service-specific members are kept in Extra.
type PublicInnerError struct {
	// ODataType is the @odata.type Graph sent, if any.
	ODataType string
	// Code is the inner error's code.
	Code string
	// Message describes the inner error for people.
	Message string
	// Target names what the inner error is about.
	Target string
	// Details lists further errors.
	Details []*PublicErrorDetail
	// Extra holds the open type's other members.
	Extra Properties
	doc   document
}

var (
	publicErrorSchema       = &schema[PublicError]{kind: "publicError", doc: func(e *PublicError) *document { return &e.doc }, extra: func(e *PublicError) *Properties { return &e.Extra }}
	publicErrorDetailSchema = &schema[PublicErrorDetail]{kind: "publicErrorDetail", doc: func(e *PublicErrorDetail) *document { return &e.doc }, extra: func(e *PublicErrorDetail) *Properties { return &e.Extra }}
	publicInnerErrorSchema  = &schema[PublicInnerError]{kind: "publicInnerError", doc: func(e *PublicInnerError) *document { return &e.doc }, extra: func(e *PublicInnerError) *Properties { return &e.Extra }}
)

func init() {
	publicErrorDetailSchema.fields = []field[PublicErrorDetail]{
		stringField("@odata.type", func(e *PublicErrorDetail) *string { return &e.ODataType }),
		stringField("code", func(e *PublicErrorDetail) *string { return &e.Code }),
		stringField("message", func(e *PublicErrorDetail) *string { return &e.Message }),
		stringField("target", func(e *PublicErrorDetail) *string { return &e.Target }),
	}
	publicInnerErrorSchema.fields = []field[PublicInnerError]{
		stringField("@odata.type", func(e *PublicInnerError) *string { return &e.ODataType }),
		stringField("code", func(e *PublicInnerError) *string { return &e.Code }),
		stringField("message", func(e *PublicInnerError) *string { return &e.Message }),
		stringField("target", func(e *PublicInnerError) *string { return &e.Target }),
		listField("details", publicErrorDetailSchema, func(e *PublicInnerError) *[]*PublicErrorDetail { return &e.Details }),
	}
	publicErrorSchema.fields = []field[PublicError]{
		stringField("@odata.type", func(e *PublicError) *string { return &e.ODataType }),
		stringField("code", func(e *PublicError) *string { return &e.Code }),
		stringField("message", func(e *PublicError) *string { return &e.Message }),
		stringField("target", func(e *PublicError) *string { return &e.Target }),
		listField("details", publicErrorDetailSchema, func(e *PublicError) *[]*PublicErrorDetail { return &e.Details }),
		objectField("innerError", publicInnerErrorSchema, func(e *PublicError) **PublicInnerError { return &e.InnerError }),
	}
}

// String renders the error as "code: message (target)", with the details after it.
func (e *PublicError) String() string {
	if e == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(e.Message)
	}
	if e.Target != "" {
		b.WriteString(" (target ")
		b.WriteString(e.Target)
		b.WriteByte(')')
	}
	for _, d := range e.Details {
		if d != nil {
			b.WriteString("; ")
			b.WriteString(d.Code)
			if d.Message != "" {
				b.WriteString(": ")
				b.WriteString(d.Message)
			}
		}
	}
	return b.String()
}

// UnmarshalJSON decodes the error, keeping members it has no field for.
func (e *PublicError) UnmarshalJSON(data []byte) error {
	return publicErrorSchema.unmarshalJSON(e, data)
}

// MarshalJSON encodes the error with the members kept in Extra.
func (e PublicError) MarshalJSON() ([]byte, error) { return publicErrorSchema.marshal(&e), nil }

// UnmarshalJSON decodes the detail, keeping members it has no field for.
func (d *PublicErrorDetail) UnmarshalJSON(data []byte) error {
	return publicErrorDetailSchema.unmarshalJSON(d, data)
}

// MarshalJSON encodes the detail with the members kept in Extra.
func (d PublicErrorDetail) MarshalJSON() ([]byte, error) {
	return publicErrorDetailSchema.marshal(&d), nil
}

// UnmarshalJSON decodes the inner error, keeping members it has no field for.
func (e *PublicInnerError) UnmarshalJSON(data []byte) error {
	return publicInnerErrorSchema.unmarshalJSON(e, data)
}

// MarshalJSON encodes the inner error with the members kept in Extra.
func (e PublicInnerError) MarshalJSON() ([]byte, error) {
	return publicInnerErrorSchema.marshal(&e), nil
}
