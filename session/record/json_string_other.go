//go:build !amd64 || purego

package record

// appendJSONBody appends s as the inside of a JSON string (appendJSONString without the
// quotes). Encoding two pieces one after the other gives the same bytes as encoding them
// joined when the cut is at a rune boundary of s (see appendJSONBodyJoined and
// runeStartAtOrBefore). This build uses the portable encoder.
func appendJSONBody(dst []byte, s []byte) []byte { return appendJSONBodyGeneric(dst, s) }
