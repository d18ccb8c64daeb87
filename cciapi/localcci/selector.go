package localcci

import (
	"net/http"
	"strings"
)

// selector is a parsed label selector: a conjunction of requirements.
type selector struct {
	raw  string
	reqs []requirement
}

// requirement is one term: key=value, key==value, key!=value, key (exists) or !key (absent).
type requirement struct {
	key, value string
	op         string // "=", "!=", "exists", "!exists"
}

// parseSelector reads the equality-based subset of Kubernetes label selectors. Set-based terms
// (in, notin) are refused with a 400 that says so.
func parseSelector(s string) (selector, *apiError) {
	sel := selector{raw: strings.TrimSpace(s)}
	if sel.raw == "" {
		return sel, nil
	}
	bad := func(msg string) (selector, *apiError) {
		return selector{}, &apiError{Code: http.StatusBadRequest, Reason: "BadRequest", Msg: "labelSelector " + quote(s) + ": " + msg}
	}
	if strings.ContainsAny(s, "()") {
		return bad("set-based terms (in, notin) are not supported by the local server; use key=value, key!=value, key or !key")
	}
	for _, term := range strings.Split(sel.raw, ",") {
		term = strings.TrimSpace(term)
		var r requirement
		switch {
		case term == "":
			return bad("empty term")
		case strings.Contains(term, "!="):
			k, v, _ := strings.Cut(term, "!=")
			r = requirement{key: strings.TrimSpace(k), value: strings.TrimSpace(v), op: "!="}
		case strings.Contains(term, "=="):
			k, v, _ := strings.Cut(term, "==")
			r = requirement{key: strings.TrimSpace(k), value: strings.TrimSpace(v), op: "="}
		case strings.Contains(term, "="):
			k, v, _ := strings.Cut(term, "=")
			r = requirement{key: strings.TrimSpace(k), value: strings.TrimSpace(v), op: "="}
		case strings.HasPrefix(term, "!"):
			r = requirement{key: strings.TrimSpace(term[1:]), op: "!exists"}
		default:
			r = requirement{key: term, op: "exists"}
		}
		if r.key == "" || strings.ContainsAny(r.key, " =!") || strings.ContainsAny(r.value, " =!") {
			return bad("term " + quote(term) + " is not key=value, key!=value, key or !key")
		}
		sel.reqs = append(sel.reqs, r)
	}
	return sel, nil
}

// String is the selector as given (trimmed); two lists with the same String select alike.
func (sel selector) String() string { return sel.raw }

// matches reports whether labels satisfy every requirement.
func (sel selector) matches(labels map[string]string) bool {
	for _, r := range sel.reqs {
		v, ok := labels[r.key]
		switch r.op {
		case "=":
			if !ok || v != r.value {
				return false
			}
		case "!=":
			if ok && v == r.value {
				return false
			}
		case "exists":
			if !ok {
				return false
			}
		case "!exists":
			if ok {
				return false
			}
		}
	}
	return true
}

func quote(s string) string { return `"` + s + `"` }
