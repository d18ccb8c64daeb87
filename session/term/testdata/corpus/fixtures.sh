# fixtures.sh is sourced by scripts/capture-corpus.sh: make_fixtures FX HOME builds the fixed
# files, directory and git repository the corpus programs run on, with fixed names and dates.

make_fixtures() {
	local fx=$1 home=$2
	mkdir -p "$fx" "$home"
	cd "$fx"

	# A directory for ls and tree: every file type ls colours, fixed mtimes.
	mkdir -p demo/src/term demo/src/ui demo/docs demo/bin demo/empty
	printf 'package main\n' >demo/src/main.go
	printf 'package term\n' >demo/src/term/screen.go
	printf 'package term\n' >demo/src/term/parser.go
	printf 'package ui\n' >demo/src/ui/pane.go
	printf '# podmux\n' >demo/README.md
	printf 'notes\n' >demo/docs/design.txt
	head -c 4096 /dev/zero >demo/docs/archive.tar.gz
	printf '#!/bin/sh\necho hi\n' >demo/bin/run.sh
	chmod 755 demo/bin/run.sh
	ln -s src/main.go demo/main-link.go
	ln -s missing-target demo/broken-link
	mkfifo demo/pipe.fifo
	chmod 1777 demo/empty
	printf 'x\n' >demo/image.png
	find demo -exec touch -h -d '2024-03-01 12:00:00 UTC' {} +

	# A Go file for vim (syntax colours) and a long text for less.
	# Heredoc body unindented: the tabs are the Go file's own.
	cat >main.go <<'EOF'
// Package main is a small program the corpus edits in vim.
package main

import (
	"fmt"
	"os"
	"strings"
)

// Greeting returns a greeting for name.
func Greeting(name string) string {
	if name == "" {
		name = "world"
	}
	return "hello, " + strings.TrimSpace(name)
}

func main() {
	for i, arg := range os.Args[1:] {
		fmt.Printf("%d: %s\n", i, Greeting(arg))
	}
	if len(os.Args) < 2 {
		fmt.Println(Greeting(""))
	}
	os.Exit(0)
}
EOF
	if [[ -r /usr/share/common-licenses/GPL-3 ]]; then
		cp /usr/share/common-licenses/GPL-3 text.txt
	else
		for i in $(seq 1 400); do echo "line $i: the quick brown fox jumps over the lazy dog"; done >text.txt
	fi

	# A mixed-script file for vim and less: CJK, emoji, combining marks, long lines.
	{
		printf '# Unicode sample\n'
		printf '中文：终端模拟器需要正确处理宽字符。\n日本語：ターミナルの幅の計算。\n한국어: 터미널 너비 계산\n'
		printf 'emoji: 🚀 📦 🐳 ✅ done\n'
		printf 'combining: cafe\314\201 nai\314\210ve Tie\314\202\314\201ng\n'
		printf 'box: ┌──┬──┐ │ab│cd│ └──┴──┘\n'
		for i in $(seq 1 40); do
			printf 'row %02d: %s|%s\n' "$i" "$(printf '%0*d' $((i * 3)) 0 | tr 0 =)" "$(seq -s , 1 $((i * 2)))"
		done
	} >unicode.txt

	# vim: defaults plus syntax, ruler, status line and search highlighting.
	cat >"$home/.vimrc" <<-'EOF'
		set nocompatible
		syntax on
		filetype plugin indent on
		set ruler laststatus=2 showcmd hlsearch incsearch
		set viminfo= noswapfile
	EOF

	# bash history for the ctrl-r case.
	printf '%s\n' 'ls -la' 'grep -rn Greeting .' 'git log --oneline' 'echo first' \
		'make test' 'grep -c fox text.txt' 'echo last' >"$home/bash_history.orig"

	# A small git repo with branches and merges, fixed authors and dates.
	git init -q -b main repo
	(
		cd repo
		export GIT_AUTHOR_NAME='Ada Lovelace' GIT_AUTHOR_EMAIL=ada@example.com
		export GIT_COMMITTER_NAME='Ada Lovelace' GIT_COMMITTER_EMAIL=ada@example.com
		local n=0
		c() {
			n=$((n + 1))
			export GIT_AUTHOR_DATE="2024-01-0$((n % 9 + 1))T10:00:00Z" GIT_COMMITTER_DATE="2024-01-0$((n % 9 + 1))T10:00:00Z"
			echo "$1" >>"f$((n % 3))"
			git add -A && git commit -q -m "$1"
		}
		c 'Initial commit'
		c 'Add session manager'
		git checkout -q -b feature/term
		c 'term: screen ring'
		c 'term: parser callbacks'
		git checkout -q main
		c 'cli: render command'
		git merge -q --no-ff -m "Merge branch 'feature/term'" feature/term
		git checkout -q -b fix/wrap
		c 'term: pending wrap'
		git checkout -q main
		c 'ui: pane borders'
		git merge -q --no-ff -m "Merge branch 'fix/wrap'" fix/wrap
		c 'docs: design notes'
		git tag v0.1.0
		c 'Bump version'
		printf 'line one\nline two changed here\nline three\n' >>f0
		sed -i 's/Initial commit/Initial commit (edited)/' f1
	)
}
