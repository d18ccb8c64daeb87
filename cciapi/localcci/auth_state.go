package localcci

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// IAMUser is a user the local IAM endpoint (/v3/auth/tokens) accepts. Projects lists the
// project names or ids the user may scope to (empty: any). A user with TOTP set must also send
// the passcode TestPasscode, as a user with virtual-MFA login protection must on IAM.
type IAMUser struct {
	Name     string   `json:"name" yaml:"name"`
	ID       string   `json:"id" yaml:"id"`
	Domain   string   `json:"domain" yaml:"domain"`
	Password string   `json:"password" yaml:"password"`
	Projects []string `json:"projects,omitempty" yaml:"projects,omitempty"`
	TOTP     bool     `json:"totp,omitempty" yaml:"totp,omitempty"`
}

// TestPasscode is the one TOTP passcode the local IAM endpoint accepts for TOTP users.
const TestPasscode = "123456"

// MaxClockSkew is how far an AK/SK request's X-Sdk-Date may be from the server's clock.
const MaxClockSkew = 15 * time.Minute

// DefaultTokenTTL is how long a token from the local IAM endpoint lives (IAM's: 24 h).
const DefaultTokenTTL = 24 * time.Hour

// IAMTokensPath is the local IAM token endpoint (the IAM v3 base is <server>/v3).
const IAMTokensPath = "/v3/auth/tokens"

// authState holds the IAM users, AK/SK keys and the tokens the local IAM endpoint issued.
type authState struct {
	users []IAMUser
	keys  map[string]string
	projs map[string]string // project name → id
	ttl   time.Duration
	now   func() time.Time

	mu     sync.Mutex
	tokens map[string]time.Time // issued token → expiry
}

func newAuthState(opts Options) *authState {
	a := &authState{users: opts.IAMUsers, keys: opts.AccessKeys, projs: opts.Projects, ttl: opts.TokenTTL, now: opts.Now, tokens: map[string]time.Time{}}
	if a.ttl <= 0 {
		a.ttl = DefaultTokenTTL
	}
	if a.now == nil {
		a.now = time.Now
	}
	return a
}

// authenticate handles what the fixed-token check does not: the IAM login itself (which needs
// no credentials), AK/SK signatures and IAM-issued tokens. handled is false when the request
// should go to the fixed-token check.
func (a *authState) authenticate(r *http.Request) (handled bool, err error) {
	if r.URL.Path == IAMTokensPath {
		return true, nil
	}
	if strings.HasPrefix(r.Header.Get("Authorization"), "SDK-HMAC-SHA256 ") {
		return true, a.verifySignature(r)
	}
	tok := r.Header.Get("X-Auth-Token")
	if tok == "" {
		return false, nil
	}
	a.mu.Lock()
	exp, ok := a.tokens[tok]
	a.mu.Unlock()
	if !ok {
		return false, nil
	}
	if !a.now().Before(exp) {
		return true, errString("the X-Auth-Token is invalid or expired: log in again (podmux login)")
	}
	return true, nil
}

// issue records a new token valid for the TTL.
func (a *authState) issue() (string, time.Time, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	tok := "MII" + hex.EncodeToString(b)
	exp := a.now().Add(a.ttl).UTC().Truncate(time.Millisecond)
	a.mu.Lock()
	a.tokens[tok] = exp
	a.mu.Unlock()
	return tok, exp, nil
}
