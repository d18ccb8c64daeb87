package config

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Credential methods of a Resolved.
const (
	MethodToken    = "token"
	MethodPassword = "password"
	MethodAKSK     = "aksk"
)

// Options are the inputs of Resolve besides the environment.
type Options struct {
	// Config is the loaded file (nil: Default()).
	Config *Config
	// Profile is --profile ("" : the file's default_profile, else the only profile, else none).
	Profile string
	// Endpoint is --endpoint / PODMUX_ENDPOINT; it wins over the profile and cloud templates.
	Endpoint string
	// Token is --token; it wins over every other credential.
	Token Secret
	// CAFile and InsecureSkipTLSVerify are the flags; they win over the profile and clouds.yaml.
	CAFile                string
	InsecureSkipTLSVerify bool
	Env                   Env
}

// PasswordLogin is what an IAM password login needs.
type PasswordLogin struct {
	User, UserID, Domain   string
	Password               Secret
	ProjectName, ProjectID string
	// Passcode is OS_PASSCODE (an MFA code to send up front), if set.
	Passcode Secret
}

// AKSK is an access key pair (SecurityToken set for temporary credentials).
type AKSK struct {
	AK            string
	SK            Secret
	SecurityToken Secret
	ProjectID     string
	// ProjectName is set when ProjectID is not: the project (the region's, unless the profile or
	// OS_PROJECT_NAME names another) whose id the signer looks up at IAM.
	ProjectName string
}

// Resolved is where and how to connect, with exactly one credential (Method says which).
// Its String form and its Source never hold a secret.
type Resolved struct {
	Profile     string
	Cloud       string
	Region      string
	Endpoint    string
	IAMEndpoint string
	// Method is token, password or aksk.
	Method string
	// Source says where the credential came from, e.g. "environment OS_USERNAME/OS_PASSWORD".
	Source   string
	Token    Secret
	Password *PasswordLogin
	AKSK     *AKSK
	// TokenCache keeps IAM tokens of password logins between runs.
	TokenCache            TokenCache
	CAFile                string
	InsecureSkipTLSVerify bool
	Warnings              []string
	// Looked lists the credential sources checked, in order, each with what was found there,
	// up to the one used (all of them when none had credentials).
	Looked []string
}

// ErrNoCredentials is returned (wrapped) when no source holds credentials.
var ErrNoCredentials = errors.New("no credentials found")

// Resolve picks the endpoints and the first credential source that has credentials, in this
// order, never mixing two: 1 --token; 2 PODMUX_TOKEN, OS_TOKEN, OS_AUTH_TOKEN; 3 OS_ACCESS_KEY +
// OS_SECRET_KEY (+OS_SECURITY_TOKEN), then HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK
// (+HUAWEICLOUD_SDK_SECURITY_TOKEN, HUAWEICLOUD_SDK_PROJECT_ID); 4 OS_USERNAME + OS_PASSWORD
// (+OS_USER_DOMAIN_NAME/OS_DOMAIN_NAME, OS_PROJECT_NAME/OS_PROJECT_ID, OS_PASSCODE); 5 the
// profile (password via password_command, or ak/sk in the file); 6 clouds.yaml + secure.yaml
// entry OS_CLOUD; 7 ~/.huaweicloud/credentials. A half-set source (an AK without SK) is an
// error, not a fall-through. Resolve runs password_command but makes no network request.
//
// When no source holds credentials the error wraps ErrNoCredentials and the Resolved is still
// returned, without a Method, with the endpoints, TLS settings and Looked filled in, so that
// `podmux auth status` can show where it looked.
func Resolve(ctx context.Context, o Options) (*Resolved, error) {
	c := o.Config
	if c == nil {
		c = Default()
	}
	e := o.Env
	r := &Resolved{Warnings: append([]string(nil), c.Warnings...)}
	name := o.Profile
	if name == "" {
		name = c.DefaultProfile
	}
	if name == "" && len(c.Profiles) == 1 {
		for n := range c.Profiles {
			name = n
		}
	}
	var p Profile
	if name != "" {
		var ok bool
		if p, ok = c.Profiles[name]; !ok {
			return nil, fmt.Errorf("profile %q is not in %s: see `podmux config path` and `podmux config example`", name, orDefault(c.Path, "the config file"))
		}
	}
	r.Profile = name
	if err := r.pickCredentials(ctx, o, p); errors.Is(err, ErrNoCredentials) {
		_ = r.endpoints(o, p)
		r.CAFile = expandHome(firstNonEmpty(o.CAFile, r.CAFile, p.CAFile), e.Home)
		r.InsecureSkipTLSVerify = r.InsecureSkipTLSVerify || o.InsecureSkipTLSVerify || p.InsecureSkipTLSVerify
		return r, err
	} else if err != nil {
		return nil, err
	}
	if err := r.endpoints(o, p); err != nil {
		return nil, err
	}
	if r.Method == MethodAKSK && r.AKSK.ProjectID == "" {
		r.AKSK.ProjectName = firstNonEmpty(p.ProjectName, e.get("OS_PROJECT_NAME"), r.Region)
	}
	r.CAFile = expandHome(firstNonEmpty(o.CAFile, r.CAFile, p.CAFile), e.Home)
	r.InsecureSkipTLSVerify = r.InsecureSkipTLSVerify || o.InsecureSkipTLSVerify || p.InsecureSkipTLSVerify
	if r.InsecureSkipTLSVerify {
		r.Warnings = append(r.Warnings, "TLS certificate verification is off: anyone on the network path can read your credentials")
	}
	if r.Method == MethodPassword {
		pl := r.Password
		r.TokenCache = TokenCache{
			Path: e.TokenCacheFile(orDefault(name, "default")),
			Key:  strings.Join([]string{r.IAMEndpoint, pl.User, pl.UserID, pl.Domain, pl.ProjectName, pl.ProjectID}, "|"),
		}
	}
	return r, nil
}

// pickCredentials applies the precedence; it may set region/IAM hints from the source.
func (r *Resolved) pickCredentials(ctx context.Context, o Options, p Profile) error {
	e := o.Env
	// 1, 2: tokens.
	if o.Token != "" {
		r.Method, r.Token, r.Source = MethodToken, o.Token, "flag --token"
		if e.get("PODMUX_TOKEN") == o.Token.Reveal() {
			r.Source = "environment PODMUX_TOKEN"
		}
		return nil
	}
	r.look("flag --token: not given")
	if v, n := e.first("PODMUX_TOKEN", "OS_TOKEN", "OS_AUTH_TOKEN"); v != "" {
		r.Method, r.Token, r.Source = MethodToken, Secret(v), "environment "+n
		return nil
	}
	r.look("environment PODMUX_TOKEN, OS_TOKEN, OS_AUTH_TOKEN: not set")
	// 3: AK/SK in the environment.
	for _, set := range [][4]string{
		{"OS_ACCESS_KEY", "OS_SECRET_KEY", "OS_SECURITY_TOKEN", "OS_PROJECT_ID"},
		{"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_PROJECT_ID"},
	} {
		ak, sk := e.get(set[0]), e.get(set[1])
		if ak == "" && sk == "" {
			r.look("environment " + set[0] + "/" + set[1] + ": not set")
			continue
		}
		if ak == "" || sk == "" {
			return fmt.Errorf("%s and %s must both be set (only one is)", set[0], set[1])
		}
		r.Method, r.Source = MethodAKSK, "environment "+set[0]+"/"+set[1]
		r.AKSK = &AKSK{AK: ak, SK: Secret(sk), SecurityToken: Secret(e.get(set[2])), ProjectID: firstNonEmpty(e.get(set[3]), p.ProjectID)}
		return nil
	}
	// 4: password in the environment.
	if u, pw := e.get("OS_USERNAME"), e.get("OS_PASSWORD"); u != "" || pw != "" {
		if u == "" || pw == "" {
			return errors.New("OS_USERNAME and OS_PASSWORD must both be set (only one is)")
		}
		dom, _ := e.first("OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME")
		pname, _ := e.first("OS_PROJECT_NAME", "OS_TENANT_NAME")
		pid, _ := e.first("OS_PROJECT_ID", "OS_TENANT_ID")
		if pname == "" && pid == "" {
			pname = e.get("OS_REGION_NAME")
		}
		r.Method, r.Source = MethodPassword, "environment OS_USERNAME/OS_PASSWORD"
		r.Password = &PasswordLogin{User: u, UserID: e.get("OS_USER_ID"), Domain: dom, Password: Secret(pw),
			ProjectName: pname, ProjectID: pid, Passcode: Secret(e.get("OS_PASSCODE"))}
		return nil
	}
	r.look("environment OS_USERNAME/OS_PASSWORD: not set")
	// 5: the profile.
	if r.Profile != "" {
		done, err := r.fromProfile(ctx, o, p)
		if done || err != nil {
			return err
		}
		r.look("profile " + r.Profile + " of " + orDefault(o.Config.pathOrNil(), e.ConfigFile()) + ": no credentials (auth with password_command, or ak/sk)")
	} else if path := o.Config.pathOrNil(); path != "" {
		r.look("config file " + path + ": no profile selected (--profile, PODMUX_PROFILE or default_profile)")
	} else {
		r.look("config file " + e.ConfigFile() + ": none, so no profile")
	}
	// 6: clouds.yaml.
	if name := e.get("OS_CLOUD"); name != "" {
		return r.fromClouds(e, name)
	}
	r.look("clouds.yaml: OS_CLOUD not set")
	// 7: ~/.huaweicloud/credentials.
	hc, err := readHuaweiCredentials(e)
	if err != nil {
		return err
	}
	if hc != nil {
		r.Method, r.Source = MethodAKSK, "file "+hc.Path
		r.AKSK = &AKSK{AK: hc.AK, SK: hc.SK, SecurityToken: hc.SecToken, ProjectID: firstNonEmpty(hc.ProjectID, p.ProjectID)}
		if w := looseModeWarning(hc.Path); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
		return nil
	}
	if e.Home != "" {
		r.look("file " + filepath.Join(e.Home, ".huaweicloud", "credentials") + ": not found")
	}
	return fmt.Errorf("%w: set OS_USERNAME/OS_PASSWORD (+OS_USER_DOMAIN_NAME, OS_PROJECT_NAME), OS_ACCESS_KEY/OS_SECRET_KEY, a token (--token or PODMUX_TOKEN), a profile with password_command (podmux config example), OS_CLOUD with clouds.yaml, or ~/.huaweicloud/credentials", ErrNoCredentials)
}

// look records a credential source checked without finding credentials.
func (r *Resolved) look(s string) { r.Looked = append(r.Looked, s) }

// pathOrNil is the config file's path ("" for none or defaults).
func (c *Config) pathOrNil() string {
	if c == nil {
		return ""
	}
	return c.Path
}

// fromProfile uses the profile's own credentials; done is false when it has none complete.
func (r *Resolved) fromProfile(ctx context.Context, o Options, p Profile) (bool, error) {
	src := "profile " + r.Profile
	switch {
	case p.Auth == AuthToken:
		return true, fmt.Errorf("profile %s uses auth: token but no token was given: pass --token or set PODMUX_TOKEN (or OS_TOKEN)", r.Profile)
	case p.Auth == AuthAKSK || (p.Auth == "" && p.AK != ""):
		if p.AK == "" {
			return false, nil // keys from clouds.yaml or the credentials file
		}
		r.Method, r.Source = MethodAKSK, src+" (ak/sk in the config file)"
		r.AKSK = &AKSK{AK: p.AK, SK: p.SK, SecurityToken: p.SecurityToken, ProjectID: p.ProjectID}
		return true, nil
	case p.Auth == AuthPassword || (p.Auth == "" && p.PasswordCommand != ""):
		if p.PasswordCommand == "" {
			return true, fmt.Errorf("profile %s uses auth: password but has no password_command (or set OS_USERNAME/OS_PASSWORD)", r.Profile)
		}
		if p.User == "" && p.UserID == "" {
			return true, fmt.Errorf("profile %s uses auth: password but has no user", r.Profile)
		}
		out, err := o.Env.runCommand(ctx, p.PasswordCommand)
		if err != nil {
			return true, fmt.Errorf("profile %s: password_command failed: %v", r.Profile, err)
		}
		pw := strings.TrimRight(out, "\r\n")
		if pw == "" {
			return true, fmt.Errorf("profile %s: password_command printed nothing", r.Profile)
		}
		pname := p.ProjectName
		if pname == "" && p.ProjectID == "" {
			pname = p.Region
			if pname == "" && (p.Cloud == "" || p.Cloud == CloudOTC) {
				pname = DefaultOTCRegion
			}
		}
		r.Method, r.Source = MethodPassword, src+" (password_command)"
		r.Password = &PasswordLogin{User: p.User, UserID: p.UserID, Domain: p.Domain, Password: Secret(pw),
			ProjectName: pname, ProjectID: p.ProjectID, Passcode: Secret(o.Env.get("OS_PASSCODE"))}
		return true, nil
	}
	return false, nil
}

func (r *Resolved) fromClouds(e Env, name string) error {
	entry, files, warns, err := loadCloud(e, name)
	if err != nil {
		return err
	}
	r.Warnings = append(r.Warnings, warns...)
	a := entry.Auth
	r.Source = "clouds.yaml cloud " + name + " (" + strings.Join(files, ", ") + ")"
	r.Region = entry.RegionName
	r.IAMEndpoint = a.AuthURL
	r.CAFile = entry.CACert
	if entry.Verify != nil && !*entry.Verify {
		r.InsecureSkipTLSVerify = true
	}
	switch {
	case a.AK != "" || a.SK != "":
		if a.AK == "" || a.SK == "" {
			return fmt.Errorf("clouds.yaml cloud %s: give both auth.ak and auth.sk", name)
		}
		r.Method = MethodAKSK
		r.AKSK = &AKSK{AK: a.AK, SK: a.SK, SecurityToken: a.SecurityToken, ProjectID: a.ProjectID}
	case a.Token != "":
		r.Method, r.Token = MethodToken, a.Token
	case a.Password != "":
		if a.Username == "" && a.UserID == "" {
			return fmt.Errorf("clouds.yaml cloud %s: auth.password is set but auth.username is not", name)
		}
		pname := a.ProjectName
		if pname == "" && a.ProjectID == "" {
			pname = entry.RegionName
		}
		r.Method = MethodPassword
		r.Password = &PasswordLogin{User: a.Username, UserID: a.UserID, Domain: firstNonEmpty(a.UserDomainName, a.DomainName, a.ProjectDomainName),
			Password: a.Password, ProjectName: pname, ProjectID: a.ProjectID, Passcode: firstSecret(Secret(e.get("OS_PASSCODE")), a.Passcode)}
	default:
		return fmt.Errorf("clouds.yaml cloud %s has no password, token or ak/sk in auth (nor in secure.yaml)", name)
	}
	return nil
}

// endpoints fills Cloud, Region, Endpoint and IAMEndpoint: --endpoint, then the profile's,
// then the cloud's template for the region. OS_AUTH_URL overrides the IAM endpoint.
func (r *Resolved) endpoints(o Options, p Profile) error {
	e := o.Env
	iamHint := r.IAMEndpoint // from clouds.yaml
	if v := e.get("OS_AUTH_URL"); v != "" {
		iamHint = v
	} else if v := e.get("HUAWEICLOUD_SDK_IAM_ENDPOINT"); v != "" && r.Method == MethodAKSK {
		iamHint = v
	}
	r.Cloud = p.Cloud
	r.Region = firstNonEmpty(p.Region, r.Region, e.get("OS_REGION_NAME"))
	if r.Cloud == "" && iamHint != "" {
		if c, reg := cloudFromIAM(iamHint); c != "" {
			r.Cloud = c
			r.Region = firstNonEmpty(r.Region, reg)
		}
	}
	if r.Cloud == "" {
		r.Cloud = CloudOTC
	}
	if r.Cloud == CloudOTC && r.Region == "" {
		r.Region = DefaultOTCRegion
	}
	cci, iam := "", ""
	if r.Cloud != CloudCustom {
		var err error
		cci, iam, err = CloudEndpoints(r.Cloud, r.Region)
		if err != nil && o.Endpoint == "" && p.Endpoint == "" {
			return err
		}
	}
	r.Endpoint = strings.TrimRight(firstNonEmpty(o.Endpoint, p.Endpoint, cci), "/")
	r.IAMEndpoint = strings.TrimRight(firstNonEmpty(iamHint, p.IAMEndpoint, iam), "/")
	if i := strings.Index(r.IAMEndpoint, "://"); i >= 0 && !strings.Contains(r.IAMEndpoint[i+3:], "/") {
		r.IAMEndpoint += "/v3" // a bare host, as in some openrc files: IAM's API is under /v3
	}
	if r.Endpoint == "" {
		return errors.New("no CCI endpoint: pass --endpoint or set endpoint in the profile")
	}
	if r.Method == MethodPassword && r.IAMEndpoint == "" {
		return errors.New("a password login needs an IAM endpoint: set iam_endpoint in the profile or OS_AUTH_URL")
	}
	return nil
}

// String describes r without any secret.
func (r *Resolved) String() string {
	return fmt.Sprintf("profile=%s cloud=%s region=%s endpoint=%s iam=%s method=%s source=%q",
		orDefault(r.Profile, "-"), r.Cloud, r.Region, r.Endpoint, r.IAMEndpoint, r.Method, r.Source)
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

func firstSecret(v ...Secret) Secret {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// expandHome turns a leading "~/" into the home directory.
func expandHome(path, home string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok && home != "" {
		return home + "/" + rest
	}
	return path
}
