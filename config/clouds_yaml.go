package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"
)

// cloudsAuth is the auth: block of a clouds.yaml entry (OpenStack keys plus OTC's ak/sk).
type cloudsAuth struct {
	AuthURL           string `yaml:"auth_url"`
	Username          string `yaml:"username"`
	UserID            string `yaml:"user_id"`
	Password          Secret `yaml:"password"`
	Token             Secret `yaml:"token"`
	ProjectName       string `yaml:"project_name"`
	ProjectID         string `yaml:"project_id"`
	UserDomainName    string `yaml:"user_domain_name"`
	DomainName        string `yaml:"domain_name"`
	ProjectDomainName string `yaml:"project_domain_name"`
	AK                string `yaml:"ak"`
	SK                Secret `yaml:"sk"`
	SecurityToken     Secret `yaml:"security_token"`
	Passcode          Secret `yaml:"passcode"`
}

type cloudsEntry struct {
	Auth       cloudsAuth `yaml:"auth"`
	RegionName string     `yaml:"region_name"`
	CACert     string     `yaml:"cacert"`
	Verify     *bool      `yaml:"verify"`
}

type cloudsFile struct {
	Clouds map[string]cloudsEntry `yaml:"clouds"`
}

// findCloudsFile returns the first clouds.yaml (or secure.yaml, by base name) in
// OS_CLIENT_CONFIG_FILE's directory override, ./, ~/.config/openstack, /etc/openstack.
func findCloudsFile(e Env, base string) string {
	if base == "clouds.yaml" {
		if f := e.get("OS_CLIENT_CONFIG_FILE"); f != "" {
			return f
		}
	}
	var dirs []string
	if e.Dir != "" {
		dirs = append(dirs, e.Dir)
	}
	if e.Home != "" {
		dirs = append(dirs, filepath.Join(e.Home, ".config", "openstack"))
	}
	if e.SystemConfigDir != "" {
		dirs = append(dirs, filepath.Join(e.SystemConfigDir, "openstack"))
	}
	for _, d := range dirs {
		for _, ext := range []string{".yaml", ".yml"} {
			p := filepath.Join(d, base[:len(base)-len(".yaml")]+ext)
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

// readClouds reads one clouds.yaml-shaped file; a missing file gives nil, nil.
func readClouds(path string) (*cloudsFile, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f cloudsFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %v", path, cleanYAMLError(err))
	}
	return &f, nil
}

// loadCloud returns clouds.yaml's entry name with secure.yaml's entry merged over it (secure.yaml
// fills only what it sets), the files used, and warnings about loose permissions.
func loadCloud(e Env, name string) (*cloudsEntry, []string, []string, error) {
	cpath := findCloudsFile(e, "clouds.yaml")
	cf, err := readClouds(cpath)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("clouds.yaml: %v", err)
	}
	if cf == nil {
		return nil, nil, nil, fmt.Errorf("OS_CLOUD=%s but no clouds.yaml was found in ./, ~/.config/openstack or /etc/openstack (or OS_CLIENT_CONFIG_FILE)", name)
	}
	entry, ok := cf.Clouds[name]
	if !ok {
		return nil, nil, nil, fmt.Errorf("OS_CLOUD=%s but %s has no cloud of that name", name, cpath)
	}
	files := []string{cpath}
	spath := findCloudsFile(e, "secure.yaml")
	sf, err := readClouds(spath)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("secure.yaml: %v", err)
	}
	if sf != nil {
		if s, ok := sf.Clouds[name]; ok {
			mergeCloud(&entry, s)
			files = append(files, spath)
		}
	}
	var warns []string
	a := entry.Auth
	if a.Password != "" || a.SK != "" || a.Token != "" || a.SecurityToken != "" {
		for _, f := range files {
			if w := looseModeWarning(f); w != "" {
				warns = append(warns, w)
			}
		}
	}
	return &entry, files, warns, nil
}

func mergeCloud(dst *cloudsEntry, src cloudsEntry) {
	set := func(d *string, s string) {
		if s != "" {
			*d = s
		}
	}
	setS := func(d *Secret, s Secret) {
		if s != "" {
			*d = s
		}
	}
	a, b := &dst.Auth, src.Auth
	set(&a.AuthURL, b.AuthURL)
	set(&a.Username, b.Username)
	set(&a.UserID, b.UserID)
	setS(&a.Password, b.Password)
	setS(&a.Token, b.Token)
	set(&a.ProjectName, b.ProjectName)
	set(&a.ProjectID, b.ProjectID)
	set(&a.UserDomainName, b.UserDomainName)
	set(&a.DomainName, b.DomainName)
	set(&a.ProjectDomainName, b.ProjectDomainName)
	set(&a.AK, b.AK)
	setS(&a.SK, b.SK)
	setS(&a.SecurityToken, b.SecurityToken)
	setS(&a.Passcode, b.Passcode)
	set(&dst.RegionName, src.RegionName)
	set(&dst.CACert, src.CACert)
	if src.Verify != nil {
		dst.Verify = src.Verify
	}
}
