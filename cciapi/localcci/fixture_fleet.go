package localcci

import "fmt"

// FleetNS is the namespace FleetNamespace builds.
const FleetNS = "fleet"

// Fleet sizes and the pods whose answers differ (FleetNamespace).
const (
	FleetWeb     = 150 // web-0 … web-149 (app=web)
	FleetWorkers = 50  // worker-0 … worker-49 (app=worker)
	// FleetVersion is in every pod's VERSION file but FleetOldVersion's pods'.
	FleetVersion    = "2.4.1"
	FleetOldVersion = "2.3.9"
)

// FleetOddPods name the pods that answer differently: two with an older VERSION, one without a
// VERSION file, and one whose ./healthcheck exits 2.
var (
	FleetOldPods     = []string{"web-17", "web-142"}
	FleetMissingPod  = "worker-7"
	FleetFailingPod  = "web-88"
	fleetHealthOK    = "#!/bin/sh\necho ok\n"
	fleetHealthWrong = "#!/bin/sh\necho 'disk /data 97% full' >&2\nexit 2\n"
)

// FleetNamespace returns the fleet namespace: 200 small running pods (web-0 … web-149 with
// app=web, worker-0 … worker-49 with app=worker), each with one container and two files in its
// working directory: VERSION ("2.4.1\n") and an executable healthcheck that prints "ok". They
// differ on purpose, so a fan-out has something to group: web-17 and web-142 have VERSION 2.3.9,
// worker-7 has no VERSION, and web-88's healthcheck prints to stderr and exits 2. Try
// `podmux run -n fleet -l app=web -- cat VERSION` or `-- ./healthcheck`.
func FleetNamespace() FixtureNamespace {
	ns := FixtureNamespace{Name: FleetNS, Labels: map[string]string{"team": "fleet"}}
	add := func(app string, i int) {
		name := fmt.Sprintf("%s-%d", app, i)
		files := map[string]string{"VERSION": FleetVersion + "\n", "healthcheck": fleetHealthOK}
		for _, old := range FleetOldPods {
			if name == old {
				files["VERSION"] = FleetOldVersion + "\n"
			}
		}
		if name == FleetMissingPod {
			delete(files, "VERSION")
		}
		if name == FleetFailingPod {
			files["healthcheck"] = fleetHealthWrong
		}
		ns.Pods = append(ns.Pods, FixturePod{
			Name: name, Labels: map[string]string{"app": app, "tier": "fleet"},
			Age: fmt.Sprintf("%dh", 2+i%20), Node: fmt.Sprintf("cci-node-f%d", i%8),
			Files:      files,
			Containers: []FixtureContainer{{Name: app, Image: "registry.example/" + app + ":" + FleetVersion}},
		})
	}
	for i := range FleetWeb {
		add("web", i)
	}
	for i := range FleetWorkers {
		add("worker", i)
	}
	return ns
}
