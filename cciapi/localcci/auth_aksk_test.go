package localcci

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
)

func TestParseSignatureHeader(t *testing.T) {
	ak, signed, sig, err := parseSignatureHeader("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=abc")
	if err != nil || ak != "AK1" || strings.Join(signed, ",") != "host,x-sdk-date" || sig != "abc" {
		t.Fatal(ak, signed, sig, err)
	}
	for _, h := range []string{"", "Bearer x", "SDK-HMAC-SHA256 ", "SDK-HMAC-SHA256 Access=A, Signature=s", "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=s"} {
		if _, _, _, err := parseSignatureHeader(h); err == nil {
			t.Errorf("%q accepted", h)
		}
	}
}

// FuzzVerifySignature feeds arbitrary Authorization headers, dates and queries to the verifier:
// it must never panic and never accept a request it did not see signed with the key.
func FuzzVerifySignature(f *testing.F) {
	f.Add("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=00", "20261129T010203Z", "a=b&a=c")
	f.Add("SDK-HMAC-SHA256 Access=AK, SignedHeaders=;;;, Signature=", "x", "%zz=1&&=")
	now := time.Date(2026, 11, 29, 1, 2, 3, 0, time.UTC)
	a := newAuthState(Options{AccessKeys: map[string]string{"AK": "SK"}, Now: func() time.Time { return now }})
	f.Fuzz(func(t *testing.T, authz, date, query string) {
		r := httptest.NewRequest("GET", "http://127.0.0.1/apis/cci/v2/namespaces", nil)
		r.URL.RawQuery = query
		r.Header.Set("Authorization", authz)
		r.Header.Set(cciapi.HeaderSdkDate, date)
		if err := a.verifySignature(r); err == nil {
			t.Fatalf("accepted a forged request: %q %q %q", authz, date, query)
		}
	})
}
