# cases_sequences.sh is sourced by scripts/capture-corpus.sh (helpers: see cases.sh). These cases
# are small printf scripts aimed at one family of sequences each; the bytes come out of a real pty.

# ---- Unicode -------------------------------------------------------------------------------

case_cjk() {
	start 80 24 "$(cat <<-'EOF'
		printf '中文字符测试：终端引擎。\n日本語のテキスト、カタカナとひらがな。\n한국어 텍스트 출력\n'
		printf 'mixed ASCII 和 中文 and 日本 text\n'
		printf '%079d中\n' 0
		printf '%078d中文\n' 0
		printf '全角ＡＢＣ１２３\n'
		printf 'ab中cd\033[1;4Hx\033[2;1H\033[3@'
		printf '\033[9;1H'
	EOF
	)"
	note 'CJK wide characters; a wide char at the last column wraps; overwriting half of one; ICH'
	wait_exit; finish
}

case_cjk_narrow() {
	start 40 12 "$(cat <<-'EOF'
		for i in 1 2 3 4 5 6; do printf '第%d行：宽字符换行测试，宽字符换行测试，宽字符。\n' $i; done
	EOF
	)"
	note '40x12: wrapping CJK lines (odd columns left at line ends) and scrolling'
	wait_exit; finish
}

case_emoji() {
	start 80 24 "$(cat <<-'EOF'
		printf 'faces: 😀 😃 😄 🙂 end\n'
		printf 'objects: 🚀 📦 🐳 ✅ ❌ end\n'
		printf '%078d🚀|\n' 0
		printf 'cursor after: 🐳x\033[2D<\n'
	EOF
	)"
	note 'single-codepoint wide emoji, emoji at the last column wraps, cursor moves over them'
	wait_exit; finish
}

case_emoji_zwj() {
	start 80 24 "$(cat <<-'EOF'
		printf 'zwj family:  👨‍👩‍👧 |\n'
		printf 'rainbow:     🏳️‍🌈 |\n'
		printf 'flags:       🇩🇪🇯🇵🇺🇸 |\n'
		printf 'skin tone:   👍🏽 |\n'
		printf 'vs16 heart:  ❤️ |\n'
		printf 'keycap:      1️⃣ |\n'
		for c in 👨‍👩‍👧 🏳️‍🌈 🇩🇪 👍🏽 ❤️ 1️⃣; do for i in $(seq 41); do printf '%s' "$c"; done; printf '|\n'; done
	EOF
	)"
	note 'emoji grapheme clusters: ZWJ sequences, regional-indicator flags, modifiers, VS16, keycaps'
	differs 'tmux 3.3a sizes emoji sequences by its own table: a skin-tone modifier is a second wide cell (width 4), the rainbow flag (U+1F3F3 VS16 ZWJ U+1F308), the VS16 heart and the keycap get width 1. podmux follows the Unicode grapheme rules x/ansi implements (ansi.StringWidth): every one of these clusters is width 2, so 41 repetitions wrap after 40.' 0 18
	wait_exit; finish
}

case_combining() {
	start 80 24 "$(cat <<-'EOF'
		printf 'cafe\314\201 nai\314\210ve re\314\201sume\314\201 |\n'
		printf 'Tiếng Việt: Tiê\314\201ng Viê\314\243t |\n'
		printf 'stacked: a\314\201\314\202\314\203\314\204 o\314\210\314\201 |\n'
		printf 'hangul jamo: 한 = \341\204\222\341\205\241\341\206\253 |\n'
		printf 'devanagari: नमस्ते |\n'
		printf 'x\033[1;2H\314\201|\n'
	EOF
	)"
	note 'combining marks (precomposed vs decomposed, stacked), Hangul jamo, Devanagari clusters'
	wait_exit; finish
}

case_zero_width() {
	start 80 24 "$(cat <<-'EOF'
		printf 'zwsp:[a\342\200\213b] |\n'
		printf 'zwj alone:[a\342\200\215b] |\n'
		printf 'bom:[a\357\273\277b] |\n'
		printf 'soft hyphen:[a\302\255b] |\n'
		printf 'word joiner:[a\342\201\240b] |\n'
		for c in '\342\200\213' '\342\200\215' '\357\273\277' '\342\201\240'; do printf "%077da${c}bcd\\n" 0; done
	EOF
	)"
	note 'zero-width format characters between two letters'
	differs 'tmux 3.3a drops a lone ZWJ (U+200D) from the cell text and stores a BOM (U+FEFF) as ZWJ+BOM; xterm attaches a zero-width character to the previous cell without advancing and keeps it in the cell text. Positions agree; only the text of those cells differs. The soft hyphen is one cell in both (wcwidth 1).'
	wait_exit; finish
}

# ---- colour ----------------------------------------------------------------------------------

case_colors_256() {
	start 80 24 "$(cat <<-'EOF'
		for i in $(seq 0 255); do printf '\033[48;5;%dm\033[38;5;%dm%3d\033[0m ' $i $(( (i + 128) % 256 )) $i; [ $((i % 16)) = 15 ] && printf '\n'; done
		printf '\033[1mbold\033[22m \033[2mdim\033[22m \033[3mital\033[23m \033[4mul\033[24m \033[5mblink\033[25m \033[7mrev\033[27m \033[9mstrike\033[29m \033[4:3mcurly\033[0m\n'
		for i in 30 31 32 33 34 35 36 37 90 91 92 93 94 95 96 97; do printf '\033[%dm%d\033[m ' $i $i; done; printf '\n'
	EOF
	)"
	note '256-colour palette (SGR 38;5/48;5), 16 colours, attributes incl. SGR 4:3'
	wait_exit; finish
}

case_truecolor() {
	start 80 24 "$(cat <<-'EOF'
		for r in 0 1 2 3 4 5 6 7; do for c in $(seq 0 79); do printf '\033[48;2;%d;%d;%dm\033[38;2;255;255;255m%s' $((c * 3)) $((r * 32)) $((255 - c * 3)) $(( (c + r) % 10 )); done; printf '\033[0m\n'; done
		printf '\033[38:2::255:100:0mcolon form\033[0m \033[48:2::0:0:128mbg\033[0m\n'
	EOF
	)"
	note 'truecolor bars (SGR 38;2 / 48;2 and the colon form), lines exactly 80 wide then LF'
	wait_exit; finish
}

# ---- cursor, scrolling, editing --------------------------------------------------------------

case_scroll_region() {
	start 80 24 "$(cat <<-'EOF'
		printf '\033[H\033[2J'; for i in $(seq 1 24); do printf 'row %02d -----------------------------------------------------------\n' $i | head -c 70; [ $i -lt 24 ] && printf '\n'; done
		printf '\033[5;15r\033[15;1H'; for i in 1 2 3 4; do printf '\nscrolled %d' $i; done
		printf '\033[5;1H\033MRI-top\033M'
		printf '\033[2S\033[1T'
		printf '\033[10;1H\033[2L\033[12;1H\033[1M'
		printf '\033[r\033[24;1H\nafter reset\033[3;8H'
	EOF
	)"
	note 'DECSTBM 5;15, LF at the bottom margin, RI at the top margin, SU/SD, IL/DL inside, reset'
	wait_exit; finish
}

case_insert_delete() {
	start 80 24 "$(cat <<-'EOF'
		printf '\033[H\033[2J'; for i in $(seq 1 20); do printf 'line %02d: abcdefghijklmnopqrstuvwxyz0123456789\r\n' $i; done
		printf '\033[3;1H\033[2L'
		printf '\033[10;1H\033[3M'
		printf '\033[5;10H\033[4@INS'
		printf '\033[6;10H\033[5P'
		printf '\033[7;5H\033[10X'
		printf '\033[8;30H\033[20@'
		printf '\033[9;3H\033[500P'
		printf '\033[11;20H\033[1K\033[12;20H\033[K\033[13;20H\033[2K'
		printf '\033[16;1H\033[0J'
		printf '\033[1;40H\033[1J\033[14;1H'
	EOF
	)"
	note 'IL, DL, ICH, DCH, ECH (DCH with a huge count clamped), EL 0/1/2, ED 0/1'
	wait_exit; finish
}

case_ich_overflow() {
	start 80 24 "$(cat <<-'EOF'
		for i in 1 2 3 4; do printf 'row %d: abcdefghijklmnopqrstuvwxyz0123456789\n' $i; done
		printf '\033[1;30H\033[200@\033[2;30H\033[51@\033[3;30H\033[50@\033[4;1H\033[80@\033[6;1H'
	EOF
	)"
	note 'ICH (CSI @) with a count reaching or passing the right margin'
	differs 'tmux 3.3a grid_view_insert_cells moves the cells that stay but clears only the cells it moved from: with a count >= the columns left the row is unchanged, and with 50 of 51 the old text between stays. xterm shifts the row right by the count (cells past the margin are lost) and blanks count cells from the cursor.'
	wait_exit; finish
}

case_tabs() {
	start 80 24 "$(cat <<-'EOF'
		printf 'a\tb\tc\td\te\tf\tg\th\ti\tj\tk\n'
		printf '\033[3g\033[5G\033H\033[17G\033H\033[30G\033H\r1\t2\t3\t4\t5\n'
		printf '\033[40Gx\033[2Zy\033[Zz\n'
		printf '\033[17G\033[0g\r1\t2\t3\n'
		tabs -4; printf 'q\tw\te\tr\tt\n'; tabs -8
		printf '\033[75G\t\t\tend\n'
	EOF
	)"
	note 'default tab stops, TBC 3/0, HTS, CBT (CSI Z), tabs(1) via tput, HT stuck at last column'
	wait_exit; finish
}

case_tabs_cht() {
	start 80 24 "$(cat <<-'EOF'
		printf 'a\033[Ib\033[2Ic\033[Id\n'
		printf '\033[70G\033[5Ie\n'
	EOF
	)"
	note 'CHT (CSI I): forward tab N stops'
	differs 'tmux 3.3a ignores CHT (CSI Ps I). xterm moves forward Ps tab stops (default 1), stopping at the last column.'
	wait_exit; finish
}

case_dec_graphics() {
	start 80 24 "$(cat <<-'EOF'
		printf '\033(0lqqqqwqqqqk\nx    x    x\ntqqqqnqqqqu\nx    x    x\nmqqqqvqqqqj\033(B ascii\n'
		printf '\033)0\016lqk\017 G1 via SO/SI \016mqj\017\n'
		printf '\033(0`afgjklmnopqrstuvwxyz{|}~\033(B\n'
		printf '\033(0\033(B back to ascii: lqk\n'
	EOF
	)"
	note 'DEC special graphics: G0 via ESC ( 0, G1 via ESC ) 0 with SO/SI, the full table'
	wait_exit; finish
}

case_altscreen() {
	start 80 24 "$(cat <<-'EOF'
		printf 'main screen line 1\nmain screen line 2\nprompt$ '
		printf '\033[?1049h\033[H\033[2Jalternate screen\033[10;10Hdrawn at 10,10'
		printf '\033[?1049l'
		printf 'back\n'
		printf '\033[?1047hin 1047\033[?1047l'
		printf '\033[?47h\033[2J47 screen\033[?47l\n'
		printf 'then stay in alt: \033[?1049h\033[2J\033[5;5Hstaying in the alternate screen'
	EOF
	)"
	note 'alternate screen 1049 (save cursor, clear), 1047, 47; ends inside the alternate screen'
	wait_exit; finish
}

case_pending_wrap_bs() {
	start 80 24 "$(cat <<-'EOF'
		printf '%080d\bX\n' 0
		printf '%080d\b\bY\n' 0
		printf '%080d\033[DZ\n' 0
		printf '%0160d\r\bW\n' 0
		printf 'top\r\bV\n'
		printf '%080dA\b\bB\n' 0
		printf 'end'
	EOF
	)"
	note 'BS and CUB from the pending-wrap state at the last column; BS at column 0 after a soft wrap'
	differs 'tmux keeps the pending-wrap cursor at x == cols, so BS and CUB from it land on the last column, and its BS at column 0 of the row after a soft wrap moves to the end of that row (reverse wrap). xterm without reverse-wrap mode: BS/CUB from the pending-wrap state go to column cols-2 and clear the wrap; BS at column 0 stays at column 0.' 3 8
	wait_exit; finish
}

case_cursor_modes() {
	start 80 24 "$(cat <<-'EOF'
		printf '\033[H\033[2J\033#8'
		printf '\033[5;20r\033[?6h\033[1;1Horigin 1,1\033[99;1Horigin bottom'
		printf '\033[?6l\033[r\033[2;1H\033[?7lno autowrap: %0100d' 0
		printf '\033[?7h\033[3;1H\0337saved\033[20;40H\0338restored'
		printf '\033[4;1H\033[10Cfwd\033[3Dback\033[2B\033[5Adown-up\033[2Enl\033[1Fpl'
		printf '\033[12;30Hcol30\033[15Gcol15\033[13dline13'
		printf '\033[21;1H\033[K\033[22;1H\033[K\033[23;1H\033[K\033[24;1H\033[Kdone'
	EOF
	)"
	note 'DECALN fill, DECOM origin mode with margins, DECAWM off, DECSC/DECRC, CUF/CUB/CUD/CUU, CNL/CPL, CHA/VPA'
	wait_exit; finish
}

# ---- edge cases ------------------------------------------------------------------------------

case_wide_edges() {
	start 80 24 "$(cat <<-'EOF'
		printf '中文中文中文\033[1;3Hx\033[1;8Hy\n'
		printf '中文中文中文\033[2;4H\033[2@\033[2;2H\033[P\n'
		printf '中文中文中文\033[3;4H\033[K\033[4;1H中文中文中文\033[4;6H\033[1K\n'
		printf '中文中文中文\033[5;2H\033[3X\033[6;1H\n'
		printf '\033[?7l%078d中文中\033[?7h\n' 0
		printf '\033[8;80H中|\033[9;1H'
		printf 'a\t中\tb\033[10;1H中\033[2C文\033[D\033[D!\n'
	EOF
	)"
	note 'wide characters cut by writes, ICH, DCH, EL, ECH, CUF/CUB into their halves; wide char at the last column with and without autowrap'
	differs 'tmux 3.3a keeps the left half of a wide character when ICH, DCH, EL 0 or ECH starts on its right half, leaving an orphan cell (rows 2, 3, 5). xterm blanks the whole wide character first (util.c DamagedCells, called by InsertChar and DeleteChar and the erase paths). Overwrites (row 1) and EL 1 (row 4) agree.'
	wait_exit; finish
}

case_parser_edges() {
	start 80 24 "$(cat <<-'EOF'
		printf 'c0 in csi: \033[3\n;20Hx\r\n'
		printf 'can: [\033[31\030m] sub: [\033[1\032m] esc restart: [\033[12\033[1;1H]\n'
		printf '\033[5;1Hosc: [\033]0;title\007\033]2;t\033\\\033]8;;http://x\033\\link\033]8;;\033\\]\n'
		printf 'dcs: [\033P1$r0m\033\\] apc: [\033_hidden\033\\] pm: [\033^hidden\033\\] sos: [\033Xhidden\033\\]\n'
		printf 'unknown: [\033[?1;2;3y\033[>5q\033[1 q\033[=1c\033#9] many params: [\033[1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;23;24;25;26;27;28;29;30;31;32;33m]\033[m\n'
		printf 'del: [ab\177c] nul: [a\000b] bel: [\007] vt ff: [a\013b\014c]\n'
		printf 'rep: [x\033[5b] dec: [\033[10;1H\033[2;2H\033[H]\033[12;1H'
	EOF
	)"
	note 'parser: C0 inside CSI, CAN/SUB abort, ESC restart, OSC/DCS/APC/PM/SOS strings, unknown and long sequences, DEL/NUL/VT/FF, REP'
	wait_exit; finish
}

case_invalid_utf8() {
	start 80 24 "$(cat <<-'EOF'
		printf 'lone continuation: [\200] [\277]\n'
		printf 'truncated: [\344\270] then ascii\n'
		printf 'overlong: [\300\257] surrogate: [\355\240\200]\n'
		printf 'c1 byte: [a\23331mb] [\205]\n'
		printf 'ff fe: [\377\376]\n'
	EOF
	)"
	note 'invalid UTF-8: lone continuation bytes, truncated and overlong sequences, surrogates, raw C1 bytes'
	differs 'tmux 3.3a silently drops malformed UTF-8 bytes. xterm shows U+FFFD for them; the expected count follows the Unicode Standard (ch. 3, U+FFFD substitution of maximal subparts, as the WHATWG decoder does): one per maximal subpart, so a truncated prefix (E4 B8) is one U+FFFD, an overlong C0 AF two, a surrogate ED A0 80 three, a raw C1 byte one.'
	wait_exit; finish
}

case_resets() {
	start 80 24 "$(cat <<-'EOF'
		printf 'before RIS\033c'
		printf 'after RIS\n\033[5;10r\033[?6h\033[!psoft reset home\033[3;1H'
		printf 'line3\033D\033Dind\033Enel\033[1;1H\033M\033Mri-top'
		printf '\033[20;1H\0337\033[?1049h\033[5;5Halt\033[?1049l\0338restored'
		printf '\033[22;1H\033[4hinsert mode\033[22;1H>>\033[4l\033[23;1Hdone'
	EOF
	)"
	note 'RIS, DECSTR (CSI ! p) resetting margins and origin mode, IND/NEL/RI (RI at the top scrolls down), DECSC across 1049, IRM insert mode'
	differs 'tmux 3.3a ignores DECSTR (CSI ! p), so origin mode and the 5;10 margins stay and later CUPs are clamped into the region. xterm DECSTR turns off origin mode and insert mode, resets the margins to the full screen and leaves the cursor where it is; everything after follows from that.' 4 22
	wait_exit; finish
}

case_huge_params() {
	start 80 24 "$(cat <<-'EOF'
		printf 'cuf:\033[99999999999C<\r\n'
		printf 'cuf 70000:\033[70000C<\r\n'
		printf 'cup:\033[99999999999;5Hbottom\033[3;1H'
		printf '\033[4;1Hmany digits: [\033[0000000000000000000000000001mx\033[m]\r\n'
	EOF
	)"
	note 'parameters past INT_MAX and past 65535, long zero-padded parameters'
	differs 'tmux 3.3a discards a whole sequence whose parameter does not fit an int (strtonum fails), so CUF and CUP with 99999999999 do nothing. xterm clamps every parameter to 65535 (MAX_I_PARAM) and then to the screen: the cursor goes to the last column / last row.'
	wait_exit; finish
}
