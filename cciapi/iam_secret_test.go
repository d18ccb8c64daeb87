package cciapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func sprintf(f string, a ...any) string { return fmt.Sprintf(f, a...) }

func TestSecretRedacts(t *testing.T) {
	s := Secret("tok-SECRET")
	wrapped := fmt.Errorf("outer: %w", fmt.Errorf("token %v rejected", s))
	b, _ := json.Marshal(map[string]any{"t": s})
	outs := []string{fmt.Sprintf("%v|%+v|%#v|%s|%q|%x|%d", s, s, s, s, s, s, s), wrapped.Error(), string(b), fmt.Sprint(s), fmt.Sprintln(s)}
	for _, o := range outs {
		if strings.Contains(o, "tok-SECRET") || !strings.Contains(o, Redacted) {
			t.Fatalf("not redacted: %s", o)
		}
	}
}
