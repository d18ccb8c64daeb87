//go:build !amd64 || purego

package record

// bodyEncoders lists every JSON body encoder this build has, for the differential tests.
func bodyEncoders() []bodyEncoder { return []bodyEncoder{{"generic", appendJSONBodyGeneric}} }
