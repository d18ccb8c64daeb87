package cciapi

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// AK/SK signing (Huawei Cloud API gateway, "SDK-HMAC-SHA256"), as huaweicloud-sdk-go-v3's
// core/auth/signer does it. The names below are the wire names.
const (
	SignAlgorithm       = "SDK-HMAC-SHA256"
	SignDateFormat      = "20060102T150405Z"
	HeaderSdkDate       = "X-Sdk-Date"
	HeaderContentSha256 = "X-Sdk-Content-Sha256"
	HeaderProjectID     = "X-Project-Id"
	HeaderSecurityToken = "X-Security-Token"
	UnsignedPayload     = "UNSIGNED-PAYLOAD"
)

// maxSignedBody bounds a request body the signer reads to hash.
const maxSignedBody = 64 << 20

// AKSKSigner signs every request with an access key / secret key pair. It sets X-Sdk-Date,
// X-Project-Id (when ProjectID is set), X-Security-Token (when SecurityToken is set, for
// temporary credentials) and, for a body whose Content-Type is not JSON,
// X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD; then it signs host and every header present (except
// Content-Type and names holding "_") and sets Authorization. The request's path and body are
// left unchanged (a read body is replaced by an identical one).
type AKSKSigner struct {
	AK            string
	SK            Secret
	ProjectID     string
	SecurityToken Secret
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ProjectName and IAMEndpoint let the signer find ProjectID itself when it is empty, as the
	// Huawei SDK does: once, with a signed GET {IAMEndpoint}/projects?name=ProjectName (on OTC
	// and Huawei Cloud a region's project is named after the region). HTTP sends that request
	// (nil: a 30 s client with TLS verification on).
	ProjectName string
	IAMEndpoint string
	HTTP        *http.Client

	mu sync.Mutex // guards ProjectID while it is looked up
}

var _ Authorizer = (*AKSKSigner)(nil)

// Authorize signs req.
func (s *AKSKSigner) Authorize(req *http.Request) error {
	if s.AK == "" || s.SK == "" {
		return errors.New("AK/SK signing needs both an access key and a secret key")
	}
	pid, err := s.projectID(req.Context())
	if err != nil {
		return err
	}
	return s.sign(req, pid)
}

// sign signs req with project id pid ("" : no X-Project-Id).
func (s *AKSKSigner) sign(req *http.Request, pid string) error {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	date := now().UTC().Format(SignDateFormat)
	req.Header.Set(HeaderSdkDate, date)
	if pid != "" {
		req.Header.Set(HeaderProjectID, pid)
	}
	if s.SecurityToken != "" {
		req.Header.Set(HeaderSecurityToken, s.SecurityToken.Reveal())
	}
	payload := ""
	if ct := req.Header.Get("Content-Type"); ct != "" && !strings.Contains(ct, "application/json") {
		req.Header.Set(HeaderContentSha256, UnsignedPayload)
	}
	if v := req.Header.Get(HeaderContentSha256); v != "" {
		payload = v
	} else {
		body, err := readBody(req)
		if err != nil {
			return fmt.Errorf("AK/SK signing: reading the request body: %v", err)
		}
		payload = HexSHA256(body)
	}
	signed := SignedHeaderNames(req.Header)
	creq := CanonicalRequest(req, signed, payload)
	sig := SignString(s.SK.Reveal(), StringToSign(creq, date))
	req.Header.Set("Authorization", fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		SignAlgorithm, s.AK, strings.Join(signed, ";"), sig))
	return nil
}

// readBody returns the request body and puts an identical reader back.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		return io.ReadAll(io.LimitReader(rc, maxSignedBody))
	}
	b, err := io.ReadAll(io.LimitReader(req.Body, maxSignedBody+1))
	_ = req.Body.Close()
	if err != nil {
		return nil, err
	}
	if len(b) > maxSignedBody {
		return nil, fmt.Errorf("body larger than %d bytes", maxSignedBody)
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	return b, nil
}

// SignedHeaderNames lists the headers to sign: "host" plus every header in h, lower-cased and
// sorted, without content-type, authorization and names holding "_".
func SignedHeaderNames(h http.Header) []string {
	names := []string{"host"}
	for k := range h {
		l := strings.ToLower(k)
		if l == "host" || l == "authorization" || strings.HasPrefix(l, "content-type") || strings.Contains(l, "_") {
			continue
		}
		names = append(names, l)
	}
	sort.Strings(names)
	return names
}

// CanonicalRequest builds the canonical request of req over the signed headers (lower-case,
// sorted) and the payload hash: METHOD, canonical URI (each segment escaped, trailing slash),
// canonical query, "name:value" lines, the signed header list and the payload hash, joined by
// newlines. The host comes from req.Host, else req.URL.Host.
func CanonicalRequest(req *http.Request, signed []string, payloadHash string) string {
	var b strings.Builder
	b.WriteString(req.Method)
	b.WriteByte('\n')
	b.WriteString(CanonicalURI(req.URL.Path))
	b.WriteByte('\n')
	b.WriteString(CanonicalQuery(req.URL.RawQuery))
	b.WriteByte('\n')
	for _, name := range signed {
		var vals []string
		if name == "host" {
			host := req.Host
			if host == "" {
				host = req.URL.Host
			}
			vals = []string{host}
		} else {
			vals = append(vals, req.Header.Values(name)...)
			sort.Strings(vals)
		}
		for _, v := range vals {
			b.WriteString(name)
			b.WriteByte(':')
			b.WriteString(strings.TrimSpace(v))
			b.WriteByte('\n')
		}
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signed, ";"))
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String()
}

// CanonicalURI escapes each segment of the (decoded) path and appends "/" if missing.
func CanonicalURI(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = signEscape(s)
	}
	p := strings.Join(segs, "/")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// CanonicalQuery sorts the query's keys and each key's values and escapes both; "" if none.
// A raw query that does not parse contributes its parsable pairs only.
func CanonicalQuery(raw string) string {
	q := map[string][]string{}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			continue
		}
		q[k] = append(q[k], v)
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vals := q[k]
		sort.Strings(vals)
		for _, v := range vals {
			parts = append(parts, signEscape(k)+"="+signEscape(v))
		}
	}
	return strings.Join(parts, "&")
}

// StringToSign is "SDK-HMAC-SHA256\n<date>\n<hex sha256 of the canonical request>".
func StringToSign(canonicalRequest, sdkDate string) string {
	return SignAlgorithm + "\n" + sdkDate + "\n" + HexSHA256([]byte(canonicalRequest))
}

// SignString is hex(HMAC-SHA256(key=sk, stringToSign)).
func SignString(sk, stringToSign string) string {
	m := hmac.New(sha256.New, []byte(sk))
	m.Write([]byte(stringToSign))
	return hex.EncodeToString(m.Sum(nil))
}

// HexSHA256 is the lower-case hex SHA-256 of b.
func HexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// signEscape percent-encodes every byte except A-Z a-z 0-9 - _ . ~, with upper-case hex.
func signEscape(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}
