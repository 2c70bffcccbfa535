package industrydata

import "fmt"

// Cloud names a Microsoft cloud. Graph and the identity platform run as separate
// instances in each national cloud, and a token issued by one is useless in another,
// so the cloud decides both the Graph host and the token authority. Pass it to WithCloud.
type Cloud string

// The clouds NewClient knows. For any other deployment, combine WithBaseURL,
// WithAuthorityHost and WithScopes.
const (
	// CloudGlobal is the worldwide service: graph.microsoft.com, login.microsoftonline.com.
	CloudGlobal Cloud = "global"
	// CloudUSGov is Microsoft Graph for US Government L4 (GCC High):
	// graph.microsoft.us, login.microsoftonline.us.
	CloudUSGov Cloud = "usgov"
	// CloudUSGovDoD is Microsoft Graph for US Government L5 (DoD):
	// dod-graph.microsoft.us, login.microsoftonline.us.
	CloudUSGovDoD Cloud = "usgov-dod"
	// CloudChina is Microsoft Graph operated by 21Vianet:
	// microsoftgraph.chinacloudapi.cn, login.chinacloudapi.cn.
	CloudChina Cloud = "china"
)

// cloudHosts are the two hosts a cloud is made of.
type cloudHosts struct {
	graph     string // Graph API host; also the audience of the .default scope
	authority string // Microsoft identity platform host that issues tokens
}

// hosts returns the Graph and authority hosts of c.
func (c Cloud) hosts() (cloudHosts, error) {
	switch c {
	case CloudGlobal, "":
		return cloudHosts{graph: "graph.microsoft.com", authority: "login.microsoftonline.com"}, nil
	case CloudUSGov:
		return cloudHosts{graph: "graph.microsoft.us", authority: "login.microsoftonline.us"}, nil
	case CloudUSGovDoD:
		return cloudHosts{graph: "dod-graph.microsoft.us", authority: "login.microsoftonline.us"}, nil
	case CloudChina:
		return cloudHosts{graph: "microsoftgraph.chinacloudapi.cn", authority: "login.chinacloudapi.cn"}, nil
	}
	return cloudHosts{}, fmt.Errorf("unknown cloud %q", string(c))
}
