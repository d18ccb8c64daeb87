package localcci

// Names in the default fixture that the demo animation drives.
const (
	crashPodNS  = "shop"
	crashPod    = "checkout-6f4d8b7c9-mn3vb"
	jobPodNS    = "data"
	jobPodStem  = "etl-loader-28813500"
	jobPodFirst = jobPodStem + "-q7w2x"
)

// JSONLogPod (namespace data) is the default fixture's pod whose app logs one JSON object a line.
const JSONLogPod = "ingest-api-6b8d5f7c4-r2t9k"

// DefaultFixture returns the built-in demo fixture: 3 namespaces and 12 pods with 1–3
// containers each, in varied states — 9 Running pods (8 with every container running, so exec
// works in them; one crashlooping), one Pending (ContainerCreating), one Succeeded, one Failed —
// with restarts, ages, node names, labels, one multi-container pod with the default-container
// annotation and one without, and one pod (JSONLogPod) that logs JSON. It returns a fresh
// value on each call.
func DefaultFixture() *Fixture {
	no := false
	return &Fixture{Namespaces: []FixtureNamespace{
		{Name: "shop", Labels: map[string]string{"team": "storefront"}, Pods: []FixturePod{
			{
				Name: "web-7d9f8b6c4-x2kqp", Labels: map[string]string{"app": "web", "tier": "frontend"},
				DefaultContainer: "nginx", Age: "3d4h", Node: "cci-node-a1",
				Containers: []FixtureContainer{
					{Name: "nginx", Image: "nginx:1.27-alpine"},
					{Name: "log-shipper", Image: "fluent/fluent-bit:3.1"},
				},
			},
			{
				Name: "web-7d9f8b6c4-9hzlm", Labels: map[string]string{"app": "web", "tier": "frontend"},
				DefaultContainer: "nginx", Age: "3d4h", Node: "cci-node-b2",
				Containers: []FixtureContainer{
					{Name: "nginx", Image: "nginx:1.27-alpine", Restarts: 1},
					{Name: "log-shipper", Image: "fluent/fluent-bit:3.1"},
				},
			},
			{
				Name: "cart-5c6b7d9f8-qw8rt", Labels: map[string]string{"app": "cart", "tier": "backend"},
				Age: "5h12m", Node: "cci-node-a1",
				Containers: []FixtureContainer{{Name: "cart", Image: "python:3.13-slim", Restarts: 2}},
			},
			{
				Name: crashPod, Labels: map[string]string{"app": "checkout", "tier": "backend"},
				Age: "42m", Node: "cci-node-b2",
				Containers: []FixtureContainer{{
					Name: "checkout", Image: "golang:1.26", State: "waiting", Reason: "CrashLoopBackOff",
					Message: "back-off 5m0s restarting failed container=checkout", Restarts: 7,
				}},
			},
		}},
		{Name: "data", Labels: map[string]string{"team": "platform"}, Pods: []FixturePod{
			{
				Name: "postgres-0", Labels: map[string]string{"app": "postgres", "statefulset": "postgres"},
				Age: "12d", Node: "cci-node-c3",
				Containers: []FixtureContainer{
					{Name: "postgres", Image: "postgres:17"},
					{Name: "metrics-exporter", Image: "prometheuscommunity/postgres-exporter:0.16"},
				},
			},
			{
				Name: "redis-0", Labels: map[string]string{"app": "redis", "statefulset": "redis"},
				Age: "2d3h", Node: "cci-node-c3",
				Containers: []FixtureContainer{{Name: "redis", Image: "redis:7.4"}},
			},
			{
				Name: "kafka-0", Labels: map[string]string{"app": "kafka", "statefulset": "kafka"},
				DefaultContainer: "kafka", Age: "6d", Node: "cci-node-a1",
				Containers: []FixtureContainer{
					{Name: "kafka", Image: "apache/kafka:3.9.0", Restarts: 3},
					{Name: "jmx-exporter", Image: "bitnami/jmx-exporter:1.0"},
					{Name: "topic-init", Image: "busybox:1.36", Ready: &no},
				},
			},
			{
				Name: JSONLogPod, Labels: map[string]string{"app": "ingest-api", "tier": "backend"},
				Age: "1d2h", Node: "cci-node-b2",
				Containers: []FixtureContainer{{Name: "ingest-api", Image: "ghcr.io/acme/ingest-api:2.4.1", Log: LogJSON}},
			},
			{
				Name: jobPodFirst, Labels: map[string]string{"app": "etl-loader", "job-name": jobPodStem},
				Age: "20s", Phase: "Pending",
				Containers: []FixtureContainer{{Name: "loader", Image: "python:3.13-slim"}},
			},
		}},
		{Name: "batch", Labels: map[string]string{"team": "reporting"}, Pods: []FixturePod{
			{
				Name: "report-28813440-7xk2p", Labels: map[string]string{"app": "report", "job-name": "report-28813440"},
				Age: "2h", Phase: "Succeeded", Node: "cci-node-b2",
				Containers: []FixtureContainer{{Name: "report", Image: "python:3.13-slim"}},
			},
			{
				Name: "migrate-28813380-4mzv9", Labels: map[string]string{"app": "migrate", "job-name": "migrate-28813380"},
				Age: "6h", Phase: "Failed", Node: "cci-node-c3",
				Containers: []FixtureContainer{{Name: "migrate", Image: "flyway/flyway:11", ExitCode: 1}},
			},
			{
				Name: "sandbox", Labels: map[string]string{"app": "sandbox"},
				Age: "1h5m", Node: "cci-node-a1",
				Containers: []FixtureContainer{{Name: "shell", Image: "debian:trixie"}},
			},
		}},
	}}
}
