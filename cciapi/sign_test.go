package cciapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The expected canonical requests below are written out by hand from the specification
// (AUTH.md steps 1–8, huaweicloud-sdk-go-v3 core/auth/signer); the test computes the string to
// sign and the HMAC itself and compares with the Authorization header the signer produced.

var signClock = func() time.Time { return time.Date(2026, 11, 29, 1, 2, 3, 0, time.UTC) }

const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

func expectAuthorization(t *testing.T, req *http.Request, ak, sk, canonical, signedHeaders string) {
	t.Helper()
	sum := sha256.Sum256([]byte(canonical))
	sts := "SDK-HMAC-SHA256\n20261129T010203Z\n" + hex.EncodeToString(sum[:])
	m := hmac.New(sha256.New, []byte(sk))
	m.Write([]byte(sts))
	want := "SDK-HMAC-SHA256 Access=" + ak + ", SignedHeaders=" + signedHeaders + ", Signature=" + hex.EncodeToString(m.Sum(nil))
	if got := req.Header.Get("Authorization"); got != want {
		signed := strings.Split(signedHeaders, ";")
		payload := emptyHash
		if v := req.Header.Get(HeaderContentSha256); v != "" {
			payload = v
		}
		t.Fatalf("Authorization\n got %s\nwant %s\nour canonical request:\n%s", got, want, CanonicalRequest(req, signed, payload))
	}
	if req.Header.Get("X-Sdk-Date") != "20261129T010203Z" {
		t.Fatalf("X-Sdk-Date %q", req.Header.Get("X-Sdk-Date"))
	}
}

func newReq(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "podmux")
	return req
}

func TestSignGETWithQuery(t *testing.T) {
	req := newReq(t, "GET", "https://cci.eu-de.otc.t-systems.com/apis/cci/v2/namespaces/ns-1/pods?limit=500&labelSelector=app%3Dweb", "")
	s := &AKSKSigner{AK: "AKEXAMPLE", SK: "SKEXAMPLE", Now: signClock}
	if err := s.Authorize(req); err != nil {
		t.Fatal(err)
	}
	canonical := "GET\n" +
		"/apis/cci/v2/namespaces/ns-1/pods/\n" +
		"labelSelector=app%3Dweb&limit=500\n" +
		"host:cci.eu-de.otc.t-systems.com\n" +
		"user-agent:podmux\n" +
		"x-sdk-date:20261129T010203Z\n" +
		"\n" +
		"host;user-agent;x-sdk-date\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	expectAuthorization(t, req, "AKEXAMPLE", "SKEXAMPLE", canonical, "host;user-agent;x-sdk-date")
	if req.URL.Path != "/apis/cci/v2/namespaces/ns-1/pods" {
		t.Fatalf("signing changed the path: %s", req.URL.Path)
	}
}

func TestSignPOSTJSONWithProject(t *testing.T) {
	body := `{"metadata":{"name":"ns-1"}}`
	req := newReq(t, "POST", "https://cci.ap-southeast-1.myhuaweicloud.com/apis/cci/v2/namespaces", body)
	req.Header.Set("Content-Type", "application/json")
	s := &AKSKSigner{AK: "HPUAEXAMPLE", SK: "sk/with+chars=", ProjectID: "0123456789abcdef", Now: signClock}
	if err := s.Authorize(req); err != nil {
		t.Fatal(err)
	}
	canonical := "POST\n" +
		"/apis/cci/v2/namespaces/\n" +
		"\n" +
		"host:cci.ap-southeast-1.myhuaweicloud.com\n" +
		"user-agent:podmux\n" +
		"x-project-id:0123456789abcdef\n" +
		"x-sdk-date:20261129T010203Z\n" +
		"\n" +
		"host;user-agent;x-project-id;x-sdk-date\n" +
		"f68cab67c4516efbfdadf159edc8fb44a9945cc68c03507ca8ab53a2bc9dd202"
	expectAuthorization(t, req, "HPUAEXAMPLE", "sk/with+chars=", canonical, "host;user-agent;x-project-id;x-sdk-date")
	if req.Header.Get("X-Project-Id") != "0123456789abcdef" || req.Header.Get(HeaderContentSha256) != "" {
		t.Fatal("headers", req.Header)
	}
	got, _ := io.ReadAll(req.Body)
	if string(got) != body {
		t.Fatalf("body after signing %q", got)
	}
}

func TestSignExecUpgradeRepeatedCommand(t *testing.T) {
	req := newReq(t, "GET", "https://cci.eu-de.otc.t-systems.com/apis/cci/v2/namespaces/ns-1/pods/web-0/exec?command=sh&command=-c&command=echo%20hi&container=app&stdin=true&stdout=true&tty=true", "")
	s := &AKSKSigner{AK: "AKTEMP", SK: "SKTEMP", ProjectID: "p1", SecurityToken: "ST-TEMPORARY", Now: signClock}
	if err := s.Authorize(req); err != nil {
		t.Fatal(err)
	}
	canonical := "GET\n" +
		"/apis/cci/v2/namespaces/ns-1/pods/web-0/exec/\n" +
		"command=-c&command=echo%20hi&command=sh&container=app&stdin=true&stdout=true&tty=true\n" +
		"host:cci.eu-de.otc.t-systems.com\n" +
		"user-agent:podmux\n" +
		"x-project-id:p1\n" +
		"x-sdk-date:20261129T010203Z\n" +
		"x-security-token:ST-TEMPORARY\n" +
		"\n" +
		"host;user-agent;x-project-id;x-sdk-date;x-security-token\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	expectAuthorization(t, req, "AKTEMP", "SKTEMP", canonical, "host;user-agent;x-project-id;x-sdk-date;x-security-token")
}

func TestSignPATCHMergePatchIsUnsignedPayload(t *testing.T) {
	req := newReq(t, "PATCH", "https://cci.eu-de.otc.t-systems.com/apis/cci/v2/namespaces/ns-1/pods/web-0", `{"metadata":{"labels":{"a":"b"}}}`)
	req.Header.Set("Content-Type", "application/merge-patch+json")
	s := &AKSKSigner{AK: "AK", SK: "SK", Now: signClock}
	if err := s.Authorize(req); err != nil {
		t.Fatal(err)
	}
	canonical := "PATCH\n" +
		"/apis/cci/v2/namespaces/ns-1/pods/web-0/\n" +
		"\n" +
		"host:cci.eu-de.otc.t-systems.com\n" +
		"user-agent:podmux\n" +
		"x-sdk-content-sha256:UNSIGNED-PAYLOAD\n" +
		"x-sdk-date:20261129T010203Z\n" +
		"\n" +
		"host;user-agent;x-sdk-content-sha256;x-sdk-date\n" +
		"UNSIGNED-PAYLOAD"
	expectAuthorization(t, req, "AK", "SK", canonical, "host;user-agent;x-sdk-content-sha256;x-sdk-date")
}

func TestCanonicalURIAndQueryEscaping(t *testing.T) {
	if got := CanonicalURI("/a b/c:d/é~x_y.z"); got != "/a%20b/c%3Ad/%C3%A9~x_y.z/" {
		t.Fatal(got)
	}
	if got := CanonicalURI(""); got != "/" {
		t.Fatal(got)
	}
	if got := CanonicalQuery("b=2&a=x+y&a=%2F&empty="); got != "a=%2F&a=x%20y&b=2&empty=" {
		t.Fatal(got)
	}
}

func TestSignNeedsBothKeys(t *testing.T) {
	req := newReq(t, "GET", "https://h/x", "")
	if err := (&AKSKSigner{AK: "AK"}).Authorize(req); err == nil {
		t.Fatal("signed without an SK")
	}
}

func TestSignerDoesNotPrintSK(t *testing.T) {
	s := &AKSKSigner{AK: "AK", SK: "the-sk-value", SecurityToken: "the-st-value"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		out := sprintf(f, s)
		if strings.Contains(out, "the-sk-value") || strings.Contains(out, "the-st-value") {
			t.Fatalf("%s leaks: %s", f, out)
		}
	}
}
