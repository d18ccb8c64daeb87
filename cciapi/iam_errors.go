package cciapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// IAMError is a refused IAM request: the HTTP code, and the message and code from either a
// Keystone body {"error":{"message","code","title"}} or an IAM / API-gateway body
// {"error_msg","error_code"}. It never holds a credential.
type IAMError struct {
	Code      int
	Title     string
	Message   string
	ErrorCode string
}

// Error is one line: "IAM refused the login: <message> (<code> <title>, <error code>)" plus a
// hint for 401.
func (e *IAMError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message"
	}
	title := e.Title
	if title == "" {
		title = strings.ReplaceAll(http.StatusText(e.Code), " ", "")
	}
	s := "IAM refused the login: " + oneLine(msg) + " (" + strconv.Itoa(e.Code)
	if title != "" {
		s += " " + title
	}
	if e.ErrorCode != "" {
		s += ", " + e.ErrorCode
	}
	s += ")"
	if e.Code == http.StatusUnauthorized {
		s += ": check the user, account (domain), password and project"
	}
	return s
}

type iamErrorBody struct {
	Error *struct {
		Message string          `json:"message"`
		Code    json.RawMessage `json:"code"`
		Title   string          `json:"title"`
	} `json:"error"`
	ErrorMsg  string `json:"error_msg"`
	ErrorCode string `json:"error_code"`
	Message   string `json:"message"` // a Kubernetes Status body (local server, CCI)
}

// decodeIAMError turns a non-2xx IAM answer into an *IAMError.
func decodeIAMError(code int, data []byte) *IAMError {
	e := &IAMError{Code: code}
	var b iamErrorBody
	if json.Unmarshal(data, &b) == nil {
		if b.Error != nil {
			e.Message, e.Title = b.Error.Message, b.Error.Title
		}
		if b.ErrorMsg != "" {
			e.Message = b.ErrorMsg
		}
		if e.Message == "" {
			e.Message = b.Message
		}
		e.ErrorCode = b.ErrorCode
	}
	if e.Message == "" {
		snippet := strings.TrimSpace(string(data))
		if len(snippet) > 200 {
			snippet = snippet[:200] + "…"
		}
		e.Message = snippet
	}
	return e
}

// detectMFA recognises IAM's "a TOTP passcode is needed too" answer to a password-only login:
// Keystone's receipt (Openstack-Auth-Receipt header, "required_auth_methods" listing "totp",
// "receipt.user.id") or an error message naming MFA, TOTP or a verification code.
func detectMFA(h http.Header, data []byte, ierr *IAMError) *mfaRequired {
	var b struct {
		Required [][]string `json:"required_auth_methods"`
		Receipt  *struct {
			User struct {
				ID string `json:"id"`
			} `json:"user"`
		} `json:"receipt"`
	}
	_ = json.Unmarshal(data, &b)
	m := &mfaRequired{receipt: h.Get("Openstack-Auth-Receipt")}
	if b.Receipt != nil {
		m.userID = b.Receipt.User.ID
	}
	for _, set := range b.Required {
		for _, meth := range set {
			if meth == "totp" {
				return m
			}
		}
	}
	msg := strings.ToLower(ierr.Message)
	for _, w := range []string{"mfa", "totp", "passcode", "verification code", "multi-factor"} {
		if strings.Contains(msg, w) {
			return m
		}
	}
	return nil
}
