#!/usr/bin/env bash
# capture-corpus.sh records the terminal-engine differential corpus with tmux, the reference
# terminal. For every case defined in session/term/testdata/corpus/cases.sh it
#
#   1. records: runs the real program in a detached tmux pane of a fixed size (TERM=xterm-256color,
#      LANG=C.UTF-8, TZ=UTC, empty HOME, fixed PS1), drives it with send-keys and saves every byte
#      the program wrote (tmux pipe-pane) to NAME.raw;
#   2. replays: cats NAME.raw into a fresh pane of the same size with output post-processing off
#      (stty raw -echo -opost) and saves `capture-pane -p` to NAME.screen and the cursor and size to
#      NAME.json, so the expected screen corresponds exactly to the stored bytes.
#
# Usage: scripts/capture-corpus.sh [-r] [CASE...]
#   no CASE  record and replay every case;   -r  only replay (re-derive .screen/.json from .raw).
# Needs: tmux (3.3a was used), bash, vim, less, htop, top, man-db + manpages, git, dialog, whiptail,
# tree, watch, tabs, python3. The Go test never runs this; it only reads the stored files.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/session/term/testdata/corpus
SOCK=podmux-corpus-$$
TMUX_CMD=(tmux -L "$SOCK" -f /dev/null)
W=$(mktemp -d /tmp/podmux-corpus.XXXXXX)
REPLAY_ONLY=0
trap '"${TMUX_CMD[@]}" kill-server 2>/dev/null || true; sleep 0.2; rm -rf "$W" 2>/dev/null || true' EXIT

t() { "${TMUX_CMD[@]}" "$@"; }
die() { echo "capture-corpus: $*" >&2; exit 1; }

# ---- case helpers (used by cases.sh) --------------------------------------------------------

CASE= COLS= ROWS= NOTES= DIFFERS= XCUR= LIVE=0

# start COLS ROWS SCRIPT: run SCRIPT (bash source text) in a new pane of COLS x ROWS and record it.
start() {
	COLS=$1 ROWS=$2
	NOTES= DIFFERS= XCUR=
	printf '%s\n' "$3" >"$W/cmd/$CASE.sh"
	rm -f "$OUT/$CASE.raw" "$W/$CASE.piped"
	t new-session -d -s "$CASE" -x "$COLS" -y "$ROWS" "$W/run.sh $CASE"
	t set-option -g remain-on-exit on
	# cat ignores SIGTERM (tmux sends it when the pipe is closed) so it drains the pipe to EOF.
	t pipe-pane -t "$CASE" "trap '' TERM; cat > '$OUT/$CASE.raw'; touch '$W/$CASE.piped'"
	t wait-for -S "gate_$CASE"
	settle
}

# note TEXT: what the case exercises (stored in NAME.json).
note() { NOTES=$1; }

# differs REASON [CURSOR_X CURSOR_Y]: tmux departs from xterm here; the test compares with the
# hand-written NAME.expected_override (and this cursor) instead of NAME.screen.
differs() { DIFFERS=$1; XCUR=${2:+$2 $3}; }

size_of() { stat -c %s "$OUT/$CASE.raw" 2>/dev/null || echo 0; }

# live: the next case's program redraws on its own (top, htop, watch), so settle only waits
# half a second instead of waiting for quiet.
live() { LIVE=1; }

# settle [QUIET_TENTHS]: wait until the program has written nothing for QUIET_TENTHS/10 s.
settle() {
	local quiet=${1:-6} last=-1 same=0 i
	if ((LIVE)); then sleep 0.5; return 0; fi
	for ((i = 0; i < 300; i++)); do
		local now
		now=$(size_of)
		if [[ $now == "$last" ]]; then
			((++same >= quiet)) && return 0
		else
			same=0 last=$now
		fi
		sleep 0.1
	done
	die "$CASE: output never settled"
}

# keys ARGS...: tmux send-keys ARGS, then settle. lit TEXT: send TEXT literally, then settle.
keys() { t send-keys -t "$CASE" "$@"; settle; }
lit() { t send-keys -t "$CASE" -l "$1"; settle; }

# waitfor TEXT: wait until the recorded pane shows TEXT (a prompt) before typing.
waitfor() {
	local i
	for ((i = 0; i < 300; i++)); do
		t capture-pane -p -t "$CASE" | grep -qF -- "$1" && { settle; return 0; }
		sleep 0.1
	done
	die "$CASE: never showed $1"
}

# pause SECONDS: let a live program (top, htop, watch) refresh on its own.
pause() { sleep "$1"; }

# wait_exit: wait until the program has exited.
wait_exit() {
	local i
	for ((i = 0; i < 300; i++)); do
		[[ $(t display -p -t "$CASE" '#{pane_dead}') == 1 ]] && return 0
		sleep 0.1
	done
	die "$CASE: program did not exit"
}

# finish: stop recording, kill the program, replay the stream and store the expectations.
finish() {
	t pipe-pane -t "$CASE" 2>/dev/null || true # a dead pane has already closed it
	t kill-session -t "$CASE" # destroying the pane closes its pipe
	LIVE=0
	local i
	for ((i = 0; i < 100; i++)); do [[ -e $W/$CASE.piped ]] && break; sleep 0.1; done
	[[ -e $W/$CASE.piped ]] || die "$CASE: pipe did not drain"
	replay
}

# replay: derive NAME.screen and NAME.json from NAME.raw in a fresh pane.
replay() {
	local raw=$OUT/$CASE.raw r=replay_$CASE
	[[ -s $raw ]] || die "$CASE: empty or missing $raw"
	t new-session -d -s "$r" -x "$COLS" -y "$ROWS" \
		"stty raw -echo -opost; cat '$raw'; sleep 0.5; tmux wait-for -S done_$r; sleep 100000"
	t wait-for "done_$r"
	local a b
	b=$(t capture-pane -p -t "$r")
	a=
	while [[ $a != "$b" ]]; do sleep 0.2; a=$b; b=$(t capture-pane -p -t "$r"); done
	# capture-pane -p prints DEC special graphics cells as their ASCII letters; -e brackets them
	# with SO/SI, so derive the screen from -e, mapping those cells to Unicode as xterm draws them.
	t capture-pane -e -p -t "$r" >"$W/$CASE.screen_e"
	t capture-pane -p -t "$r" >"$W/$CASE.screen_p"
	python3 "$W/unescape.py" "$W/$CASE.screen_e" "$W/$CASE.screen_p" >"$OUT/$CASE.screen" ||
		die "$CASE: capture-pane -e and -p disagree"
	local cur size
	cur=$(t display -p -t "$r" '#{cursor_x} #{cursor_y}')
	size=$(t display -p -t "$r" '#{pane_width} #{pane_height}')
	[[ $size == "$COLS $ROWS" ]] || die "$CASE: replay pane is $size, want $COLS $ROWS"
	t kill-session -t "$r"
	write_meta ${cur}
	if [[ -n $DIFFERS && ! -e $OUT/$CASE.expected_override ]]; then
		echo "capture-corpus: $CASE: write $CASE.expected_override by hand (xterm behaviour)" >&2
	fi
	printf '%-22s %4dx%-3d %7d bytes  cursor %s\n' "$CASE" "$COLS" "$ROWS" "$(size_of)" "$cur"
}

write_meta() {
	local x=$1 y=$2
	{
		printf '{\n  "name": "%s",\n  "cols": %d,\n  "rows": %d,\n' "$CASE" "$COLS" "$ROWS"
		printf '  "cursor_x": %d,\n  "cursor_y": %d,\n' "$x" "$y"
		printf '  "notes": %s' "$(json_str "$NOTES")"
		if [[ -n $DIFFERS ]]; then
			printf ',\n  "xterm_differs": %s' "$(json_str "$DIFFERS")"
			if [[ -n $XCUR ]]; then
				set -- $XCUR
				printf ',\n  "xterm_cursor_x": %d,\n  "xterm_cursor_y": %d' "$1" "$2"
			fi
		fi
		printf '\n}\n'
	} >"$OUT/$CASE.json"
}

json_str() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }

# ---- fixtures -------------------------------------------------------------------------------

setup() {
	mkdir -p "$W/cmd" "$W/home"
	cat >"$W/run.sh" <<-EOF
		#!/bin/sh
		tmux wait-for "gate_\$1"
		cd '$W/fx'
		cp '$W/home/bash_history.orig' "$W/home/hist_\$1"
		exec env -i HOME='$W/home' PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \\
		  TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC USER=corpus LOGNAME=corpus \\
		  SHELL=/bin/bash PS1='\\$ ' HISTFILE="$W/home/hist_\$1" PAGER=less \\
		  MANPAGER=less LESSHISTFILE=- EDITOR=vim PYTHON='$(python3 -c "import sys; print(sys.executable)")' \\
		  bash '$W/cmd/'"\$1"'.sh'
	EOF
	chmod +x "$W/run.sh"
	cat >"$W/unescape.py" <<-'EOF'
		import re, sys
		# xterm's DEC special graphics (ESC ( 0) table.
		DEC = dict(zip("`abcdefghijklmnopqrstuvwxyz{|}~_",
		               "◆▒␉␌␍␊°±␤␋┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£· "))
		esc = re.compile(r"\x1b\[[0-9;:]*m|\x1b\]8;[^\x1b]*\x1b\\")
		charset, plain, out = False, [], []
		for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
		    line = esc.sub("", line)
		    a, b = [], []
		    for ch in line:
		        if ch == "\x0e": charset = True
		        elif ch == "\x0f": charset = False
		        else:
		            a.append(ch)
		            b.append(DEC.get(ch, ch) if charset else ch)
		    plain.append("".join(a).rstrip(" ")); out.append("".join(b).rstrip(" "))
		want = open(sys.argv[2], encoding="utf-8").read().split("\n")
		if plain != want:
		    for i, (x, y) in enumerate(zip(plain, want)):
		        if x != y: sys.stderr.write("line %d: -e %r, -p %r\n" % (i + 1, x, y))
		    sys.exit(1)
		sys.stdout.write("\n".join(out))
	EOF
	# shellcheck source=/dev/null
	. "$OUT/fixtures.sh"
	make_fixtures "$W/fx" "$W/home"
}

# ---- main -----------------------------------------------------------------------------------

[[ ${1:-} == -r ]] && { REPLAY_ONLY=1; shift; }
command -v tmux >/dev/null || die "tmux not found: apt-get install tmux"
for f in "$OUT"/cases*.sh; do
	# shellcheck source=/dev/null
	. "$f"
done
mapfile -t ALL < <(declare -F | awk '{print $3}' | sed -n 's/^case_//p')
CASES=("$@")
[[ ${#CASES[@]} -gt 0 ]] || CASES=("${ALL[@]}")
setup
t new-session -d -s keepalive -x 80 -y 24 "sleep 100000"
for CASE in "${CASES[@]}"; do
	declare -F "case_$CASE" >/dev/null || die "unknown case $CASE (see $OUT/cases.sh)"
	if ((REPLAY_ONLY)); then
		# Re-run the case definition only for its size and notes.
		eval "$(declare -f "case_$CASE" | sed -n 's/^ *start \([0-9]*\) \([0-9]*\) .*/COLS=\1 ROWS=\2/p' | head -1)"
		NOTES= DIFFERS= XCUR=
		eval "$(declare -f "case_$CASE" | grep -E '^ *(note|differs) ' || true)"
		replay
	else
		"case_$CASE"
	fi
done
