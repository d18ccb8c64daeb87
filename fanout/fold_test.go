package fanout

import (
	"fmt"
	"testing"
)

func TestFold(t *testing.T) {
	web := func(ns ...int) []string {
		var out []string
		for _, n := range ns {
			out = append(out, fmt.Sprintf("web-%d", n))
		}
		return out
	}
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{web(0, 1, 2, 3, 4, 5, 7), "web-[0-5,7]"},
		{web(7, 5, 3, 10, 4, 2, 1, 0), "web-[0-5,7,10]"},
		{web(3), "web-3"},
		{[]string{"cart-5c6b7d9f8-x2kqp", "cart-5c6b7d9f8-qw8rt"}, "cart-5c6b7d9f8-{qw8rt,x2kqp}"},
		{[]string{"cart-5c6b7d9f8-qw8rt", "web-1", "web-2", "redis"}, "cart-5c6b7d9f8-qw8rt,redis,web-[1-2]"},
		{[]string{"node-01", "node-02", "node-03", "node-10"}, "node-[01-03,10]"},
		{[]string{"shop/web-1", "shop/web-2", "data/web-1"}, "data/web-1,shop/web-[1-2]"},
		{[]string{"a", "a", "b"}, "a,b"},
		{nil, ""},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestGroupsOrderAndDiff(t *testing.T) {
	var rs []Result
	for i := range 20 {
		r := Result{Target: Target{Pod: fmt.Sprintf("web-%d", i)}, State: Exited, Stdout: []byte("1.4.2\n")}
		switch i {
		case 3:
			r.Stdout = []byte("1.4.1\n")
		case 7:
			r.Stdout, r.Stderr, r.ExitCode = nil, []byte("cat: VERSION: No such file or directory\n"), 1
		case 9:
			r.Stdout = []byte("1.4.1\n")
		}
		rs = append(rs, r)
	}
	gs := Groups(rs, func(r Result) string { return r.Pod })
	if len(gs) != 3 {
		t.Fatalf("%d groups, want 3", len(gs))
	}
	for i, want := range []string{"web-[0-2,4-6,8,10-19]", "web-[3,9]", "web-7"} {
		if got := gs[i].Folded(); got != want {
			t.Errorf("group %d: %q, want %q", i, got, want)
		}
	}
	d := Diff(gs[0], gs[1])
	for _, want := range []string{"--- web-[0-2,4-6,8,10-19]", "+++ web-[3,9]", "-1.4.2", "+1.4.1"} {
		if !contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	if d := Diff(gs[0], gs[2]); !contains(d, "+[exit 1]") || !contains(d, "+cat: VERSION: No such file") {
		t.Errorf("diff of the failing pod:\n%s", d)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
