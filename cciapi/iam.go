package cciapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// TokenCache keeps one IAM token between runs. config.TokenCache implements it with a 0600 file.
type TokenCache interface {
	LoadToken() (token string, expires time.Time, ok bool)
	StoreToken(token string, expires time.Time) error
}

// Refresher is implemented by Authorizers whose credentials can be renewed (IAM password
// tokens). After a 401, a client calls Refresh once and retries the request once; a second 401
// is final. Fixed tokens and AK/SK signers do not implement it.
type Refresher interface {
	Refresh(ctx context.Context) error
}

// TokenEarlyExpiry is how long before its expires_at a cached token is no longer used.
const TokenEarlyExpiry = 5 * time.Minute

// IAMPassword says how to get a project-scoped token from IAM with a user name and password.
type IAMPassword struct {
	// Endpoint is the IAM v3 base, e.g. https://iam.eu-de.otc.t-systems.com/v3.
	Endpoint string
	// User is the IAM user name; UserID its id (needed for MFA, learnt from IAM when empty).
	User, UserID string
	// Domain is the account (domain) name.
	Domain   string
	Password Secret
	// ProjectID wins over ProjectName when both are set. On OTC the project name is the region.
	ProjectName, ProjectID string
	// Passcode is a TOTP code to send up front (OS_PASSCODE). Empty: ask Prompt if IAM wants one.
	Passcode Secret
	// Prompt asks the user for an MFA passcode; nil means no one can be asked.
	Prompt func(ctx context.Context, question string) (string, error)
	// Cache keeps the token between runs; nil: memory only.
	Cache TokenCache
	// HTTP sends the IAM requests; nil: a client with TLS verification on and a 30 s timeout.
	HTTP *http.Client
	// Now is the clock; nil: time.Now.
	Now func() time.Time
}

// IAMTokenAuth is an Authorizer that sends an IAM token fetched with a password, reusing it
// (from memory, then from the cache) until TokenEarlyExpiry before it expires. It implements
// Refresher. Safe for concurrent use; concurrent callers share one IAM request.
type IAMTokenAuth struct {
	cfg     IAMPassword
	mu      sync.Mutex
	token   Secret
	expires time.Time
}

var (
	_ Authorizer = (*IAMTokenAuth)(nil)
	_ Refresher  = (*IAMTokenAuth)(nil)
)

// NewIAMTokenAuth checks cfg and returns the Authorizer. It makes no request.
func NewIAMTokenAuth(cfg IAMPassword) (*IAMTokenAuth, error) {
	switch {
	case cfg.Endpoint == "":
		return nil, errors.New("IAM password login needs an IAM endpoint (iam_endpoint or OS_AUTH_URL)")
	case cfg.User == "" && cfg.UserID == "":
		return nil, errors.New("IAM password login needs a user name (user or OS_USERNAME)")
	case cfg.Password == "":
		return nil, errors.New("IAM password login needs a password (password_command or OS_PASSWORD)")
	case cfg.Domain == "" && cfg.UserID == "":
		return nil, errors.New("IAM password login needs the account (domain) name (domain or OS_USER_DOMAIN_NAME)")
	case cfg.ProjectName == "" && cfg.ProjectID == "":
		return nil, errors.New("IAM password login needs a project (project_name/project_id or OS_PROJECT_NAME/OS_PROJECT_ID); on OTC it is the region, e.g. eu-de")
	}
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("IAM endpoint %q is not a URL: give one like https://iam.eu-de.otc.t-systems.com/v3", cfg.Endpoint)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("IAM endpoint %q uses plain http to a non-loopback host: the password would travel in clear; use https", cfg.Endpoint)
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &IAMTokenAuth{cfg: cfg}, nil
}

// Authorize sets X-Auth-Token, fetching a token first if none is valid.
func (a *IAMTokenAuth) Authorize(req *http.Request) error {
	tok, _, err := a.Token(req.Context())
	if err != nil {
		return err
	}
	req.Header.Set("X-Auth-Token", tok.Reveal())
	return nil
}

// Token returns a valid token and its expiry: the one in memory, else the cached one, else a
// new one from IAM (which is then cached).
func (a *IAMTokenAuth) Token(ctx context.Context) (Secret, time.Time, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.cfg.Now()
	if a.token != "" && now.Before(a.expires.Add(-TokenEarlyExpiry)) {
		return a.token, a.expires, nil
	}
	if a.cfg.Cache != nil {
		if t, exp, ok := a.cfg.Cache.LoadToken(); ok && t != "" && now.Before(exp.Add(-TokenEarlyExpiry)) {
			a.token, a.expires = Secret(t), exp
			return a.token, a.expires, nil
		}
	}
	return a.fetchLocked(ctx)
}

// Refresh drops the current token and fetches a new one from IAM.
func (a *IAMTokenAuth) Refresh(ctx context.Context) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.token = ""
	_, _, err := a.fetchLocked(ctx)
	return err
}

// Login fetches a new token from IAM now (ignoring any cached one), caches it and returns its
// expiry.
func (a *IAMTokenAuth) Login(ctx context.Context) (time.Time, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, exp, err := a.fetchLocked(ctx)
	return exp, err
}

func (a *IAMTokenAuth) fetchLocked(ctx context.Context) (Secret, time.Time, error) {
	userID := a.cfg.UserID
	passcode := a.cfg.Passcode
	receipt := ""
	for attempt := 0; attempt < 2; attempt++ {
		withTOTP := passcode != "" && userID != ""
		tok, exp, mfa, err := a.requestToken(ctx, userID, passcode, withTOTP, receipt)
		if err == nil {
			a.token, a.expires = tok, exp
			if a.cfg.Cache != nil {
				if err := a.cfg.Cache.StoreToken(tok.Reveal(), exp); err != nil {
					return "", time.Time{}, fmt.Errorf("token cache: %v", err)
				}
			}
			return tok, exp, nil
		}
		if mfa == nil || attempt == 1 {
			return "", time.Time{}, err
		}
		if userID == "" {
			userID = mfa.userID
		}
		if userID == "" {
			return "", time.Time{}, errors.New("IAM asks for an MFA passcode but did not say the user's id: set user_id in the profile or OS_USER_ID")
		}
		receipt = mfa.receipt
		if passcode == "" {
			if a.cfg.Prompt == nil {
				return "", time.Time{}, errors.New("IAM asks for an MFA passcode: set OS_PASSCODE or run `podmux login` in a terminal")
			}
			code, perr := a.cfg.Prompt(ctx, "MFA passcode for "+a.displayUser()+": ")
			if perr != nil {
				return "", time.Time{}, fmt.Errorf("reading the MFA passcode: %v", perr)
			}
			passcode = Secret(strings.TrimSpace(code))
			if passcode == "" {
				return "", time.Time{}, errors.New("no MFA passcode given")
			}
		}
	}
	return "", time.Time{}, errors.New("IAM login did not finish")
}

func (a *IAMTokenAuth) displayUser() string {
	if a.cfg.User != "" {
		return a.cfg.User
	}
	return a.cfg.UserID
}

// mfaRequired is IAM's "also send a TOTP passcode" answer.
type mfaRequired struct{ userID, receipt string }

// requestToken sends one POST /auth/tokens. A non-nil *mfaRequired means IAM wants a passcode.
func (a *IAMTokenAuth) requestToken(ctx context.Context, userID string, passcode Secret, withTOTP bool, receipt string) (Secret, time.Time, *mfaRequired, error) {
	body, err := json.Marshal(a.tokenBody(userID, passcode, withTOTP))
	if err != nil {
		return "", time.Time{}, nil, err
	}
	u := strings.TrimRight(a.cfg.Endpoint, "/") + "/auth/tokens?nocatalog=true"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return "", time.Time{}, nil, fmt.Errorf("IAM endpoint %q: %v", a.cfg.Endpoint, err)
	}
	req.Header.Set("Content-Type", "application/json;charset=utf8")
	req.Header.Set("Accept", "application/json")
	if receipt != "" {
		req.Header.Set("Openstack-Auth-Receipt", receipt)
	}
	resp, err := a.cfg.HTTP.Do(req)
	if err != nil {
		return "", time.Time{}, nil, fmt.Errorf("IAM %s: %v", a.cfg.Endpoint, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", time.Time{}, nil, fmt.Errorf("IAM %s: reading the answer: %v", a.cfg.Endpoint, err)
	}
	if resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK {
		tok := resp.Header.Get("X-Subject-Token")
		if tok == "" {
			return "", time.Time{}, nil, fmt.Errorf("IAM %s answered %d without an X-Subject-Token header: is iam_endpoint an IAM v3 URL?", a.cfg.Endpoint, resp.StatusCode)
		}
		var ok struct {
			Token struct {
				ExpiresAt string `json:"expires_at"`
			} `json:"token"`
		}
		if err := json.Unmarshal(data, &ok); err != nil {
			return "", time.Time{}, nil, fmt.Errorf("IAM %s: token answer is not JSON: %v", a.cfg.Endpoint, err)
		}
		exp, err := time.Parse(time.RFC3339Nano, ok.Token.ExpiresAt)
		if err != nil {
			return "", time.Time{}, nil, fmt.Errorf("IAM %s: token.expires_at %q is not a time", a.cfg.Endpoint, ok.Token.ExpiresAt)
		}
		return Secret(tok), exp, nil, nil
	}
	ierr := decodeIAMError(resp.StatusCode, data)
	if resp.StatusCode == http.StatusUnauthorized && !withTOTP {
		if m := detectMFA(resp.Header, data, ierr); m != nil {
			return "", time.Time{}, m, ierr
		}
	}
	return "", time.Time{}, nil, ierr
}

type iamName struct {
	Name string `json:"name,omitempty"`
	ID   string `json:"id,omitempty"`
}

type iamUser struct {
	Name     string   `json:"name,omitempty"`
	ID       string   `json:"id,omitempty"`
	Password string   `json:"password,omitempty"`
	Passcode string   `json:"passcode,omitempty"`
	Domain   *iamName `json:"domain,omitempty"`
}

type iamTokenRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password struct {
				User iamUser `json:"user"`
			} `json:"password"`
			TOTP *struct {
				User iamUser `json:"user"`
			} `json:"totp,omitempty"`
		} `json:"identity"`
		Scope struct {
			Project iamName `json:"project"`
		} `json:"scope"`
	} `json:"auth"`
}

// tokenBody builds the documented body: password (+ totp), project scope by id or name.
func (a *IAMTokenAuth) tokenBody(userID string, passcode Secret, withTOTP bool) *iamTokenRequest {
	var r iamTokenRequest
	id := &r.Auth.Identity
	id.Methods = []string{"password"}
	u := iamUser{Password: a.cfg.Password.Reveal()}
	if a.cfg.User != "" {
		u.Name = a.cfg.User
		u.Domain = &iamName{Name: a.cfg.Domain}
	} else {
		u.ID = a.cfg.UserID
	}
	id.Password.User = u
	if withTOTP {
		id.Methods = append(id.Methods, "totp")
		id.TOTP = &struct {
			User iamUser `json:"user"`
		}{User: iamUser{ID: userID, Passcode: passcode.Reveal()}}
	}
	if a.cfg.ProjectID != "" {
		r.Auth.Scope.Project = iamName{ID: a.cfg.ProjectID}
	} else {
		r.Auth.Scope.Project = iamName{Name: a.cfg.ProjectName}
	}
	return &r
}
