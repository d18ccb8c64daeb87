package localcci

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

// iamTokenRequest is the part of IAM's POST /v3/auth/tokens body the local endpoint reads.
type iamTokenRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password struct {
				User iamReqUser `json:"user"`
			} `json:"password"`
			TOTP *struct {
				User iamReqUser `json:"user"`
			} `json:"totp"`
		} `json:"identity"`
		Scope struct {
			Project struct {
				Name string `json:"name"`
				ID   string `json:"id"`
			} `json:"project"`
		} `json:"scope"`
	} `json:"auth"`
}

type iamReqUser struct {
	Name     string `json:"name"`
	ID       string `json:"id"`
	Password string `json:"password"`
	Passcode string `json:"passcode"`
	Domain   struct {
		Name string `json:"name"`
	} `json:"domain"`
}

// iamTokens answers POST /v3/auth/tokens like IAM: 201 with X-Subject-Token and
// {"token":{"expires_at":…}} for a known user, password and allowed project; a Keystone-style
// 401 otherwise. A TOTP user without a passcode gets Keystone's MFA answer: 401 with an
// Openstack-Auth-Receipt header, "receipt.user.id" and required_auth_methods [["password","totp"]].
func (s *Server) iamTokens(w http.ResponseWriter, r *http.Request) {
	var req iamTokenRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		writeIAMError(w, http.StatusBadRequest, "Bad Request", "The request body is not valid JSON.")
		return
	}
	id := req.Auth.Identity
	if !contains(id.Methods, "password") {
		writeIAMError(w, http.StatusBadRequest, "Bad Request", "Only the password method (with totp) is supported here.")
		return
	}
	ru := id.Password.User
	var user *IAMUser
	for i := range s.auth.users {
		u := &s.auth.users[i]
		if (ru.ID != "" && ru.ID == u.ID) || (ru.Name != "" && ru.Name == u.Name && ru.Domain.Name == u.Domain) {
			user = u
			break
		}
	}
	if user == nil || subtle.ConstantTimeCompare([]byte(ru.Password), []byte(user.Password)) != 1 {
		writeIAMError(w, http.StatusUnauthorized, "Unauthorized", "The username or password is wrong.")
		return
	}
	proj := req.Auth.Scope.Project
	if proj.Name == "" && proj.ID == "" {
		writeGatewayError(w, http.StatusBadRequest, "IAM.0007", "A project scope (name or id) is required.")
		return
	}
	if len(user.Projects) > 0 && !contains(user.Projects, proj.Name) && !contains(user.Projects, proj.ID) {
		writeGatewayError(w, http.StatusUnauthorized, "IAM.0004", "The user has no access to the requested project.")
		return
	}
	if user.TOTP {
		if id.TOTP == nil || !contains(id.Methods, "totp") {
			s.writeMFARequired(w, user)
			return
		}
		if id.TOTP.User.ID != user.ID || subtle.ConstantTimeCompare([]byte(id.TOTP.User.Passcode), []byte(TestPasscode)) != 1 {
			writeIAMError(w, http.StatusUnauthorized, "Unauthorized", "The MFA verification code is wrong.")
			return
		}
	}
	tok, exp, err := s.auth.issue()
	if err != nil {
		writeIAMError(w, http.StatusInternalServerError, "Internal Server Error", "Could not issue a token.")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Subject-Token", tok)
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"token": map[string]any{
		"expires_at": exp.Format("2006-01-02T15:04:05.000000Z"),
		"issued_at":  s.auth.now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		"methods":    id.Methods,
		"user":       map[string]any{"id": user.ID, "name": user.Name, "domain": map[string]string{"name": user.Domain}},
		"project":    map[string]string{"id": proj.ID, "name": proj.Name},
	}})
}

func (s *Server) writeMFARequired(w http.ResponseWriter, u *IAMUser) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	w.Header().Set("Openstack-Auth-Receipt", hex.EncodeToString(b))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"receipt": map[string]any{
			"methods":    []string{"password"},
			"user":       map[string]any{"id": u.ID, "name": u.Name, "domain": map[string]string{"name": u.Domain}},
			"expires_at": s.auth.now().Add(5 * time.Minute).UTC().Format("2006-01-02T15:04:05.000000Z"),
		},
		"required_auth_methods": [][]string{{"password", "totp"}},
		"error":                 map[string]any{"code": 401, "title": "Unauthorized", "message": "Additional authentications steps required."},
	})
}

// writeIAMError writes a Keystone-style error body.
func writeIAMError(w http.ResponseWriter, code int, title, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"code": code, "title": title, "message": msg}})
}

// writeGatewayError writes an IAM / API-gateway error body {"error_msg","error_code"}.
func writeGatewayError(w http.ResponseWriter, code int, errCode, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]string{"error_code": errCode, "error_msg": msg})
}

// iamProjects answers GET /v3/projects?name=… (the request is already authenticated) with the
// matching project of Options.Projects, like IAM's Keystone project list.
func (s *Server) iamProjects(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	list := []map[string]string{}
	for n, id := range s.auth.projs {
		if name == "" || n == name {
			list = append(list, map[string]string{"id": id, "name": n})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"projects": list})
}
