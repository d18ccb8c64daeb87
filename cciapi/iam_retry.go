package cciapi

import "context"

// RetryOn401 runs call; when it fails with a 401 (IsUnauthorized) and auth is a Refresher,
// it refreshes the credentials once and runs call once more. Any other error, a failed
// refresh, or a second 401 is returned as is. Use it around REST calls and Exec when the
// Authorizer may hold a cached IAM token that IAM revoked early.
func RetryOn401(ctx context.Context, auth Authorizer, call func() error) error {
	err := call()
	if err == nil || !IsUnauthorized(err) {
		return err
	}
	r, ok := auth.(Refresher)
	if !ok {
		return err
	}
	if rerr := r.Refresh(ctx); rerr != nil {
		return rerr
	}
	return call()
}
