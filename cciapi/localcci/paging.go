package localcci

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/podmux/podmux/cciapi"
)

// Paged lists are consistent: the first page takes a snapshot of the (filtered, sorted) pods and
// the continue token points into it, so later pages show the same resourceVersion whatever
// changed since. At most maxSnapshots snapshots are kept, each for snapshotTTL; an older token
// gets 410 Expired, as Kubernetes answers once etcd compacted the list's revision.
const (
	maxSnapshots = 64
	snapshotTTL  = 5 * time.Minute
)

type listSnapshot struct {
	ns, selector string
	rv           uint64
	pods         []cciapi.Pod
	created      time.Time
}

// podPage returns one page of namespace ns's pods matching sel, the list's resourceVersion and
// the continue token for the next page ("" on the last page).
func (st *store) podPage(ns string, sel selector, limit int64, token string, now time.Time) ([]cciapi.Pod, uint64, string, *apiError) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.ns[ns]; !ok && ns != "" {
		return nil, 0, "", notFound("namespaces", ns)
	}
	var snap *listSnapshot
	var id uint64
	off := 0
	if token != "" {
		var err *apiError
		if id, off, err = decodeToken(token); err != nil {
			return nil, 0, "", err
		}
		snap = st.snaps[id]
		if snap == nil || now.Sub(snap.created) > snapshotTTL {
			return nil, 0, "", &apiError{Code: http.StatusGone, Reason: "Expired",
				Msg: "the provided continue parameter is too old to display a consistent list result: start a new list without the continue parameter"}
		}
		if snap.ns != ns || snap.selector != sel.String() || off > len(snap.pods) {
			return nil, 0, "", &apiError{Code: http.StatusBadRequest, Reason: "BadRequest",
				Msg: "the continue token does not belong to this list (namespace, labelSelector and token must match the first page's)"}
		}
	} else {
		all, _ := st.podsLocked(ns)
		pods := all[:0:0]
		for _, p := range all {
			if sel.matches(p.Metadata.Labels) {
				pods = append(pods, p)
			}
		}
		snap = &listSnapshot{ns: ns, selector: sel.String(), rv: st.rv, pods: pods, created: now}
		if limit <= 0 || int64(len(pods)) <= limit {
			return pods, snap.rv, "", nil
		}
		st.nextSnapID++
		id = st.nextSnapID
		st.snaps[id] = snap
		st.snapOrder = append(st.snapOrder, id)
		if len(st.snapOrder) > maxSnapshots {
			delete(st.snaps, st.snapOrder[0])
			st.snapOrder = slices.Delete(st.snapOrder, 0, 1)
		}
	}
	end := len(snap.pods)
	if limit > 0 && int64(end-off) > limit {
		end = off + int(limit)
	}
	next := ""
	if end < len(snap.pods) {
		next = encodeToken(id, end)
	}
	return snap.pods[off:end], snap.rv, next, nil
}

func encodeToken(id uint64, off int) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "v1:%d:%d", id, off))
}

func decodeToken(tok string) (uint64, int, *apiError) {
	bad := &apiError{Code: http.StatusBadRequest, Reason: "BadRequest",
		Msg: "the continue parameter is not a token this server issued: start a new list without it"}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, 0, bad
	}
	var id uint64
	var off int
	if n, err := fmt.Sscanf(string(raw), "v1:%d:%d", &id, &off); err != nil || n != 2 || off < 0 {
		return 0, 0, bad
	}
	return id, off, nil
}
