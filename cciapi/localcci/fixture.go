package localcci

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Fixture is the server's initial state: namespaces and their pods. It is written in Go
// (DefaultFixture) or loaded from YAML (LoadFixture). The YAML schema, all keys optional unless
// marked:
//
//	namespaces:
//	  - name: shop                    # required, a DNS label
//	    labels: {team: web}
//	    pods:
//	      - name: web-0               # required, unique in the namespace
//	        labels: {app: web}
//	        annotations: {owner: me}
//	        defaultContainer: nginx   # sets kubectl.kubernetes.io/default-container; must name a container
//	        age: 3d4h                 # creation time = server start minus age (Go duration, plus "d")
//	        node: node-1              # spec.nodeName
//	        ip: 10.0.0.12             # status.podIP (default: generated unless Pending)
//	        phase: Running            # Running (default) | Pending | Succeeded | Failed | Unknown
//	        reason: Evicted           # status.reason (overrides phase in the STATUS column)
//	        message: ...
//	        files: {VERSION: "2.4.1\n"}  # written into the pod's working directory at its first exec
//	                                  # (relative paths; a file starting with "#!" is executable)
//	        containers:               # required, at least one
//	          - name: nginx           # required, unique in the pod
//	            image: nginx:1.27
//	            command: [nginx, -g, daemon off;]
//	            state: running        # running | waiting | terminated (default: from the phase)
//	            reason: CrashLoopBackOff  # waiting or terminated reason (default: from the phase)
//	            message: ...
//	            exitCode: 1           # terminated only
//	            restarts: 4
//	            ready: true           # default: state is running
//	            log: json             # text | json | counter (default: from the image)
//
// Unknown keys are errors that name their line.
type Fixture struct {
	Namespaces []FixtureNamespace `yaml:"namespaces"`
}

// FixtureNamespace is a namespace and its pods.
type FixtureNamespace struct {
	Name   string            `yaml:"name"`
	Labels map[string]string `yaml:"labels"`
	Pods   []FixturePod      `yaml:"pods"`
}

// FixturePod is a pod of the fixture; see Fixture for the meaning of each field.
type FixturePod struct {
	Name             string             `yaml:"name"`
	Labels           map[string]string  `yaml:"labels"`
	Annotations      map[string]string  `yaml:"annotations"`
	DefaultContainer string             `yaml:"defaultContainer"`
	Age              string             `yaml:"age"`
	Node             string             `yaml:"node"`
	IP               string             `yaml:"ip"`
	Phase            string             `yaml:"phase"`
	Reason           string             `yaml:"reason"`
	Message          string             `yaml:"message"`
	Files            map[string]string  `yaml:"files"`
	Containers       []FixtureContainer `yaml:"containers"`
}

// FixtureContainer is a container of a fixture pod; see Fixture.
type FixtureContainer struct {
	Name     string   `yaml:"name"`
	Image    string   `yaml:"image"`
	Command  []string `yaml:"command"`
	State    string   `yaml:"state"`
	Reason   string   `yaml:"reason"`
	Message  string   `yaml:"message"`
	ExitCode int32    `yaml:"exitCode"`
	Restarts int32    `yaml:"restarts"`
	Ready    *bool    `yaml:"ready"`
	Log      string   `yaml:"log"`
}

// LoadFixture reads and validates a YAML fixture file. Errors name the file and line.
func LoadFixture(path string) (*Fixture, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("fixture: %w", err)
	}
	return ParseFixture(path, data)
}

// ParseFixture decodes and validates a YAML fixture; name prefixes error messages
// ("name:line: what is wrong"). Unknown keys, wrong types and invalid values are errors.
func ParseFixture(name string, data []byte) (*Fixture, error) {
	var fx Fixture
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fx); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: the fixture is empty: it needs a namespaces: list", name)
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msgs := make([]string, 0, len(te.Errors))
			for _, e := range te.Errors {
				msgs = append(msgs, yamlMessage(name, e))
			}
			return nil, errors.New(strings.Join(msgs, "; "))
		}
		return nil, errors.New(yamlMessage(name, strings.TrimPrefix(err.Error(), "yaml: ")))
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if err := fx.Validate(); err != nil {
		var fe *fieldError
		if errors.As(err, &fe) {
			if line := nodeLine(&root, fe.path); line > 0 {
				return nil, fmt.Errorf("%s:%d: %s", name, line, fe.msg)
			}
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return &fx, nil
}

var (
	yamlLineRE    = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlUnknownRE = regexp.MustCompile(`^field (\S+) not found in type localcci\.Fixture(\w*)$`)
)

// yamlMessage rewrites one of the YAML decoder's messages as "name:line: what is wrong".
func yamlMessage(name, msg string) string {
	m := yamlLineRE.FindStringSubmatch(msg)
	if m == nil {
		return name + ": " + msg
	}
	if u := yamlUnknownRE.FindStringSubmatch(m[2]); u != nil {
		where := map[string]string{"": "at the top level", "Namespace": "in a namespace", "Pod": "in a pod", "Container": "in a container"}[u[2]]
		return fmt.Sprintf("%s:%s: unknown key %q %s (see the schema on localcci.Fixture)", name, m[1], u[1], where)
	}
	return name + ":" + m[1] + ": " + m[2]
}

// fieldError is a validation error at a path like [namespaces 0 pods 2 phase].
type fieldError struct {
	path []any
	msg  string
}

func (e *fieldError) Error() string {
	var b strings.Builder
	for _, p := range e.path {
		switch p := p.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", p)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, p)
		}
	}
	return b.String() + ": " + e.msg
}

func ferr(msg string, path ...any) error { return &fieldError{path: path, msg: msg} }

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// Validate checks names (DNS labels, unique), phases, states, ages and default containers.
func (fx *Fixture) Validate() error {
	if len(fx.Namespaces) == 0 {
		return ferr("the fixture has no namespaces", "namespaces")
	}
	seenNS := map[string]bool{}
	for i, n := range fx.Namespaces {
		if !dnsLabel.MatchString(n.Name) {
			return ferr(fmt.Sprintf("namespace name %q is not a DNS label (lower-case letters, digits, '-')", n.Name), "namespaces", i, "name")
		}
		if seenNS[n.Name] {
			return ferr(fmt.Sprintf("namespace %q appears twice", n.Name), "namespaces", i, "name")
		}
		seenNS[n.Name] = true
		seenPod := map[string]bool{}
		for j, p := range n.Pods {
			at := []any{"namespaces", i, "pods", j}
			if !dnsLabel.MatchString(p.Name) {
				return ferr(fmt.Sprintf("pod name %q is not a DNS label", p.Name), append(at, "name")...)
			}
			if seenPod[p.Name] {
				return ferr(fmt.Sprintf("pod %q appears twice in namespace %s", p.Name, n.Name), append(at, "name")...)
			}
			seenPod[p.Name] = true
			if err := p.validate(at); err != nil {
				return err
			}
		}
	}
	return nil
}

var phases = []string{"Running", "Pending", "Succeeded", "Failed", "Unknown"}

func (p *FixturePod) validate(at []any) error {
	if p.Phase != "" && !slices.Contains(phases, p.Phase) {
		return ferr(fmt.Sprintf("phase %q is not one of %s", p.Phase, strings.Join(phases, ", ")), append(at, "phase")...)
	}
	if _, err := parseAge(p.Age); err != nil {
		return ferr(err.Error(), append(at, "age")...)
	}
	if len(p.Containers) == 0 {
		return ferr(fmt.Sprintf("pod %q has no containers", p.Name), append(at, "name")...)
	}
	for name := range p.Files {
		if !filepath.IsLocal(name) {
			return ferr(fmt.Sprintf("file %q is not a relative path inside the pod's directory", name), append(at, "files")...)
		}
	}
	seen := map[string]bool{}
	for k, c := range p.Containers {
		cat := append(append([]any{}, at...), "containers", k)
		if !dnsLabel.MatchString(c.Name) {
			return ferr(fmt.Sprintf("container name %q is not a DNS label", c.Name), append(cat, "name")...)
		}
		if seen[c.Name] {
			return ferr(fmt.Sprintf("container %q appears twice in pod %s", c.Name, p.Name), append(cat, "name")...)
		}
		seen[c.Name] = true
		switch c.State {
		case "", "running", "waiting", "terminated":
		default:
			return ferr(fmt.Sprintf("state %q is not one of running, waiting, terminated", c.State), append(cat, "state")...)
		}
		switch c.Log {
		case "", LogText, LogJSON, LogCounter:
		default:
			return ferr(fmt.Sprintf("log %q is not one of text, json, counter", c.Log), append(cat, "log")...)
		}
		if c.Restarts < 0 {
			return ferr("restarts must not be negative", append(cat, "restarts")...)
		}
	}
	if p.DefaultContainer != "" && !seen[p.DefaultContainer] {
		return ferr(fmt.Sprintf("defaultContainer %q names no container of pod %s", p.DefaultContainer, p.Name), append(at, "defaultContainer")...)
	}
	return nil
}

// parseAge reads a Go duration with an optional leading day count ("3d4h", "2d", "90s").
// Empty is zero.
func parseAge(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	var days time.Duration
	rest := s
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || n > 36500 {
			return 0, fmt.Errorf("age %q is not a duration like 90s, 42m, 5h3m or 3d4h (at most 36500d)", s)
		}
		days, rest = time.Duration(n)*24*time.Hour, s[i+1:]
	}
	var d time.Duration
	if rest != "" {
		var err error
		if d, err = time.ParseDuration(rest); err != nil || d < 0 {
			return 0, fmt.Errorf("age %q is not a duration like 90s, 42m, 5h3m or 3d4h", s)
		}
	}
	return days + d, nil
}

// nodeLine follows path (mapping keys and sequence indexes) from a document node and returns the
// line of the deepest node reached, or 0.
func nodeLine(doc *yaml.Node, path []any) int {
	n := doc
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, p := range path {
		var next *yaml.Node
		switch p := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == p {
						line = n.Content[i].Line
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && p < len(n.Content) {
				next = n.Content[p]
			}
		}
		if next == nil {
			return line
		}
		n = next
		if n.Kind != yaml.ScalarNode {
			line = n.Line
		}
	}
	return line
}
