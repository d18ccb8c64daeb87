package cciapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func errResp(code int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: code, Header: header, Body: io.NopCloser(strings.NewReader(body))}
}

func TestDecodeErrorResponseShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		code       int
		want       string
	}{
		{"status", `{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" not found","reason":"NotFound","code":404}`,
			404, `pods "x" not found (404 NotFound)`},
		{"cci errorCode", `{"kind":"Status","status":"Failure","message":"quota exceeded","reason":"Conflict","code":409,"errorCode":"CCI.02.409101"}`,
			409, `quota exceeded (409 Conflict, CCI.02.409101)`},
		{"gateway", `{"error_msg":"Incorrect IAM authentication information","error_code":"APIGW.0301"}`,
			401, `Incorrect IAM authentication information (401 Unauthorized, APIGW.0301): the token is missing, invalid or expired; get a fresh one and pass it with --token or PODMUX_TOKEN`},
		{"keystone", `{"error":{"message":"The request you have made requires authentication.","code":401,"title":"Unauthorized"}}`,
			401, `The request you have made requires authentication. (401 Unauthorized): the token is missing, invalid or expired; get a fresh one and pass it with --token or PODMUX_TOKEN`},
		{"empty", ``, 503, `the server answered 503 with an empty body (503 ServiceUnavailable)`},
		{"text", "upstream\nconnect error", 502, `the server answered 502 with a body that is not a Status: "upstream\nconnect error" (502 BadGateway)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := DecodeErrorResponse(errResp(tc.code, nil, tc.body))
			if err.Error() != tc.want {
				t.Fatalf("got  %s\nwant %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatal("error is not one line")
			}
		})
	}
}

func TestDecodeErrorResponseBoundsAndHelpers(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	err := DecodeErrorResponse(errResp(500, nil, big))
	if len(err.Error()) > 300 {
		t.Fatalf("error for a 1 MiB body is %d bytes long", len(err.Error()))
	}
	wrapped := fmt.Errorf("listing: %w", DecodeErrorResponse(errResp(410, nil, `{"kind":"Status","code":410,"reason":"Expired","message":"too old"}`)))
	if !IsGone(wrapped) || IsNotFound(wrapped) || IsUnauthorized(wrapped) {
		t.Fatal("IsGone/IsNotFound/IsUnauthorized do not see through wrapping")
	}
	if IsGone(errors.New("plain")) {
		t.Fatal("a plain error is Gone")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"3":                             3 * time.Second,
		"-4":                            0,
		"99999":                         5 * time.Minute,
		"soon":                          0,
		"Sun, 29 Nov 2026 01:00:10 GMT": 10 * time.Second,
	} {
		if got := parseRetryAfter(v, now); got != want {
			t.Errorf("Retry-After %q = %v, want %v", v, got, want)
		}
	}
	err := DecodeErrorResponse(errResp(429, http.Header{"Retry-After": {"2"}}, `{"kind":"Status","code":429}`))
	if se := err.(*StatusError); se.RetryAfter != 2*time.Second {
		t.Fatalf("RetryAfter = %v", se.RetryAfter)
	}
}

func TestWatchEventDecoding(t *testing.T) {
	ev, err := decodePodEvent([]byte(`{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a","resourceVersion":"5"}}}`))
	if err != nil || ev.Type != EventAdded || ev.Pod.Metadata.Name != "a" {
		t.Fatalf("ADDED: %+v, %v", ev, err)
	}
	_, err = decodePodEvent([]byte(`{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version: 1 (9)"}}`))
	if !IsGone(err) {
		t.Fatalf("ERROR 410: %v, want IsGone", err)
	}
	for _, bad := range []string{`not json`, `{"type":"EXPLODED","object":{}}`, `{"type":"ADDED","object":[1]}`, `{"type":"ERROR","object":"x"}`} {
		if _, err := decodePodEvent([]byte(bad)); err == nil || IsGone(err) {
			t.Errorf("%s: err %v, want a descriptive error", bad, err)
		}
	}
}

func FuzzDecodePodEvent(f *testing.F) {
	f.Add([]byte(`{"type":"MODIFIED","object":{"metadata":{"name":"a"}}}`))
	f.Add([]byte(`{"type":"ERROR","object":{"code":410}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = decodePodEvent(b)
		_ = decodeErrorBody(500, b).Error()
	})
}
