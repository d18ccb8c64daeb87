package cciapi_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podmux/podmux/cciapi"
	"github.com/podmux/podmux/cciapi/localcci"
)

// restServer runs a local server on loopback and a client with its token.
func restServer(t *testing.T, opts localcci.Options) (*localcci.Instance, *cciapi.Client) {
	t.Helper()
	in, err := localcci.Start(opts, "", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = in.Close() })
	c, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth(in.Token())})
	if err != nil {
		t.Fatal(err)
	}
	return in, c
}

func restCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func podNames(pods []cciapi.Pod) []string {
	var out []string
	for _, p := range pods {
		out = append(out, p.Metadata.Name)
	}
	return out
}

func TestListNamespacesAndGet(t *testing.T) {
	_, c := restServer(t, localcci.Options{})
	ctx := restCtx(t)
	nss, err := c.ListNamespaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range nss {
		if n.Kind != "Namespace" || n.APIVersion != cciapi.APIVersion || n.Status.Phase != "Active" {
			t.Errorf("namespace %+v: want kind Namespace, apiVersion cci/v2, phase Active", n)
		}
		names = append(names, n.Metadata.Name)
	}
	if want := []string{"shop", "data", "batch"}; !slices.Equal(names, want) {
		t.Fatalf("namespaces %v, want %v", names, want)
	}
	n, err := c.GetNamespace(ctx, "data")
	if err != nil || n.Metadata.Name != "data" {
		t.Fatalf("GetNamespace(data) = %+v, %v", n, err)
	}
	_, err = c.GetNamespace(ctx, "nope")
	if !cciapi.IsNotFound(err) {
		t.Fatalf("GetNamespace(nope) error %v, want a 404", err)
	}
}

func TestListPodsPagingIsConsistent(t *testing.T) {
	in, c := restServer(t, localcci.Options{})
	ctx := restCtx(t)
	full, err := c.ListPods(ctx, "shop", cciapi.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if full.Kind != "PodList" || full.Metadata.Continue != "" || len(full.Items) != 4 {
		t.Fatalf("unpaged list: kind %q, continue %q, %d items; want PodList, no continue, 4 items", full.Kind, full.Metadata.Continue, len(full.Items))
	}
	var got []string
	page, err := c.ListPods(ctx, "shop", cciapi.ListOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 3 || page.Metadata.Continue == "" {
		t.Fatalf("first page: %d items, continue %q; want 3 and a token", len(page.Items), page.Metadata.Continue)
	}
	got = append(got, podNames(page.Items)...)
	rv := page.Metadata.ResourceVersion

	// Change the namespace between pages: the next page must still show the first page's snapshot.
	if err := in.Server.DeletePod("shop", full.Items[3].Metadata.Name); err != nil {
		t.Fatal(err)
	}
	extra := full.Items[0]
	extra.Metadata.Name = "zzz-new"
	if err := in.Server.AddPod("shop", extra); err != nil {
		t.Fatal(err)
	}
	page, err = c.ListPods(ctx, "shop", cciapi.ListOptions{Limit: 3, Continue: page.Metadata.Continue})
	if err != nil {
		t.Fatal(err)
	}
	if page.Metadata.Continue != "" || page.Metadata.ResourceVersion != rv {
		t.Fatalf("last page: continue %q, rv %q; want none and the first page's rv %q", page.Metadata.Continue, page.Metadata.ResourceVersion, rv)
	}
	got = append(got, podNames(page.Items)...)
	if want := podNames(full.Items); !slices.Equal(got, want) {
		t.Fatalf("paged names %v, want the snapshot %v", got, want)
	}

	// A fresh ListAllPods (following tokens) sees the change.
	all, err := c.ListAllPods(ctx, "shop")
	if err != nil {
		t.Fatal(err)
	}
	names := podNames(all.Items)
	if slices.Contains(names, full.Items[3].Metadata.Name) || !slices.Contains(names, "zzz-new") || len(names) != 4 {
		t.Fatalf("ListAllPods after the change: %v", names)
	}

	// A token from another list, and a garbage token, are refused.
	first, _ := c.ListPods(ctx, "shop", cciapi.ListOptions{Limit: 1})
	if _, err := c.ListPods(ctx, "data", cciapi.ListOptions{Limit: 1, Continue: first.Metadata.Continue}); statusCodeOf(err) != 400 {
		t.Errorf("token of another namespace: %v, want 400", err)
	}
	if _, err := c.ListPods(ctx, "shop", cciapi.ListOptions{Continue: "garbage"}); statusCodeOf(err) != 400 {
		t.Errorf("garbage token: %v, want 400", err)
	}
}

func statusCodeOf(err error) int {
	if se, ok := err.(*cciapi.StatusError); ok {
		return se.Code
	}
	return 0
}

func TestListPodsLabelSelector(t *testing.T) {
	_, c := restServer(t, localcci.Options{})
	ctx := restCtx(t)
	l, err := c.ListPods(ctx, "shop", cciapi.ListOptions{LabelSelector: "app=web"})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Items) != 2 {
		t.Fatalf("app=web: %v, want the 2 web pods", podNames(l.Items))
	}
	l, err = c.ListPods(ctx, "shop", cciapi.ListOptions{LabelSelector: "tier==backend,app!=cart"})
	if err != nil || len(l.Items) != 1 || l.Items[0].Metadata.Labels["app"] != "checkout" {
		t.Fatalf("tier==backend,app!=cart: %v, %v; want the checkout pod", podNames(l.Items), err)
	}
	_, err = c.ListPods(ctx, "shop", cciapi.ListOptions{LabelSelector: "app in (web)"})
	if statusCodeOf(err) != 400 || !strings.Contains(err.Error(), "set-based") {
		t.Fatalf("set-based selector: %v, want a 400 saying set-based terms are unsupported", err)
	}
}

func TestGetPodAndErrors(t *testing.T) {
	in, c := restServer(t, localcci.Options{})
	ctx := restCtx(t)
	p, err := c.GetPod(ctx, "data", "postgres-0")
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != "Pod" || p.APIVersion != cciapi.APIVersion || len(p.Spec.Containers) != 2 || p.Status.PodIP == "" {
		t.Fatalf("postgres-0 = %+v", p)
	}
	_, err = c.GetPod(ctx, "data", "nope")
	if !cciapi.IsNotFound(err) || err.Error() != `pods "nope" not found (404 NotFound)` {
		t.Fatalf("unknown pod: %v, want `pods \"nope\" not found (404 NotFound)`", err)
	}

	bad, err := cciapi.NewClient(cciapi.Config{Endpoint: in.URL, Auth: cciapi.TokenAuth("wrong")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.ListNamespaces(ctx)
	if !cciapi.IsUnauthorized(err) || !strings.Contains(err.Error(), "invalid or expired") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("wrong token: %v, want a one-line 401 saying the token is invalid or expired", err)
	}
	none, _ := cciapi.NewClient(cciapi.Config{Endpoint: in.URL})
	if _, err = none.ListNamespaces(ctx); !cciapi.IsUnauthorized(err) {
		t.Fatalf("no token: %v, want 401", err)
	}
}

func TestWrongMethodIsStatus405(t *testing.T) {
	in, _ := restServer(t, localcci.Options{})
	req, _ := http.NewRequest(http.MethodDelete, in.URL+cciapi.APIPrefix+"/namespaces/shop/pods", nil)
	req.Header.Set("X-Auth-Token", in.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET" {
		t.Fatalf("DELETE: %d, Allow %q; want 405, GET", resp.StatusCode, resp.Header.Get("Allow"))
	}
	err = cciapi.DecodeErrorResponse(resp)
	if se, ok := err.(*cciapi.StatusError); !ok || se.Reason != "MethodNotAllowed" || se.Code != 405 {
		t.Fatalf("405 body decodes to %#v, want a MethodNotAllowed Status", err)
	}
}

func TestPodLogs(t *testing.T) {
	_, c := restServer(t, localcci.Options{LogInterval: 50 * time.Millisecond})
	ctx := restCtx(t)
	two := int64(2)
	rc, err := c.PodLogs(ctx, "data", "postgres-0", cciapi.LogOptions{Container: "postgres", TailLines: &two})
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(rc)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	rc.Close()
	if len(lines) != 2 || !strings.Contains(lines[1], "LOG:") {
		t.Fatalf("tailLines=2 of postgres: %q, want 2 postgres LOG lines", lines)
	}

	// Without a container, a two-container pod without the annotation is refused…
	if _, err := c.PodLogs(ctx, "data", "postgres-0", cciapi.LogOptions{}); statusCodeOf(err) != 400 || !strings.Contains(err.Error(), "metrics-exporter") {
		t.Fatalf("no container for postgres-0: %v, want a 400 naming the containers", err)
	}
	// …and follow streams new lines after the tail (default container from the annotation).
	zero := int64(0)
	fctx, cancel := context.WithCancel(ctx)
	rc, err = c.PodLogs(fctx, "shop", "web-7d9f8b6c4-x2kqp", cciapi.LogOptions{Follow: true, TailLines: &zero})
	if err != nil {
		t.Fatal(err)
	}
	sc = bufio.NewScanner(rc)
	for i := range 3 {
		if !sc.Scan() {
			t.Fatalf("follow: stream ended after %d lines: %v", i, sc.Err())
		}
		if !strings.Contains(sc.Text(), "HTTP/1.1") {
			t.Fatalf("follow line %q is not an nginx access line", sc.Text())
		}
	}
	cancel()
	rc.Close()
}

func TestNonStatusErrorBody(t *testing.T) {
	srv := restHTTPTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><body>upstream exploded"+strings.Repeat(" very", 100)+"</body></html>")
	}))
	c, _ := cciapi.NewClient(cciapi.Config{Endpoint: srv.URL})
	_, err := c.ListNamespaces(restCtx(t))
	msg := fmt.Sprint(err)
	if statusCodeOf(err) != 502 || !strings.Contains(msg, "502") || !strings.Contains(msg, "upstream exploded") || len(msg) > 300 {
		t.Fatalf("HTML 502: %q, want a short error with the code and a snippet", msg)
	}
}
