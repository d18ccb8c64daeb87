package session

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// LogView is how a log session renders its lines. The zero value shows every line as it came,
// wrapped, without timestamps.
type LogView struct {
	JSON       bool           // a line that is a JSON object shows as "time level message key=value…"
	Timestamps bool           // each line starts with the server's timestamp
	NoWrap     bool           // long lines are cut at the pane's edge instead of wrapped
	Include    *regexp.Regexp // when set, only lines matching it show (stern --include)
	Exclude    *regexp.Regexp // when set, lines matching it are hidden (stern --exclude)
}

// Shows reports whether the filters let a line's text through.
func (v LogView) Shows(text string) bool {
	if v.Include != nil && !v.Include.MatchString(text) {
		return false
	}
	return v.Exclude == nil || !v.Exclude.MatchString(text)
}

// Append appends the terminal bytes of one line (no line break): prefix, then the timestamp
// when asked, then the text, structured when it is JSON and the view asks for it. The text's
// control sequences other than SGR colours are dropped, so a log cannot move the cursor or
// switch screens.
func (v LogView) Append(buf []byte, prefix string, l LogLine) []byte {
	buf = append(buf, prefix...)
	if v.Timestamps {
		if l.Time.IsZero() {
			buf = append(buf, "\x1b[2m-\x1b[m "...)
		} else {
			buf = append(buf, "\x1b[2m"...)
			buf = l.Time.UTC().AppendFormat(buf, "2006-01-02T15:04:05.000Z")
			buf = append(buf, "\x1b[m "...)
		}
	}
	if v.JSON {
		if s, ok := StructuredJSON(l.Text); ok {
			return append(buf, s...)
		}
	}
	return append(append(buf, sanitizeLog(l.Text)...), "\x1b[m"...)
}

// Keys a JSON log line's time, level and message go by, in the spellings of common encoders
// (slog, zap, logrus, zerolog, logback/logstash, bunyan, ECS).
var (
	jsonTimeKeys  = []string{"time", "ts", "timestamp", "@timestamp", "t", "date"}
	jsonLevelKeys = []string{"level", "lvl", "severity", "log.level", "loglevel", "levelname"}
	jsonMsgKeys   = []string{"msg", "message", "@message", "log", "text"}
)

// StructuredJSON renders a line that is one JSON object as "time LEVEL message key=value…"
// (time as 15:04:05.000 UTC when it parses, the level coloured by severity, the other keys in
// their order); ok is false for anything else, which callers show unchanged.
func StructuredJSON(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if len(t) < 2 || t[0] != '{' || t[len(t)-1] != '}' {
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(t))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "", false
	}
	type field struct {
		k string
		v json.RawMessage
	}
	var fields []field
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		k, ok := tok.(string)
		if !ok {
			return "", false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return "", false
		}
		fields = append(fields, field{k, v})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') || dec.More() {
		return "", false
	}
	take := func(keys []string) (json.RawMessage, bool) {
		for _, k := range keys {
			for i, f := range fields {
				if strings.EqualFold(f.k, k) {
					fields = append(fields[:i], fields[i+1:]...)
					return f.v, true
				}
			}
		}
		return nil, false
	}
	var b strings.Builder
	if v, ok := take(jsonTimeKeys); ok {
		b.WriteString("\x1b[2m" + jsonTime(v) + "\x1b[m ")
	}
	if v, ok := take(jsonLevelKeys); ok {
		lv := strings.ToUpper(jsonScalar(v))
		b.WriteString("\x1b[" + levelColor(lv) + "m")
		b.WriteString(lv)
		b.WriteString("\x1b[m")
		for i := utf8.RuneCountInString(lv); i < 5; i++ {
			b.WriteByte(' ')
		}
		b.WriteByte(' ')
	}
	if v, ok := take(jsonMsgKeys); ok {
		b.WriteString(sanitizeLog(jsonScalar(v)))
	}
	for _, f := range fields {
		b.WriteString(" \x1b[36m" + sanitizeLog(f.k) + "\x1b[m=")
		s := jsonScalar(f.v)
		if isString := len(f.v) > 0 && f.v[0] == '"'; isString && (s == "" || strings.ContainsAny(s, " \t\"=")) {
			s = strconv.Quote(s)
		}
		b.WriteString(sanitizeLog(s))
	}
	return b.String(), true
}

// jsonScalar is a JSON value as text: a string unquoted, anything else compact JSON.
func jsonScalar(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	var c bytes.Buffer
	if json.Compact(&c, v) == nil {
		return c.String()
	}
	return string(v)
}

// jsonTime shows a time value as 15:04:05.000 (UTC) when it is RFC 3339 or Unix seconds or
// milliseconds, else as it is.
func jsonTime(v json.RawMessage) string {
	s := jsonScalar(v)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format("15:04:05.000")
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 {
		if f > 1e11 { // milliseconds
			f /= 1000
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC().Format("15:04:05.000")
	}
	return s
}

// levelColor is the SGR colour of a log level.
func levelColor(lv string) string {
	switch {
	case strings.HasPrefix(lv, "ERR"), strings.HasPrefix(lv, "FATAL"), strings.HasPrefix(lv, "PANIC"),
		strings.HasPrefix(lv, "CRIT"), strings.HasPrefix(lv, "EMERG"), strings.HasPrefix(lv, "ALERT"):
		return "1;31"
	case strings.HasPrefix(lv, "WARN"):
		return "33"
	case strings.HasPrefix(lv, "INFO"), strings.HasPrefix(lv, "NOTICE"):
		return "32"
	case strings.HasPrefix(lv, "DEBUG"), strings.HasPrefix(lv, "TRACE"):
		return "94"
	}
	return "35"
}

// containerColor is the SGR colour of the nth container's [name] prefix.
func containerColor(n int) string {
	return []string{"36", "35", "33", "32", "34", "91", "96", "95"}[n%8]
}

// sanitizeLog drops control characters and escape sequences from log text, keeping tabs and
// SGR colour sequences (ESC [ … m), which many programs use in their logs.
func sanitizeLog(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' || c == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0x1b:
			if i+1 < len(s) && s[i+1] == '[' {
				j := i + 2
				for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
					j++
				}
				if j < len(s) && s[j] == 'm' {
					b.WriteString(s[i : j+1])
					i = j
					continue
				}
				// Another CSI: skip to its final byte.
				for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
					j++
				}
				i = j
				continue
			}
			i++ // drop ESC and the next byte
		case c == '\t':
			b.WriteByte(c)
		case c < 0x20 || c == 0x7f:
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
