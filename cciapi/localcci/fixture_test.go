package localcci

import (
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
)

func TestDefaultFixtureVariety(t *testing.T) {
	fx := DefaultFixture()
	if err := fx.Validate(); err != nil {
		t.Fatal(err)
	}
	nss, pods := fx.build(time.Now())
	if len(nss) != 3 {
		t.Fatalf("%d namespaces, want 3", len(nss))
	}
	statuses := map[string]int{}
	execable, annotatedMulti, plainMulti := 0, 0, 0
	s := &Server{store: newStoreFrom(nss, pods, 10)}
	for ns, ps := range pods {
		for _, p := range ps {
			statuses[cciapi.PodStatusText(&p)]++
			if n := len(p.Spec.Containers); n < 1 || n > 3 {
				t.Errorf("%s has %d containers", p.Metadata.Name, n)
			}
			if len(p.Spec.Containers) > 1 {
				if cciapi.DefaultContainer(&p) != "" {
					annotatedMulti++
				} else {
					plainMulti++
				}
			}
			if _, _, err := s.findContainer(ns, p.Metadata.Name, ""); err == nil {
				execable++
			}
			if p.Metadata.CreationTimestamp.IsZero() || len(p.Metadata.Labels) == 0 {
				t.Errorf("%s lacks a creation time or labels", p.Metadata.Name)
			}
		}
	}
	for _, want := range []string{"Running", "ContainerCreating", "Completed", "Error", "CrashLoopBackOff"} {
		if statuses[want] == 0 {
			t.Errorf("no pod shows %s; statuses %v", want, statuses)
		}
	}
	if execable < 6 || annotatedMulti == 0 || plainMulti == 0 {
		t.Errorf("%d exec-able pods (want ≥6), %d annotated and %d plain multi-container pods (want ≥1 each)", execable, annotatedMulti, plainMulti)
	}
}

func TestLoadFixtureExample(t *testing.T) {
	fx, err := LoadFixture("testdata/fixture.yaml")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	_, pods := fx.build(start)
	api := pods["team-a"][0]
	if api.Metadata.Annotations[cciapi.DefaultContainerAnnotation] != "api" || api.Spec.NodeName != "node-1" ||
		!api.Metadata.CreationTimestamp.Equal(start.Add(-54*time.Hour)) || cciapi.PodStatusText(&api) != "Running" {
		t.Fatalf("api pod: %+v", api)
	}
	w := pods["team-a"][1]
	if cciapi.PodStatusText(&w) != "CrashLoopBackOff" || cciapi.PodRestarts(&w) != 3 || w.Status.PodIP != "10.0.9.9" {
		t.Fatalf("worker pod: status %s, restarts %d, ip %s", cciapi.PodStatusText(&w), cciapi.PodRestarts(&w), w.Status.PodIP)
	}
	if b := pods["team-b"][0]; cciapi.PodStatusText(&b) != "Completed" {
		t.Fatalf("backup pod status %s", cciapi.PodStatusText(&b))
	}
	if sh := pods["team-b"][1]; sh.Spec.Containers[0].Image != "busybox:1.36" || sh.Spec.Containers[0].Command[0] != "/bin/sh" {
		t.Fatalf("shell pod container %+v", sh.Spec.Containers[0])
	}
}

func TestParseFixtureErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "namespaces:\n  - name: a\n    pods:\n      - name: p\n        colour: red\n", `f.yaml:5: unknown key "colour" in a pod`},
		{"bad phase", "namespaces:\n  - name: a\n    pods:\n      - name: p\n        phase: Exploded\n        containers: [{name: c}]\n", `f.yaml:5: phase "Exploded" is not one of`},
		{"bad default container", "namespaces:\n  - name: a\n    pods:\n      - name: p\n        containers: [{name: c}]\n        defaultContainer: x\n", `f.yaml:6: defaultContainer "x" names no container`},
		{"duplicate pod", "namespaces:\n  - name: a\n    pods:\n      - name: p\n        containers: [{name: c}]\n      - name: p\n        containers: [{name: c}]\n", `f.yaml:6: pod "p" appears twice`},
		{"bad age", "namespaces:\n  - name: a\n    pods:\n      - name: p\n        age: soon\n        containers: [{name: c}]\n", `f.yaml:5: age "soon"`},
		{"no containers", "namespaces:\n  - name: a\n    pods:\n      - name: p\n", `f.yaml:4: pod "p" has no containers`},
		{"bad state", "namespaces:\n  - name: a\n    pods:\n      - name: p\n        containers:\n          - name: c\n            state: asleep\n", `f.yaml:7: state "asleep"`},
		{"bad log", "namespaces:\n  - name: a\n    pods:\n      - name: p\n        containers:\n          - name: c\n            log: xml\n", `f.yaml:7: log "xml" is not one of text, json, counter`},
		{"wrong type", "namespaces:\n  - name: a\n    pods: 3\n", "f.yaml:3: cannot unmarshal"},
		{"empty", "", "f.yaml: the fixture is empty"},
		{"no namespaces", "namespaces: []\n", "f.yaml:1: the fixture has no namespaces"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFixture("f.yaml", []byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseAge(t *testing.T) {
	for s, want := range map[string]time.Duration{"": 0, "90s": 90 * time.Second, "2d": 48 * time.Hour, "1d12h": 36 * time.Hour, "5h3m": 5*time.Hour + 3*time.Minute} {
		if got, err := parseAge(s); err != nil || got != want {
			t.Errorf("parseAge(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"d", "-1d", "3x", "1d-2h", "99999999999d"} {
		if _, err := parseAge(s); err == nil {
			t.Errorf("parseAge(%q) accepted", s)
		}
	}
}

// FuzzParseFixture: any input gives a fixture that builds, or an error; never a panic.
func FuzzParseFixture(f *testing.F) {
	f.Add([]byte("namespaces:\n  - name: a\n    pods:\n      - name: p\n        age: 1d2h\n        containers: [{name: c, state: waiting}]\n"))
	f.Add([]byte("namespaces: [{name: a, pods: [{name: p, defaultContainer: c, containers: [{name: c}]}]}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fx, err := ParseFixture("f", b)
		if err == nil {
			fx.build(time.Now())
		}
	})
}

// FuzzRequestParsers: label selectors and continue tokens from clients never panic.
func FuzzRequestParsers(f *testing.F) {
	f.Add("app=web,tier!=db,!x,y", encodeToken(3, 7))
	f.Fuzz(func(t *testing.T, sel, tok string) {
		if s, err := parseSelector(sel); err == nil {
			s.matches(map[string]string{"app": "web"})
		}
		_, _, _ = decodeToken(tok)
	})
}
