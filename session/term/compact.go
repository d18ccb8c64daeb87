package term

// internStyle returns the id of s, adding it (after compacting a large table) if new.
func (t *Terminal) internStyle(s Style) StyleID {
	for i := range t.styleCache {
		if e := &t.styleCache[i]; e.ok && e.s == s {
			return e.id
		}
	}
	id, ok := t.styles.lookup(s)
	if !ok {
		id = t.addStyle(s)
	}
	t.styleCache[t.styleCacheNext] = styleCacheEntry{s: s, id: id, ok: true}
	t.styleCacheNext = (t.styleCacheNext + 1) % len(t.styleCache)
	return id
}

// styleCacheEntry is a recently interned style; the cache spares the map lookup for the few
// styles a program alternates between.
type styleCacheEntry struct {
	s  Style
	id StyleID
	ok bool
}

func (t *Terminal) addStyle(s Style) StyleID {
	if len(t.styles.styles) >= t.styleLimit {
		t.compact()
		if id, ok := t.styles.lookup(s); ok {
			return id
		}
	}
	return t.styles.add(s)
}

// compact rebuilds the style and cluster tables from the live references (both screens and the
// scrollback), remapping every reference. If live styles still crowd the table, scrollback rows
// lose their styles (they fall back to the default) so the table stays bounded. Thresholds
// then grow to twice the live size (capped), so compaction costs amortized O(1) per intern.
func (t *Terminal) compact() {
	screens := []*screen{t.main}
	if t.alt != nil {
		screens = append(screens, t.alt)
	}
	// Styles: mark what the screens use, then what the scrollback adds.
	onScreen := make([]bool, len(t.styles.styles))
	onScreen[0] = true
	for _, s := range screens {
		for i := range s.lines {
			for _, c := range s.lines[i].cells {
				onScreen[c.Style] = true
			}
		}
	}
	used := append([]bool(nil), onScreen...)
	// Rows before styledFrom hold only the default style (a previous compaction cleared them).
	firstStyled := max(0, int(t.hist.styledFrom-(t.hist.pushed-uint64(t.hist.n))))
	for i := firstStyled; i < t.hist.n; i++ {
		forEachRunStyle(t.hist.at(i), func(id StyleID) StyleID {
			if int(id) < len(used) {
				used[id] = true
			}
			return id
		})
	}
	dropHist := countTrue(used) > styleSoftLimit*3/4
	if dropHist {
		used = onScreen
	}
	remap := make([]StyleID, len(t.styles.styles))
	// Rebuild in place: the map keeps its capacity, the old slice becomes the next spare.
	old := t.styles.styles
	nt := styleTable{styles: append(t.styleSpare[:0], Style{}), ids: t.styles.ids}
	clear(nt.ids)
	nt.ids[Style{}] = 0
	for id, u := range used {
		if u && id != 0 {
			remap[id] = nt.add(old[id])
		}
	}
	t.styleSpare = old[:0]
	for _, s := range screens {
		for i := range s.lines {
			cells := s.lines[i].cells
			for k := range cells {
				cells[k].Style = remap[cells[k].Style]
			}
		}
	}
	for i := firstStyled; i < t.hist.n; i++ {
		forEachRunStyle(t.hist.at(i), func(id StyleID) StyleID {
			if dropHist || int(id) >= len(remap) {
				return 0
			}
			return remap[id]
		})
	}
	if dropHist {
		t.hist.styledFrom = t.hist.pushed
	}
	t.styles = nt
	t.styleCache = [8]styleCacheEntry{}
	t.penStale = true
	t.styleLimit = min(max(styleSoftLimit, 2*len(nt.styles)), styleHardLimit)

	// Clusters.
	var ct clusterTable
	cmap := make(map[rune]rune)
	for _, s := range screens {
		for i := range s.lines {
			cells := s.lines[i].cells
			for k := range cells {
				r := cells[k].r
				if r < clusterBase {
					continue
				}
				nr, ok := cmap[r]
				if !ok {
					nr = ct.intern([]byte(t.clusters.get(r)))
					cmap[r] = nr
				}
				cells[k].r = nr
			}
		}
	}
	t.clusters = ct
	t.clusterLimit = max(clusterSoftLimit, 2*len(ct.strs))
	t.markAllDirty()
}

func countTrue(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}
