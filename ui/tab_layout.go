package ui

import "github.com/charmbracelet/x/ansi"

// tabMoreHint follows the tab labels when some tabs are hidden.
const tabMoreHint = " » more (prefix w)"

// tabPadding is the cells a tab label's style adds around its text (one space each side).
const tabPadding = 2

// minTabTitle is the fewest cells a shortened tab title keeps ("checkout-6f…") before tabs
// are hidden instead.
const minTabTitle = 12

// tabItem is one tab label's parts: "3:" + title + marks ("•", " Z", " SYNC"). Only the title
// is ever shortened.
type tabItem struct{ prefix, title, suffix string }

func (it tabItem) text(maxTitle int) string {
	t := it.title
	if ansi.StringWidth(t) > maxTitle {
		t = ansi.Truncate(t, maxTitle, "…")
	}
	return it.prefix + t + it.suffix
}

// layoutTabs fits tab labels into avail cells. Every tab shows with its whole title when they
// fit; otherwise the longest titles are shortened to one common cap, as long as possible; only
// when even titles of minTabTitle cells do not fit are tabs hidden (overflow): then the active
// tab and, in order, as many others as fit before a hint of hintW cells show. It returns each
// tab's text and whether it shows. Pure: tested as pictures of the tab bar.
func layoutTabs(items []tabItem, active, avail, hintW int) ([]string, []bool, bool) {
	n := len(items)
	texts := make([]string, n)
	show := make([]bool, n)
	total := func(c int) int {
		sum := 0
		for _, it := range items {
			sum += ansi.StringWidth(it.text(c)) + tabPadding
		}
		return sum
	}
	longest := 0
	for _, it := range items {
		longest = max(longest, ansi.StringWidth(it.title))
	}
	if total(longest) <= avail || total(min(minTabTitle, longest)) <= avail {
		// The largest cap that fits (binary search: total grows with the cap).
		lo, hi := min(minTabTitle, longest), longest
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if total(mid) <= avail {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		// Cells the common cap leaves over go, one at a time and in order, to the titles it cut.
		caps := make([]int, n)
		used := total(lo)
		for i := range caps {
			caps[i] = lo
		}
		for grew := true; grew && used < avail; {
			grew = false
			for i, it := range items {
				if used < avail && ansi.StringWidth(it.title) > caps[i] {
					before := ansi.StringWidth(it.text(caps[i]))
					caps[i]++
					used += ansi.StringWidth(it.text(caps[i])) - before
					grew = true
				}
			}
		}
		for i, it := range items {
			texts[i], show[i] = it.text(caps[i]), true
		}
		return texts, show, false
	}
	room := avail - hintW
	for i, it := range items {
		texts[i] = it.text(minTabTitle)
	}
	if active >= 0 && active < n {
		show[active] = true
		room -= ansi.StringWidth(texts[active]) + tabPadding
	}
	for i := range items {
		if i == active {
			continue
		}
		if w := ansi.StringWidth(texts[i]) + tabPadding; w <= room {
			show[i] = true
			room -= w
		}
	}
	return texts, show, true
}
