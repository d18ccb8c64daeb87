package cciapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// projectID returns ProjectID, looking it up from IAM first if it is empty and ProjectName and
// IAMEndpoint are set.
func (s *AKSKSigner) projectID(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ProjectID != "" || s.ProjectName == "" || s.IAMEndpoint == "" {
		return s.ProjectID, nil
	}
	id, err := s.lookupProject(ctx)
	if err != nil {
		return "", err
	}
	s.ProjectID = id
	return id, nil
}

// lookupProject sends the signed GET {iam}/projects?name=… and returns the one project's id.
func (s *AKSKSigner) lookupProject(ctx context.Context) (string, error) {
	u := strings.TrimRight(s.IAMEndpoint, "/") + "/projects?name=" + url.QueryEscape(s.ProjectName)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", fmt.Errorf("IAM endpoint %q: %v", s.IAMEndpoint, err)
	}
	req.Header.Set("Accept", "application/json")
	if err := s.sign(req, ""); err != nil {
		return "", err
	}
	hc := s.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("looking up the project id of %s at IAM: %v", s.ProjectName, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("looking up the project id of %s: reading the answer: %v", s.ProjectName, err)
	}
	if resp.StatusCode != http.StatusOK {
		e := decodeIAMError(resp.StatusCode, data)
		return "", fmt.Errorf("looking up the project id of %s: %s (%d %s): set project_id (or HUAWEICLOUD_SDK_PROJECT_ID / OS_PROJECT_ID)", s.ProjectName, oneLine(e.Message), e.Code, e.ErrorCode)
	}
	var body struct {
		Projects []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"projects"`
	}
	if err := json.Unmarshal(data, &body); err != nil {
		return "", fmt.Errorf("looking up the project id of %s: the answer is not JSON: %v", s.ProjectName, err)
	}
	if len(body.Projects) != 1 || body.Projects[0].ID == "" {
		return "", fmt.Errorf("IAM lists %d projects named %q for this access key: set project_id (or HUAWEICLOUD_SDK_PROJECT_ID / OS_PROJECT_ID)", len(body.Projects), s.ProjectName)
	}
	return body.Projects[0].ID, nil
}
