package cciapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// maxObjectBody bounds a REST answer (one object or one page of a list).
const maxObjectBody = 32 << 20

// ListOptions narrow and page a list. Limit (0: no limit) asks for at most that many items;
// Continue is the token from the previous page's metadata.continue; LabelSelector is a Kubernetes
// label selector (e.g. "app=web"); ResourceVersion is passed through as is.
type ListOptions struct {
	Limit           int64
	Continue        string
	LabelSelector   string
	ResourceVersion string
}

func (o ListOptions) values() url.Values {
	q := url.Values{}
	if o.Limit > 0 {
		q.Set("limit", strconv.FormatInt(o.Limit, 10))
	}
	if o.Continue != "" {
		q.Set("continue", o.Continue)
	}
	if o.LabelSelector != "" {
		q.Set("labelSelector", o.LabelSelector)
	}
	if o.ResourceVersion != "" {
		q.Set("resourceVersion", o.ResourceVersion)
	}
	return q
}

// ListNamespaces returns every namespace the credentials can see.
func (c *Client) ListNamespaces(ctx context.Context) ([]Namespace, error) {
	var l NamespaceList
	if err := c.getJSON(ctx, "/namespaces", nil, "namespace list", &l); err != nil {
		return nil, err
	}
	return l.Items, nil
}

// GetNamespace returns one namespace; a missing one is a 404 StatusError (IsNotFound).
func (c *Client) GetNamespace(ctx context.Context, name string) (*Namespace, error) {
	var n Namespace
	if err := c.getJSON(ctx, "/namespaces/"+url.PathEscape(name), nil, "namespace "+name, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// ListPods returns one page of the pods in namespace ns (empty: of every namespace, GET /pods).
// Follow Metadata.Continue for the next page, or use ListAllPods. A list may be shaped as the CCI
// reference shows (kind List, apiVersion v1, empty resourceVersion): only items and the metadata
// are read.
func (c *Client) ListPods(ctx context.Context, ns string, opts ListOptions) (*PodList, error) {
	var l PodList
	if err := c.getJSON(ctx, listPath(ns), opts.values(), "pod list", &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// ListAllPods lists every pod of namespace ns, following continue tokens (500 a page). The
// returned list's ResourceVersion is the one of the first page (the snapshot the pages share).
func (c *Client) ListAllPods(ctx context.Context, ns string) (*PodList, error) {
	return c.listAllPods(ctx, ns, 500)
}

func (c *Client) listAllPods(ctx context.Context, ns string, limit int64) (*PodList, error) {
	return c.listAllPodsSelected(ctx, ns, "", limit)
}

// listAllPodsSelected lists every page of the pods matching the label selector sel (empty: all).
func (c *Client) listAllPodsSelected(ctx context.Context, ns, sel string, limit int64) (*PodList, error) {
	opts := ListOptions{Limit: limit, LabelSelector: sel}
	var all *PodList
	for pages := 0; ; pages++ {
		if pages > 100000 {
			return nil, fmt.Errorf("pod list of namespace %s did not end after %d pages: the server keeps sending continue tokens", ns, pages)
		}
		l, err := c.ListPods(ctx, ns, opts)
		if err != nil {
			return nil, err
		}
		if all == nil {
			all = l
		} else {
			all.Items = append(all.Items, l.Items...)
		}
		if l.Metadata.Continue == "" {
			all.Metadata.Continue = ""
			return all, nil
		}
		if l.Metadata.Continue == opts.Continue {
			return nil, fmt.Errorf("pod list of namespace %s: the server repeated continue token %q", ns, opts.Continue)
		}
		opts.Continue = l.Metadata.Continue
	}
}

// GetPod returns one pod; a missing one is a 404 StatusError (IsNotFound).
func (c *Client) GetPod(ctx context.Context, ns, name string) (*Pod, error) {
	var p Pod
	if err := c.getJSON(ctx, podsPath(ns)+"/"+url.PathEscape(name), nil, "pod "+name, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func podsPath(ns string) string { return "/namespaces/" + url.PathEscape(ns) + "/pods" }

// listPath is where pods are listed and watched: namespace ns's pods, or with ns empty every pod
// of the user (GET /apis/cci/v2/pods).
func listPath(ns string) string {
	if ns == "" {
		return "/pods"
	}
	return podsPath(ns)
}

// do sends a GET through prepare and returns a 2xx response; any other answer is decoded into
// a *StatusError. After a 401, credentials that can renew themselves (a Refresher, e.g. a cached
// IAM token revoked early) are refreshed once and the request is sent once more. A 429 is
// retried after Retry-After or an exponential, jittered backoff (retryThrottled).
func (c *Client) do(ctx context.Context, hc *http.Client, u *url.URL) (*http.Response, error) {
	var resp *http.Response
	err := retryThrottled(ctx, c.throttleRetries(), func() error {
		return RetryOn401(ctx, c.cfg.Auth, func() error {
			var err error
			resp, err = c.doOnce(ctx, hc, u)
			return err
		})
	})
	return resp, err
}

func (c *Client) doOnce(ctx context.Context, hc *http.Client, u *url.URL) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if err := c.prepare(req); err != nil {
		return nil, fmt.Errorf("authorizing the request: %w", err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, DecodeErrorResponse(resp)
	}
	return resp, nil
}

// getJSON GETs path and decodes the JSON answer into v; what names the object in errors.
func (c *Client) getJSON(ctx context.Context, path string, q url.Values, what string, v any) error {
	resp, err := c.do(ctx, c.http, c.url(path, q))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxObjectBody+1))
	if err != nil {
		return fmt.Errorf("reading the %s: %w", what, err)
	}
	if len(body) > maxObjectBody {
		return fmt.Errorf("the %s is larger than %d MiB: ask for smaller pages", what, maxObjectBody>>20)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("the %s is not valid JSON (%v): %q", what, err, snippet(body, 80))
	}
	return nil
}
