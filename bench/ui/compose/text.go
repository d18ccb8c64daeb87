package main

import (
	"fmt"
	"strings"
)

var words = []string{"GET", "/api/v2/orders", "200", "12.4ms", "user=alice", "INFO", "cache", "miss",
	"WARN", "retry", "ERROR", "timeout", "pod", "cart-5c6b7d9f8", "shop", "bytes=5120", "trace=8f3a"}

// colourLine returns one line of about cols cells of text whose style changes every word:
// 256-colour and true-colour foregrounds, some backgrounds, bold and underline, like a coloured
// log or `ls --color` output. n varies the content.
func colourLine(n, cols int) string {
	var b strings.Builder
	w := 0
	for i := 0; ; i++ {
		word := words[(n+i*7)%len(words)]
		if w+len(word)+1 > cols {
			break
		}
		switch (n + i) % 5 {
		case 0:
			fmt.Fprintf(&b, "\x1b[38;5;%dm", (n*31+i*17)%256)
		case 1:
			fmt.Fprintf(&b, "\x1b[1;38;2;%d;%d;%dm", (n*13)%256, (i*29)%256, 200)
		case 2:
			fmt.Fprintf(&b, "\x1b[3%d;4%dm", (n+i)%8, (n+2*i)%8)
		case 3:
			b.WriteString("\x1b[4;36m")
		default:
			b.WriteString("\x1b[0m")
		}
		b.WriteString(word)
		b.WriteString("\x1b[0m ")
		w += len(word) + 1
	}
	b.WriteString("\r\n")
	return b.String()
}
