package localcci

import (
	"bytes"
	"crypto/hmac"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/podmux/podmux/cciapi"
)

const maxVerifiedBody = 64 << 20

// verifySignature checks an SDK-HMAC-SHA256 Authorization header against the key's SK: the
// access key must be known, X-Sdk-Date within MaxClockSkew, host and x-sdk-date signed, and the
// signature over the canonical request must match. A read body is put back for the handler.
func (a *authState) verifySignature(r *http.Request) error {
	access, signed, sig, err := parseSignatureHeader(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	sk, ok := a.keys[access]
	if !ok {
		return errString("the access key (AK) is not known to this server")
	}
	date := r.Header.Get(cciapi.HeaderSdkDate)
	t, err := time.Parse(cciapi.SignDateFormat, date)
	if err != nil {
		return errString("the AK/SK request has no valid X-Sdk-Date header (want 20060102T150405Z)")
	}
	if d := a.now().Sub(t); d > MaxClockSkew || d < -MaxClockSkew {
		return errString(fmt.Sprintf("the X-Sdk-Date %s is more than %v away from the server's clock: fix the client's clock", date, MaxClockSkew))
	}
	if !contains(signed, "host") || !contains(signed, "x-sdk-date") {
		return errString("the AK/SK signature must sign host and x-sdk-date")
	}
	payload := r.Header.Get(cciapi.HeaderContentSha256)
	if payload == "" {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxVerifiedBody+1))
		if err != nil || len(body) > maxVerifiedBody {
			return errString("the request body could not be read for AK/SK verification")
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		payload = cciapi.HexSHA256(body)
	}
	want := cciapi.SignString(sk, cciapi.StringToSign(cciapi.CanonicalRequest(r, signed, payload), date))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return errString("the AK/SK signature does not match the request: check the SK, and that nothing changed the request after signing")
	}
	return nil
}

// parseSignatureHeader splits "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex".
func parseSignatureHeader(h string) (access string, signed []string, sig string, err error) {
	rest, ok := strings.CutPrefix(h, cciapi.SignAlgorithm+" ")
	if !ok {
		return "", nil, "", errString("the Authorization header is not SDK-HMAC-SHA256")
	}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Access":
			access = v
		case "SignedHeaders":
			signed = strings.Split(v, ";")
		case "Signature":
			sig = v
		}
	}
	if access == "" || len(signed) == 0 || sig == "" {
		return "", nil, "", errString("the SDK-HMAC-SHA256 Authorization header lacks Access, SignedHeaders or Signature")
	}
	return access, signed, sig, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
