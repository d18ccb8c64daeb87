package config

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSecretRedaction(t *testing.T) {
	const v = "hunter2-very-secret"
	s := Secret(v)
	type holder struct {
		User string
		Pass Secret
		Ptr  *Secret
	}
	h := holder{User: "u", Pass: s, Ptr: &s}
	outs := []string{
		fmt.Sprintf("%v", s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprintf("%s", s), fmt.Sprintf("%q", s), fmt.Sprintf("%x", s), fmt.Sprint(s),
		fmt.Sprintf("%v", h), fmt.Sprintf("%+v", h), fmt.Sprintf("%#v", h), fmt.Sprintf("%v", *h.Ptr),
		fmt.Errorf("login with %v failed", s).Error(), fmt.Errorf("wrapped: %w", fmt.Errorf("%s", s)).Error(),
	}
	j, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outs = append(outs, string(j))
	for i, o := range outs {
		if strings.Contains(o, v) || strings.Contains(o, fmt.Sprintf("%x", v)) {
			t.Errorf("output %d leaks the secret: %s", i, o)
		}
		if !strings.Contains(o, Redacted) && !strings.Contains(o, "0x") {
			t.Errorf("output %d does not say it is redacted: %s", i, o)
		}
	}
	if s.Reveal() != v {
		t.Fatal("Reveal")
	}
	if Secret("").String() != "" {
		t.Fatal("empty secret should print nothing")
	}
}

func TestResolvedNeverPrintsSecrets(t *testing.T) {
	e := testEnv(t, map[string]string{"OS_USERNAME": "bob", "OS_PASSWORD": "pw-SECRET-1", "OS_PROJECT_NAME": "eu-de", "OS_DOMAIN_NAME": "D", "OS_PASSCODE": "999111"})
	r, err := Resolve(context.Background(), Options{Env: e, Token: ""})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{r.String(), fmt.Sprintf("%+v", *r), fmt.Sprintf("%+v", *r.Password), fmt.Sprintf("%#v", *r.Password)} {
		if strings.Contains(o, "pw-SECRET-1") || strings.Contains(o, "999111") {
			t.Fatalf("leak: %s", o)
		}
	}
	b, _ := json.Marshal(r)
	if strings.Contains(string(b), "pw-SECRET-1") {
		t.Fatalf("json leak: %s", b)
	}
}
