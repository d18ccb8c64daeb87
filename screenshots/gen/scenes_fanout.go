package main

// fanout: the fleet namespace's 200 pods, all marked (ctrl+a), one command run on all of them
// (`!`), and the results grouped (g): the majority's answer and the odd ones out.
func (s *scenes) fanout() {
	s.send(ctrlB + "d")
	s.waitText("namespaces (")
	s.focusNamespaces(true)
	s.send("/fleet" + enter)
	s.waitText("pods in fleet (")
	s.focusNamespaces(false)
	s.waitText("web-0")
	s.send("\x01") // ctrl+a: mark every pod shown
	s.waitText("200 pods marked")
	s.send("!")
	s.waitText("Run on 200 pod(s)")
	s.send("cat VERSION && ./healthcheck" + enter)
	s.waitText("200 pods · 200 done")
	s.send("g")
	s.waitText("distinct answers")
	s.send("j")
	s.shot("fanout-grouped.png")
}
