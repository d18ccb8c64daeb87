package config

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/podmux/podmux/internal/editdist"
)

// Problem is one thing wrong in the file, at a key path such as ui.keys.prefix.zoom. Load turns
// it into "line N: path: message".
type Problem struct {
	Path []string
	Msg  string
}

// Check is a validation config cannot do alone: the UI's key map checks ui.keys and ui.prefix
// (config imports no podmux package). Load and Parse run the checks they are given after their
// own validation, so `podmux config check` and startup report the same problems.
type Check func(*Config) []Problem

// Errors is every problem of one file, each "line N: key: what is wrong and the accepted
// form", in line order. Error prints one problem a line.
type Errors []string

func (e Errors) Error() string { return strings.Join(e, "\n") }

// yamlTypeError is one message of a yaml.TypeError.
var (
	typeErrRe  = regexp.MustCompile("^line (\\d+): cannot unmarshal (\\S+)(?: `(.*)`)? into (\\S+)$")
	fieldErrRe = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
)

// keyIndex maps the lines of a YAML document to key paths: the key written on a line, and the
// key whose value starts on a line.
type keyIndex struct{ byKeyLine, byValueLine map[int][]string }

func indexKeys(root *yaml.Node) keyIndex {
	ix := keyIndex{map[int][]string{}, map[int][]string{}}
	var walk func(n *yaml.Node, path []string)
	walk = func(n *yaml.Node, path []string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := append(append([]string(nil), path...), n.Content[i].Value)
				if _, ok := ix.byKeyLine[n.Content[i].Line]; !ok {
					ix.byKeyLine[n.Content[i].Line] = p
				}
				if _, ok := ix.byValueLine[n.Content[i+1].Line]; !ok || n.Content[i+1].Kind == yaml.ScalarNode {
					ix.byValueLine[n.Content[i+1].Line] = p
				}
				walk(n.Content[i+1], p)
			}
		}
	}
	walk(root, nil)
	return ix
}

// explainTypeErrors turns yaml.v3's type errors ("line 12: cannot unmarshal !!str `3d` into
// time.Duration") into messages that name the key and the accepted form ("line 12:
// recording.max_age: "3d" is not a duration; write it like max_age: 72h").
func explainTypeErrors(msgs []string, root *yaml.Node) []string {
	ix := indexKeys(root)
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		if g := fieldErrRe.FindStringSubmatch(m); g != nil {
			line, _ := strconv.Atoi(g[1])
			path := ix.byKeyLine[line]
			if len(path) == 0 {
				path = []string{g[2]}
			}
			out = append(out, fmt.Sprintf("line %d: %s: %s", line, strings.Join(path, "."), unknownKey(path)))
			continue
		}
		if g := typeErrRe.FindStringSubmatch(m); g != nil {
			line, _ := strconv.Atoi(g[1])
			path := ix.byValueLine[line]
			if len(path) == 0 {
				out = append(out, m)
				continue
			}
			out = append(out, fmt.Sprintf("line %d: %s: %s", line, strings.Join(path, "."), wrongValue(path, g[2], g[3], g[4])))
			continue
		}
		out = append(out, m)
	}
	return out
}

// unknownKey says which keys the parent of path takes, the nearest first.
func unknownKey(path []string) string {
	t, ok := typeAt(reflect.TypeOf(Config{}), path[:len(path)-1])
	if !ok || t.Kind() != reflect.Struct {
		return "unknown key"
	}
	var names []string
	for i := range t.NumField() {
		if tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]; tag != "" && tag != "-" {
			names = append(names, tag)
		}
	}
	name := path[len(path)-1]
	best, bestD := "", -1
	for _, n := range names {
		if d := editdist.Distance(name, n); bestD < 0 || d < bestD {
			best, bestD = n, d
		}
	}
	where := "the top level"
	if len(path) > 1 {
		where = strings.Join(path[:len(path)-1], ".")
		if path[0] == "profiles" && len(path) == 3 {
			where = "a profile"
		}
	}
	msg := "unknown key"
	if bestD >= 0 && bestD <= max(2, len(name)/3) {
		msg += fmt.Sprintf("; did you mean %s?", best)
	}
	sort.Strings(names)
	return msg + fmt.Sprintf(" (%s takes %s)", where, strings.Join(names, ", "))
}

// wrongValue explains a value of the wrong type at path, with an example of the accepted form.
func wrongValue(path []string, tag, value, goType string) string {
	key := path[len(path)-1]
	got := "this value"
	if value != "" {
		got = strconv.Quote(value)
	} else if tag == "!!map" {
		got = "a mapping"
	} else if tag == "!!seq" {
		got = "a list"
	}
	example := func(v string) string { return fmt.Sprintf("write it like %s: %s", key, v) }
	switch goType {
	case "time.Duration":
		if d, ok := days(value); ok {
			return fmt.Sprintf("%s is not a duration (no d unit); %s", got, example(d))
		}
		return fmt.Sprintf("%s is not a duration; %s (units h, m, s, ms)", got, example(defaultAt(path, "30s")))
	case "config.ByteSize":
		return fmt.Sprintf("%s is not a size; %s (units KiB, MiB, GiB, TiB, KB, MB, GB, TB)", got, example(defaultAt(path, "1GiB")))
	case "int", "int64":
		return fmt.Sprintf("%s is not a whole number; %s", got, example(defaultAt(path, "5")))
	case "bool":
		return fmt.Sprintf("%s is not true or false; %s", got, example(defaultAt(path, "true")))
	case "[]string":
		if len(path) == 3 && path[0] == "ui" && path[1] == "keys" {
			return fmt.Sprintf("keys are a list; %s", example(`["z"]`))
		}
		return fmt.Sprintf("%s is not a list; %s", got, example(defaultAt(path, "[a, b]")))
	case "string", "config.Secret", "secret.Secret":
		return fmt.Sprintf("%s is not text; %s", got, example(defaultAt(path, "text")))
	}
	if strings.HasPrefix(goType, "map[") || strings.HasPrefix(goType, "config.") {
		return fmt.Sprintf("%s is not a mapping: put its keys on the lines below %s:, indented", got, key)
	}
	return fmt.Sprintf("%s is not a %s", got, goType)
}

var daysRe = regexp.MustCompile(`^(\d+)d$`)

// days converts "3d" to "72h".
func days(v string) (string, bool) {
	g := daysRe.FindStringSubmatch(v)
	if g == nil {
		return "", false
	}
	n, err := strconv.Atoi(g[1])
	if err != nil || n > 1_000_000 {
		return "", false
	}
	return strconv.Itoa(n*24) + "h", true
}

// typeAt is the Go type the key path decodes into.
func typeAt(t reflect.Type, path []string) (reflect.Type, bool) {
	for _, k := range path {
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			f, ok := fieldByTag(t, k)
			if !ok {
				return nil, false
			}
			t = f.Type
		default:
			return nil, false
		}
	}
	return t, true
}

func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0] == tag {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// defaultAt is the default value at path written as in the file, or fallback when there is none.
func defaultAt(path []string, fallback string) string {
	v := reflect.ValueOf(*Default())
	for _, k := range path {
		if v.Kind() != reflect.Struct {
			return fallback
		}
		f, ok := fieldByTag(v.Type(), k)
		if !ok {
			return fallback
		}
		v = v.FieldByIndex(f.Index)
	}
	switch x := v.Interface().(type) {
	case time.Duration:
		if x > 0 {
			return shortDuration(x)
		}
	case ByteSize:
		if x > 0 {
			return x.String()
		}
	case int:
		return strconv.Itoa(x)
	case bool:
		return strconv.FormatBool(x)
	case []string:
		if len(x) > 0 {
			return "[" + strings.Join(x, ", ") + "]"
		}
	case string:
		if x != "" {
			return x
		}
	}
	return fallback
}

// shortDuration writes 720h rather than 720h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// asTypeError wraps one message the way yaml.v3 collects it, so decoding goes on and every
// problem of the file is reported at once.
func asTypeError(msg string) error { return &yaml.TypeError{Errors: []string{msg}} }
