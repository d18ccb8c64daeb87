package main

import "strings"

// jsonPod is the demo's pod whose app logs JSON (localcci.JSONLogPod).
const jsonPod = "ingest-api-6b8d5f7c4-r2t9k"

// crashPod is the demo's crash-looping pod.
const crashPod = "checkout-6f4d8b7c9-mn3vb"

// logsBesideShell: a new tab with a shell on the JSON-logging pod and, split to its right with
// the split picker's l, the same pod's log followed and rendered structured (J).
func (s *scenes) logsBesideShell() {
	s.send(ctrlB + "c")
	s.waitText("pick a pod for a new tab")
	s.pick("data", jsonPod, "")
	s.waitFor("the new tab", func(l []string) bool { return panes(l) == 1 })
	s.prompt(jsonPod)
	s.run("ps -o pid,user,etime,comm; df -h / | tail -1", "COMMAND")

	s.send(ctrlB + "%")
	s.waitText("pick a pod for the pane on the right")
	s.pickLog("data", jsonPod)
	s.waitFor("the log following", func(l []string) bool {
		all := strings.Join(l, "\n")
		return strings.Contains(all, " following ") && strings.Contains(all, `{"time":"`)
	})
	s.send("J")
	s.waitFor("structured JSON lines", func(l []string) bool {
		all := strings.Join(l, "\n")
		return strings.Contains(all, "json · following") && !strings.Contains(all, `{"time":"`) && strings.Contains(all, "request handled")
	})
	s.waitGone("JSON lines structured on") // the status message of the toggle times out
	s.shot("logs-beside-shell.png")
}

// events: the browser on the crash-looping pod, whose detail panel lists its events.
func (s *scenes) events() {
	s.send(ctrlB + "d")
	s.waitText("namespaces (")
	s.focusNamespaces(true)
	s.send("/shop" + enter)
	s.waitText("pods in shop (")
	s.focusNamespaces(false)
	s.send("/checkout")
	s.waitText("/checkout")
	s.send(enter)
	s.waitFor("the crash-looping pod's events", func(l []string) bool {
		all := strings.Join(l, "\n")
		return strings.Contains(all, "⚠ BackOff") && strings.Contains(all, "Started container checkout")
	})
	s.shot("events.png")
	s.send(esc) // clear the filter
	s.waitText(cartPod)
}

// pickLog selects pod in namespace ns in the browser (in pick mode) and opens its log with l.
func (s *scenes) pickLog(ns, pod string) {
	s.waitText("pods in ")
	s.focusNamespaces(true)
	s.send("/" + ns + enter)
	s.waitText("pods in " + ns + " (")
	s.focusNamespaces(false)
	s.send("/" + pod)
	s.waitText("/" + pod)
	s.send(enter)
	s.waitFor("the pod filter to close", func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), pod) && !strings.Contains(strings.Join(l, "\n"), "/"+pod+"▏")
	})
	s.send("l")
	s.waitFor("the log pane of "+ns+"/"+pod, func(l []string) bool {
		return strings.Contains(strings.Join(l, "\n"), "─ logs "+ns+"/"+pod)
	})
}
