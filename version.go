package industrydata

// Version is the release of this SDK. Every request carries it in the SdkVersion and
// User-Agent headers, so that Microsoft support and service logs can tell which client
// made a call.
const Version = "0.1.0"

// sdkProduct is the product token that opens the User-Agent and SdkVersion headers.
const sdkProduct = "industrydata-go/" + Version
