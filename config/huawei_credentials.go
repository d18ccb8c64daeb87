package config

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// huaweiCreds are the keys podmux reads from ~/.huaweicloud/credentials.
type huaweiCreds struct {
	AK, ProjectID string
	SK, SecToken  Secret
	Path, Section string
}

// readHuaweiCredentials reads the INI file ~/.huaweicloud/credentials: keys ak, sk, project_id
// and security_token, from section [default] or from keys before any section. A missing file
// gives nil, nil; a file with ak but no sk is an error naming the line.
func readHuaweiCredentials(e Env) (*huaweiCreds, error) {
	if e.Home == "" {
		return nil, nil
	}
	path := filepath.Join(e.Home, ".huaweicloud", "credentials")
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sections := map[string]map[string]string{"": {}}
	akLine := map[string]int{}
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' {
			if !strings.HasSuffix(line, "]") {
				return nil, fmt.Errorf("%s line %d: section header %q lacks ']'", path, ln, line)
			}
			cur = strings.TrimSpace(line[1 : len(line)-1])
			if sections[cur] == nil {
				sections[cur] = map[string]string{}
			}
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("%s line %d: expected key = value", path, ln)
		}
		k = strings.ToLower(strings.TrimSpace(k))
		sections[cur][k] = strings.TrimSpace(v)
		if k == "ak" {
			akLine[cur] = ln
		}
	}
	sec := "default"
	m := sections[sec]
	if m["ak"] == "" {
		sec, m = "", sections[""]
	}
	if m["ak"] == "" && m["sk"] == "" {
		return nil, nil
	}
	if m["ak"] == "" || m["sk"] == "" {
		return nil, fmt.Errorf("%s line %d: give both ak and sk", path, akLine[sec])
	}
	return &huaweiCreds{AK: m["ak"], SK: Secret(m["sk"]), ProjectID: m["project_id"], SecToken: Secret(m["security_token"]), Path: path, Section: sec}, nil
}
