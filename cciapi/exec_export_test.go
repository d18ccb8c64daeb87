package cciapi

// OfferOnly returns o with the offered exec subprotocols replaced (tests: offer only v4).
func OfferOnly(o ExecOptions, protocols ...string) ExecOptions {
	o.protocols = protocols
	return o
}
