package config

import (
	"fmt"
	"strings"
)

// DefaultOTCRegion is the region used for cloud: otc when none is given.
const DefaultOTCRegion = "eu-de"

// CloudEndpoints returns the CCI base URL and the IAM v3 URL of a cloud and region:
// otc → https://cci.{r}.otc.t-systems.com and https://iam.{r}.otc.t-systems.com/v3 (region
// eu-de when empty); huawei → https://cci.{r}.myhuaweicloud.com and
// https://iam.{r}.myhuaweicloud.com/v3. custom has no template.
func CloudEndpoints(cloud, region string) (cci, iam string, err error) {
	switch cloud {
	case CloudOTC, "":
		if region == "" {
			region = DefaultOTCRegion
		}
		return "https://cci." + region + ".otc.t-systems.com", "https://iam." + region + ".otc.t-systems.com/v3", nil
	case CloudHuawei:
		if region == "" {
			return "", "", fmt.Errorf("cloud huawei needs a region (e.g. ap-southeast-1): set region in the profile or OS_REGION_NAME")
		}
		return "https://cci." + region + ".myhuaweicloud.com", "https://iam." + region + ".myhuaweicloud.com/v3", nil
	case CloudCustom:
		return "", "", fmt.Errorf("cloud custom has no built-in endpoints: set endpoint and iam_endpoint")
	}
	return "", "", fmt.Errorf("cloud %q is not otc, huawei or custom", cloud)
}

// cloudFromIAM guesses the cloud and region from an IAM URL such as
// https://iam.eu-de.otc.t-systems.com/v3 ("" when it is not one of the known forms).
func cloudFromIAM(iam string) (cloud, region string) {
	host := iam
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "/:"); i >= 0 {
		host = host[:i]
	}
	rest, ok := strings.CutPrefix(host, "iam.")
	if !ok {
		return "", ""
	}
	if r, ok := strings.CutSuffix(rest, ".otc.t-systems.com"); ok && !strings.Contains(r, ".") {
		return CloudOTC, r
	}
	if r, ok := strings.CutSuffix(rest, ".myhuaweicloud.com"); ok && !strings.Contains(r, ".") {
		return CloudHuawei, r
	}
	return "", ""
}
