package fanout

import (
	"slices"
	"strconv"
	"strings"
)

// Fold writes a set of names the way clush and dshbak fold host names: names that differ only
// in a trailing number become a range (web-0 … web-5, web-7 → web-[0-5,7]; zero-padded numbers
// keep their width), and names that share everything up to their last '-' list their different
// tails in braces (cart-5c6b7d9f8-qw8rt, cart-5c6b7d9f8-x2kqp → cart-5c6b7d9f8-{qw8rt,x2kqp}).
// Parts are joined with ","; each name appears once, in natural order.
func Fold(names []string) string {
	names = slices.Clone(names)
	slices.SortFunc(names, natCompare)
	names = slices.Compact(names)

	type numGroup struct {
		prefix string
		width  int // 0: not zero-padded
		nums   []int
	}
	type tailGroup struct {
		prefix string
		tails  []string
	}
	var order []any // *numGroup, *tailGroup or string, in first-appearance order
	nums := map[string]*numGroup{}
	tails := map[string]*tailGroup{}
	for _, n := range names {
		if p, num, width, ok := splitNumber(n); ok {
			key := p + "\x00" + strconv.Itoa(width)
			g := nums[key]
			if g == nil {
				g = &numGroup{prefix: p, width: width}
				nums[key] = g
				order = append(order, g)
			}
			g.nums = append(g.nums, num)
			continue
		}
		if i := strings.LastIndexByte(n, '-'); i > 0 && i < len(n)-1 {
			p := n[:i+1]
			g := tails[p]
			if g == nil {
				g = &tailGroup{prefix: p}
				tails[p] = g
				order = append(order, g)
			}
			g.tails = append(g.tails, n[i+1:])
			continue
		}
		order = append(order, n)
	}
	// Unpadded numbers at least as wide as a padded group of the same prefix belong to it
	// (node-01 … node-03 and node-10 are node-[01-03,10]).
	for _, g := range nums {
		if g.width == 0 {
			continue
		}
		if u := nums[g.prefix+"\x000"]; u != nil {
			kept := u.nums[:0]
			for _, n := range u.nums {
				if len(strconv.Itoa(n)) >= g.width {
					g.nums = append(g.nums, n)
				} else {
					kept = append(kept, n)
				}
			}
			u.nums = kept
		}
	}
	parts := make([]string, 0, len(order))
	for _, o := range order {
		switch g := o.(type) {
		case string:
			parts = append(parts, g)
		case *numGroup:
			if len(g.nums) == 0 {
				continue
			}
			if len(g.nums) == 1 {
				parts = append(parts, g.prefix+pad(g.nums[0], g.width))
				continue
			}
			parts = append(parts, g.prefix+"["+ranges(g.nums, g.width)+"]")
		case *tailGroup:
			if len(g.tails) == 1 {
				parts = append(parts, g.prefix+g.tails[0])
				continue
			}
			parts = append(parts, g.prefix+"{"+strings.Join(g.tails, ",")+"}")
		}
	}
	return strings.Join(parts, ",")
}

// splitNumber splits a name ending in digits into its prefix and number. width is the digit
// count when the number is zero-padded ("web-007"), else 0. Numbers of more than 9 digits are
// not folded (they are ids, not ordinals).
func splitNumber(n string) (prefix string, num, width int, ok bool) {
	i := len(n)
	for i > 0 && n[i-1] >= '0' && n[i-1] <= '9' {
		i--
	}
	digits := n[i:]
	if digits == "" || len(digits) > 9 || i == 0 {
		return "", 0, 0, false
	}
	v, err := strconv.Atoi(digits)
	if err != nil {
		return "", 0, 0, false
	}
	if len(digits) > 1 && digits[0] == '0' {
		width = len(digits)
	}
	return n[:i], v, width, true
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// ranges writes sorted numbers as "0-5,7".
func ranges(nums []int, width int) string {
	slices.Sort(nums)
	var b strings.Builder
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(pad(nums[i], width))
		if j > i {
			b.WriteByte('-')
			b.WriteString(pad(nums[j], width))
		}
		i = j + 1
	}
	return b.String()
}

// natCompare orders names with their digit runs compared as numbers (web-2 before web-10).
func natCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) - len(nb)
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			if da != db {
				return da - db
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
