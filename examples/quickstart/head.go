package main

import "strings"

// headWriter keeps the first max lines written to it and accepts (and drops) the rest,
// so that a large file can be streamed through it without holding it in memory.
type headWriter struct {
	max  int
	b    strings.Builder
	seen int // newlines kept so far
}

func (h *headWriter) Write(p []byte) (int, error) {
	for _, c := range p {
		if h.seen >= h.max {
			break
		}
		h.b.WriteByte(c)
		if c == '\n' {
			h.seen++
		}
	}
	return len(p), nil
}

// lines returns the kept lines without their line endings.
func (h *headWriter) lines() []string {
	s := strings.TrimRight(h.b.String(), "\r\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines
}
