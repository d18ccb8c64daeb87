package cli_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain removes the podmux binary podmuxBinary built for the run (issue 15 item 11: test
// runs left podmux-* directories in the temporary directory).
func TestMain(m *testing.M) {
	code := m.Run()
	if buildErr == nil && binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
