# cases.sh is sourced by scripts/capture-corpus.sh. Each case_NAME function records NAME.raw:
#   start COLS ROWS SCRIPT   run SCRIPT (bash, cwd = the fixtures directory) in a COLSxROWS pane
#   keys KEY... / lit TEXT   tmux send-keys (named keys) / literal text, then wait for quiet
#   live                     the program redraws on its own: do not wait for quiet
#   waitfor TEXT             wait until the pane shows TEXT (a prompt)
#   pause S / wait_exit      let a live program refresh / wait for the program to exit
#   note TEXT                what the case exercises
#   differs REASON [X Y]     tmux departs from xterm: compare with NAME.expected_override instead
#   finish                   stop recording and replay into tmux for NAME.screen and NAME.json
# Programs see TERM=xterm-256color, LANG=C.UTF-8, TZ=UTC, PS1='$ ' and an empty HOME with the
# fixtures' .vimrc and .bash_history (see fixtures.sh).

SH='export PS1="\\$ "; exec bash --norc --noprofile -i'

# ---- shells and plain output ----------------------------------------------------------------

case_ls_color() {
	start 80 24 "$SH"
	waitfor '#'
	note 'bash prompt, ls --color=always -la: SGR colours, symlinks, fifo, sticky dir'
	lit 'ls --color=always -la demo demo/bin'; keys Enter
	finish
}

case_seq_500() {
	start 80 24 'seq 1 500'
	note 'plain scrolling: 500 lines through a 24-row screen'
	wait_exit; finish
}

case_long_line_wrap() {
	start 80 24 'printf "%0300d" 0 | tr 0 x; printf "\n"; printf "%s" "$(seq -s " " 1 120)"'
	note 'soft wrap of a 300-char line, then a 460-char line left in pending-wrap-free state'
	wait_exit; finish
}

case_long_line_narrow() {
	start 40 12 'for i in 1 2 3; do printf "%s " $(seq 100 140); printf "\n"; done; printf "%040d" 7'
	note '40x12: wrapped lines scrolling off, last line exactly 40 columns (pending wrap at exit)'
	wait_exit; finish
}

case_bash_long_cmdline() {
	start 80 24 "$SH"
	waitfor '#'
	note 'readline echoing a 230-char command line across three rows, then its output'
	lit "echo $(printf 'word%02d ' $(seq 1 33))"; keys Enter
	finish
}

case_bash_readline() {
	start 80 24 "$SH"
	waitfor '#'
	note 'readline editing: history up, ctrl-r reverse search, cursor movement, kill/yank'
	keys Up; keys Up; keys C-a; lit '# '; keys Enter
	keys C-r; lit 'grep'; keys C-r; keys Right; keys Enter
	lit 'echo one two three'; keys M-b; keys M-b; keys C-k; lit 'X'; keys C-y; keys Enter
	lit 'echo abc'; keys Left Left BSpace; keys Enter
	finish
}

case_ls_recursive() {
	start 80 24 'ls -R --color=always / 2>/dev/null | head -n 300'
	note 'ls -R of / (300 lines): scrolling coloured output, directory headers'
	wait_exit; finish
}

case_tree() {
	start 80 24 'tree -C --charset=UTF-8 demo; tree -A demo/src'
	note 'tree: UTF-8 box drawing, colours; tree -A: DEC special graphics via SO/SI or ESC ( 0'
	wait_exit; finish
}

case_python_repl() {
	start 80 24 'exec "$PYTHON" -q'
	waitfor '>>>'
	note 'python REPL: readline prompt, multi-line block, traceback'
	lit 'for i in range(3):'; keys Enter; lit '  print(i, "x" * i)'; keys Enter; keys Enter
	lit '1/0'; keys Enter
	lit 'print("\u4e2d\u6587", "caf\u00e9")'; keys Enter
	finish
}

case_git_log_graph() {
	start 80 24 'cd repo && git --no-pager log --graph --color=always --oneline --decorate --all; git --no-pager log -1 --stat --color=always'
	note 'git log --graph: colour graph lines, decorations; git log --stat'
	wait_exit; finish
}

case_progress_bar() {
	start 80 24 'for i in $(seq 0 5 100); do n=$((i/5)); printf "\r[%-20s] %3d%%" "$(printf "%*s" $n "" | tr " " "#")" $i; done; echo
for i in 1 2 3; do printf "\033[32mstep %d\033[0m working...\r\033[K" $i; printf "step %d \033[1mdone\033[0m\n" $i; done
printf "downloading \033[s"; for p in 10 50 90; do printf "\033[u%3d%%" $p; done; printf "\n"'
	note 'progress bars: CR redraw, EL (CSI K), save/restore cursor (CSI s / CSI u)'
	wait_exit; finish
}

case_watch_redraw() {
	live
	start 80 24 'exec watch -t -d -n 0.3 "ls -l --time-style=+%s /proc/self/; echo tick"'
	note 'watch -d: periodic full-screen redraws with reverse-video differences'
	pause 1.5; finish
}

# ---- full-screen programs -------------------------------------------------------------------

case_vim_edit() {
	start 80 24 'exec vim main.go'
	note 'vim: syntax colours, ruler, status line, insert mode typing, o/dd/u, line scrolling'
	keys 1 2 G; keys o; lit '	// added by the corpus'; keys Escape
	keys 3 j; keys d d; keys u; keys G; keys C-u
	finish
}

case_vim_split() {
	start 120 40 'exec vim main.go'
	note '120x40 vim :split and :vsplit, window separators, two status lines, ctrl-w moves'
	lit ':split text.txt'; keys Enter; lit ':vsplit'; keys Enter; keys 4 0 G; keys C-w j; keys 5 G
	finish
}

case_vim_search() {
	start 80 24 'exec vim text.txt'
	note 'vim hlsearch/incsearch: highlighted matches, n jumps, search wrap message'
	lit '/software'; keys Enter; keys n; keys n; keys N
	finish
}

case_vim_narrow() {
	start 40 12 'exec vim -c "set number" main.go'
	note '40x12 vim with line numbers and wrapping long lines'
	keys 2 0 G; keys A; lit ' and a long trailing comment that wraps'; keys Escape
	finish
}

case_less_page() {
	start 80 24 'exec less text.txt'
	note 'less: initial page, space paging, b back, g/G jumps'
	keys Space; keys Space; keys b; keys G; keys g
	finish
}

case_less_search() {
	start 80 24 'exec less text.txt'
	note 'less /search: standout-highlighted matches, n next, scrolling by lines'
	lit '/License'; keys Enter; keys n; keys n; keys j j j; keys k
	finish
}

case_man_ls() {
	start 120 40 'exec man ls'
	note '120x40 man ls through less: bold/underline, paging, search'
	keys Space; lit '/sort'; keys Enter; keys n
	finish
}

case_htop() {
	live
	start 120 40 'exec htop -d 5'
	note '120x40 htop: meters, colours, process list, two refreshes'
	pause 1.3; finish
}

case_htop_small() {
	live
	start 80 24 'exec htop -d 5 -t'
	note 'htop tree view at 80x24, a refresh and a cursor move'
	pause 0.8; keys Down Down; pause 0.6; finish
}

case_top() {
	live
	start 80 24 'exec top -d 0.5'
	note 'top: header, reverse-video column header, redraw by cursor positioning'
	pause 1.4; finish
}

case_dialog() {
	start 80 24 'exec dialog --title "Corpus" --checklist "Pick the panes to open:" 15 50 5 web "nginx pod" on db "postgres pod" off cache "redis pod" on worker "queue worker" off logs "log shipper" off'
	note 'dialog checklist: ncurses boxes (line drawing), colours, shadow, cursor moves'
	keys Down; keys Space; keys Down
	finish
}

case_whiptail() {
	start 80 24 'exec whiptail --title "Delete pod" --yesno "Delete pod web-7d9f8 in namespace demo?" 10 50'
	note 'whiptail (newt/slang): boxes, colours, buttons'
	keys Tab
	finish
}

case_altscreen_vim_quit() {
	start 80 24 "$SH"
	waitfor '#'
	note 'bash, then vim entering and leaving the alternate screen: main screen restored'
	lit 'echo before vim'; keys Enter; lit 'vim main.go'; keys Enter; lit ':q'; keys Enter
	lit 'echo after vim'; keys Enter
	finish
}

# ---- more programs ---------------------------------------------------------------------------

case_vim_unicode() {
	start 80 24 'exec vim unicode.txt'
	note 'vim on CJK, emoji, combining marks and long wrapping lines; cursor moves across wide chars, x deletes one'
	keys j j l l l l x; keys j 0 w w; lit 'i中'; keys Escape; keys 4 0 G; keys g g; keys 3 j; keys 8 l
	finish
}

case_less_chop() {
	start 80 24 'exec less -S unicode.txt'
	note 'less -S: chopped long lines, horizontal scrolling right and back over wide characters'
	keys 3 0 j; keys Right; keys Right; keys Left
	finish
}

case_bash_completion() {
	start 80 24 "$SH"
	waitfor '#'
	note 'readline completion: unique completion, then a listing of candidates (TAB TAB), bell'
	lit 'ls demo/s'; keys Tab; keys C-u; lit 'ls demo/'; keys Tab; keys Tab; keys C-u; lit 'echo done'; keys Enter
	finish
}

case_dialog_gauge() {
	start 80 24 'for p in 0 20 40 60 80 100; do echo $p; sleep 0.1; done | dialog --gauge "Pulling image podmux/demo:latest" 8 60 0'
	note 'dialog --gauge: progress bar redraws in a box'
	wait_exit; finish
}

case_python_curses() {
	start 80 24 "$(cat <<-'EOF'
		exec "$PYTHON" - <<'PY'
		import curses, time
		def main(s):
		    curses.start_color(); curses.use_default_colors()
		    curses.init_pair(1, curses.COLOR_CYAN, -1)
		    s.box(); s.addstr(0, 2, " pods ", curses.color_pair(1) | curses.A_BOLD); s.refresh()
		    w = curses.newwin(10, 40, 3, 5); w.box(); w.scrollok(False)
		    sub = w.derwin(8, 38, 1, 1); sub.scrollok(True); sub.idlok(True)
		    for i in range(25):
		        sub.addstr("pod-%02d  Running  10.0.0.%d\n" % (i, i)); sub.refresh(); w.refresh()
		    s.addstr(20, 2, "ACS: "); s.addch(curses.ACS_ULCORNER); s.addch(curses.ACS_HLINE); s.addch(curses.ACS_URCORNER)
		    s.refresh(); w.touchwin(); w.refresh(); sub.refresh(); time.sleep(60)
		curses.wrapper(main)
		PY
	EOF
	)"
	note 'python curses: windows, box/ACS, a scrolling subwindow (ncurses uses scroll regions/IL/DL), colours'
	finish
}

case_top_narrow() {
	live
	start 40 12 'exec top -d 0.5'
	note '40x12 top: truncated header and columns, redraws'
	differs 'tmux keeps the pending-wrap cursor past the last column, so the CSI K that top sends after each full-width (40-column) header line erases nothing. xterm (util.c ClearRight) erases from the cursor column inclusive, and in the pending-wrap state that is the last column: rows 1-5 lose their 40th character.'
	pause 1.2; finish
}

case_git_diff_color() {
	start 80 24 'cd repo && git --no-pager diff --color=always && git --no-pager diff --color=always --word-diff=color'
	note 'git diff with colours and --word-diff=color'
	wait_exit; finish
}

case_ls_columns_narrow() {
	start 40 12 'ls --color=always -C /usr/bin | head -n 30'
	note '40x12 coloured ls in columns (tab/space alignment), scrolling'
	wait_exit; finish
}
