package cciapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// StatusError is a non-2xx answer from the server. Code is the HTTP status code (or the Status
// body's code when the HTTP code is unknown, as in a watch ERROR event). Reason and Message come
// from the Kubernetes Status body (or the gateway's error_msg); ErrorCode keeps CCI's or the
// gateway's error code when present. RetryAfter is the server's Retry-After hint (zero: none).
type StatusError struct {
	Code       int
	Reason     string
	Message    string
	ErrorCode  string
	RetryAfter time.Duration
}

// Error is one line: the message, then the code, reason and error code in parentheses, e.g.
// `pods "x" not found (404 NotFound)`. A 401 also says what to do.
func (e *StatusError) Error() string {
	var b strings.Builder
	msg := e.Message
	if msg == "" {
		msg = "the server refused the request"
	}
	b.WriteString(oneLine(msg))
	b.WriteString(" (")
	b.WriteString(strconv.Itoa(e.Code))
	reason := e.Reason
	if reason == "" {
		reason = strings.ReplaceAll(http.StatusText(e.Code), " ", "")
	}
	if reason != "" {
		b.WriteString(" " + reason)
	}
	if e.ErrorCode != "" {
		b.WriteString(", " + e.ErrorCode)
	}
	b.WriteString(")")
	if e.Code == http.StatusUnauthorized {
		b.WriteString(": the token is missing, invalid or expired; get a fresh one and pass it with --token or PODMUX_TOKEN")
	}
	return b.String()
}

// IsNotFound reports whether err is (or wraps) a 404 StatusError.
func IsNotFound(err error) bool { return statusCode(err) == http.StatusNotFound }

// IsUnauthorized reports whether err is (or wraps) a 401 StatusError.
func IsUnauthorized(err error) bool { return statusCode(err) == http.StatusUnauthorized }

// IsGone reports whether err is (or wraps) a 410 StatusError: a watch resourceVersion or a
// continue token that is too old; the caller must list again.
func IsGone(err error) bool { return statusCode(err) == http.StatusGone }

func statusCode(err error) int {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// DecodeErrorResponse turns a non-2xx answer into a *StatusError. It reads at most 64 KiB of
// the body and closes it. It understands Kubernetes Status bodies, Keystone-style
// {"error":{…}} bodies and API-gateway {"error_msg","error_code"} bodies; any other body gives a
// StatusError whose message quotes a short snippet of it.
func DecodeErrorResponse(resp *http.Response) error {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	se := decodeErrorBody(resp.StatusCode, body)
	se.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if err != nil && len(body) == 0 {
		se.Message = fmt.Sprintf("reading the error answer: %v", err)
	}
	return se
}

// StatusToError converts a Status (from a watch ERROR event or an exec status) to a *StatusError.
// httpCode is used when the Status carries no code.
func StatusToError(st *Status, httpCode int) *StatusError {
	code := st.Code
	if code == 0 {
		code = httpCode
	}
	return &StatusError{Code: code, Reason: st.Reason, Message: st.Message, ErrorCode: st.ErrorCode}
}

// errorBody is the union of the error shapes CCI, IAM and the API gateway answer with.
type errorBody struct {
	Kind      string `json:"kind"`
	Status    string `json:"status"`
	Message   string `json:"message"`
	Reason    string `json:"reason"`
	Code      int    `json:"code"`
	ErrorCode string `json:"errorCode"`
	ErrorMsg  string `json:"error_msg"`
	ErrCode   string `json:"error_code"`
	Error     *struct {
		Message string `json:"message"`
		Code    int    `json:"code"`
		Title   string `json:"title"`
	} `json:"error"`
}

func decodeErrorBody(httpCode int, body []byte) *StatusError {
	se := &StatusError{Code: httpCode}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		switch {
		case eb.Kind == "Status" || (eb.Message != "" && eb.Code != 0):
			se.Reason, se.Message, se.ErrorCode = eb.Reason, eb.Message, eb.ErrorCode
			if se.Code == 0 {
				se.Code = eb.Code
			}
			return se
		case eb.ErrorMsg != "" || eb.ErrCode != "":
			se.Message, se.ErrorCode = eb.ErrorMsg, eb.ErrCode
			return se
		case eb.Error != nil && eb.Error.Message != "":
			se.Message, se.Reason = eb.Error.Message, strings.ReplaceAll(eb.Error.Title, " ", "")
			return se
		}
	}
	if len(body) == 0 {
		se.Message = "the server answered " + strconv.Itoa(httpCode) + " with an empty body"
		return se
	}
	se.Message = fmt.Sprintf("the server answered %d with a body that is not a Status: %q", httpCode, snippet(body, 120))
	return se
}

// snippet returns at most n bytes of b (cut on a rune boundary), with "…" when cut.
func snippet(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]) + "…"
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(s), " ")
}

// parseRetryAfter reads a Retry-After header (seconds or an HTTP date), capped at 5 minutes.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, 5*time.Minute)
}
