package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestTokenCacheModesAndKey(t *testing.T) {
	root := t.TempDir()
	c := TokenCache{Path: filepath.Join(root, "podmux", "tokens", "otc.json"), Key: "iam|alice|D|eu-de|"}
	if _, _, ok := c.LoadToken(); ok {
		t.Fatal("empty cache returned a token")
	}
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := c.StoreToken("tok-1", exp); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(c.Path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %o", st.Mode().Perm())
	}
	dst, _ := os.Stat(filepath.Dir(c.Path))
	if dst.Mode().Perm() != 0o700 {
		t.Fatalf("dir mode %o", dst.Mode().Perm())
	}
	tok, got, ok := c.LoadToken()
	if !ok || tok != "tok-1" || !got.Equal(exp) {
		t.Fatal(tok, got, ok)
	}
	other := TokenCache{Path: c.Path, Key: "iam|mallory|D|eu-de|"}
	if _, _, ok := other.LoadToken(); ok {
		t.Fatal("a token was reused for another identity")
	}
	if err := c.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := c.LoadToken(); ok {
		t.Fatal("removed token still loads")
	}
}
