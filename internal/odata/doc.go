// Package odata is the one place where the SDK speaks OData on the wire: it renders system
// query options the way Microsoft Graph parses them, formats $filter literals so that the
// service reads back exactly the value it was given, escapes resource-path segments, and
// decides whether an @odata.nextLink may be followed.
//
// Keeping all of this in one package means an injection or double-encoding bug has one
// place to live and one place to be fixed.
package odata
