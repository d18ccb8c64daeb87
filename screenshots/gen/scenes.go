package main

import (
	"errors"
	"os/exec"
	"strings"
	"time"
)

// Pods of the demo fixture the scenes open shells on.
const (
	cartPod     = "cart-5c6b7d9f8-qw8rt"
	webPod      = "web-7d9f8b6c4-9hzlm"
	redisPod    = "redis-0"
	sandboxPod  = "sandbox"
	postgresPod = "postgres-0"
	kafkaPod    = "kafka-0"
)

// runAll makes every picture in order; each scene starts where the previous one left off.
func (s *scenes) runAll() {
	s.browser()
	s.fourPanes()
	s.zoom()
	s.tabsActivity()
	s.sync()
	s.help()
	s.logsBesideShell()
	s.events()
	s.fanout()
}

// browser: the pods of the shop namespace, in the states the demo gives them.
func (s *scenes) browser() {
	s.waitText("namespaces (")
	s.focusNamespaces(true)
	s.send("/shop" + enter)
	s.waitText("pods in shop (")
	s.focusNamespaces(false)
	s.waitText(cartPod)
	s.waitFor("the crash-looping pod's status", func(l []string) bool {
		all := strings.Join(l, "\n")
		return strings.Contains(all, "CrashLoopBackOff") || strings.Contains(all, "Error")
	})
	s.shot("browser.png")
}

// fourPanes: one tab, 2×2 panes on four pods running top, ls, vim and a plain shell.
func (s *scenes) fourPanes() {
	s.pick("shop", cartPod, "")
	s.prompt(cartPod)

	s.send(ctrlB + "%")
	s.waitText("pick a pod for the pane on the right")
	s.pick("data", redisPod, "")
	s.waitFor("two panes", func(l []string) bool { return panes(l) == 2 })
	s.prompt(redisPod)

	s.send(ctrlB + `"`)
	s.waitText("pick a pod for the pane below")
	s.pick("batch", sandboxPod, "")
	s.waitFor("three panes", func(l []string) bool { return panes(l) == 3 })
	s.prompt(sandboxPod)

	s.send(ctrlB + left)
	s.send(ctrlB + `"`)
	s.waitText("pick a pod for the pane below")
	s.pick("shop", webPod, "")
	s.waitFor("four panes", func(l []string) bool { return panes(l) == 4 && countOnRow(l, "╭─ ") == 2 })
	s.prompt(webPod)

	// Bottom left: a plain shell.
	s.run(`echo "hello from $CCI_NAMESPACE/$CCI_POD ($CCI_CONTAINER)"`, "hello from shop/"+webPod+" (nginx)")
	s.run("uname -sr", "Linux")
	s.run("ps -o pid,tty,stat,comm", "COMMAND")
	s.run(`for i in $(seq 0 6 255); do printf '\e[48;2;%d;%d;%dm ' $i $((255-i)) 160; done; printf '\e[0m\n'`, "")

	// Bottom right: vim on a Go file of this program, with syntax colouring.
	s.send(ctrlB + right)
	s.run("cd "+s.root+"/screenshots/gen && vim -c 'set background=dark nowrap' -c 'syntax on' palette.go", "defaultFg = color.RGBA")

	// Top right: a colourful ls.
	s.send(ctrlB + up)
	s.run("ls -la --color=always /usr/bin | head -n 19", "total ")

	// Top left: htop (top where htop is not installed) on the processes of this demo: podmux
	// (which serves the local pods) and each pod's session.
	s.send(ctrlB + left)
	if _, err := exec.LookPath("htop"); err == nil {
		s.run("htop -p $PPID,$(pgrep -d, -s $(pgrep -d, -P $PPID))", "Load average")
		s.send("H") // hide userland threads: one line per process
	} else {
		s.run("top -p $PPID,$(pgrep -d, -s $(pgrep -d, -P $PPID) | cut -d, -f1-19)", "load average")
	}

	// Back to vim for the picture's cursor.
	s.send(ctrlB + right)
	s.send(ctrlB + down)
	s.waitFor("the vim pane focused", func(l []string) bool { return strings.Contains(l[0], "0:sandbox/") })
	s.shot("workspace-4-panes.png")
}

// zoom: the vim pane zoomed to the whole tab, then back.
func (s *scenes) zoom() {
	s.send(ctrlB + "z")
	s.waitFor("the zoomed pane", func(l []string) bool { return panes(l) == 1 && strings.Contains(l[0], " Z") })
	s.shot("zoom.png")
	s.send(ctrlB + "z")
	s.waitFor("four panes again", func(l []string) bool { return panes(l) == 4 })
}

// tabsActivity: three tabs; the hidden one printing the time carries the activity mark.
func (s *scenes) tabsActivity() {
	s.send(ctrlB + "c")
	s.waitText("pick a pod for a new tab")
	s.pick("batch", sandboxPod, "")
	s.waitFor("the second tab", func(l []string) bool { return strings.Contains(l[0], "1:") && panes(l) == 1 })
	s.prompt(sandboxPod)
	s.line("while sleep 0.5; do date '+tick %T'; done")
	s.waitFor("the clock ticking", func(l []string) bool { return strings.Count(strings.Join(l, "\n"), "tick ") >= 3 })

	s.send(ctrlB + "c")
	s.waitText("pick a pod for a new tab")
	s.pick("data", redisPod, "")
	s.waitFor("the third tab", func(l []string) bool { return strings.Contains(l[0], "2:") && panes(l) == 1 })
	s.prompt(redisPod)
	s.run("env | grep ^CCI_ | sort", "CCI_POD=")
	s.run("uptime -p", "up ")
	s.waitFor("the activity mark on the hidden tab 1", func(l []string) bool {
		i := strings.Index(l[0], "1:")
		return i >= 0 && strings.Contains(l[0][i:], "•")
	})
	s.shot("tabs-activity.png")
}

// sync: a tab of three panes on different pods with synchronized input on, one command typed once.
func (s *scenes) sync() {
	s.send(ctrlB + "c")
	s.waitText("pick a pod for a new tab")
	s.pick("data", postgresPod, "postgres")
	s.waitFor("the fourth tab", func(l []string) bool { return strings.Contains(l[0], "3:") && panes(l) == 1 })
	s.prompt(postgresPod)
	s.send(ctrlB + "%")
	s.waitText("pick a pod for the pane on the right")
	s.pick("data", kafkaPod, "")
	s.waitFor("two panes", func(l []string) bool { return panes(l) == 2 })
	s.prompt(kafkaPod)
	s.send(ctrlB + `"`)
	s.waitText("pick a pod for the pane below")
	s.pick("shop", cartPod, "")
	s.waitFor("three panes", func(l []string) bool { return panes(l) == 3 })
	s.prompt(cartPod)

	s.send(ctrlB + "S")
	s.waitText("SYNC")
	s.line(`echo "$CCI_NAMESPACE/$CCI_POD/$CCI_CONTAINER: $(nproc) cpus"`)
	s.waitFor("the command in all three panes", func(l []string) bool {
		all := strings.Join(l, "\n")
		return strings.Contains(all, "data/"+postgresPod+"/postgres: ") &&
			strings.Contains(all, "data/"+kafkaPod+"/kafka: ") && strings.Contains(all, "shop/"+cartPod+"/cart: ")
	})
	s.shot("sync.png")
	s.send(ctrlB + "S")
	s.waitFor("sync off", func(l []string) bool { return !strings.Contains(l[0], "SYNC") })
}

// help: the help overlay over the four-pane tab.
func (s *scenes) help() {
	s.send(ctrlB + "0")
	s.waitFor("the first tab", func(l []string) bool { return panes(l) == 4 })
	s.waitGone("synchronized input off") // the status message of the sync toggle times out
	s.send(ctrlB + "?")
	s.waitText("toggle synchronized input")
	s.shot("help.png")
	s.send(esc)
	s.waitGone("toggle synchronized input")
}

// quit leaves podmux through its own quit (which ends every session), and kills it if that
// does not work or a scene failed (the screen may then be anywhere).
func (s *scenes) quit() error {
	d := s.driver
	if d.err != nil {
		return d.stop(3 * time.Second)
	}
	d.send(ctrlB + "d")
	d.waitText("namespaces (")
	d.send("q")
	d.waitText("Quit podmux?")
	d.send("y")
	select {
	case <-d.done:
	case <-time.After(10 * time.Second):
		d.fail("podmux did not quit")
	}
	quitErr := d.err
	stopErr := d.stop(3 * time.Second)
	if quitErr != nil {
		return errors.Join(quitErr, stopErr)
	}
	return nil
}
