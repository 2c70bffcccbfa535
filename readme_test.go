package industrydata_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestREADMECodeCompiles keeps README.md honest: every ```go block is compiled. A block
// that is a whole program ("package main") is built as it is; any other block is a
// fragment and is built as the body of a function that has ctx and c (a *Client) in
// scope, or at top level when it declares functions.
func TestREADMECodeCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds README snippets with the go command")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, blocks, "README.md has Go code blocks")

	root, err := filepath.Abs(".")
	require.NoError(t, err)
	dir := t.TempDir()
	gomod, err := os.ReadFile("go.mod")
	require.NoError(t, err)
	mod := "module readmecheck\n\ngo 1.26\n\nrequire github.com/industrydata/industrydata-go v0.0.0\n\nreplace github.com/industrydata/industrydata-go => " + root + "\n"
	mod += requireBlock(string(gomod))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644))
	sum, err := os.ReadFile("go.sum")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))

	for i, b := range blocks {
		src := b[1]
		if !strings.HasPrefix(strings.TrimSpace(src), "package ") {
			src = wrapFragment(src)
		}
		pkg := filepath.Join(dir, "block"+strings.Repeat("x", i))
		require.NoError(t, os.MkdirAll(pkg, 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(pkg, "main.go"), []byte(src), 0o644))
	}
	cmd := exec.Command(goBin, "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "README code blocks do not compile:\n%s", out)
}

// requireBlock copies the library's requirements so the check module resolves the same
// versions without network access.
func requireBlock(gomod string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.Split(gomod, "\n") {
		switch {
		case strings.HasPrefix(line, "require ("):
			in = true
			b.WriteString(line + "\n")
		case in:
			b.WriteString(line + "\n")
			if strings.TrimSpace(line) == ")" {
				in = false
			}
		}
	}
	return b.String()
}

const fragmentImports = `package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/industrydata/industrydata-go"
	"github.com/industrydata/industrydata-go/industrydatatest"
)

var (
	_ = context.Background
	_ = errors.New
	_ = fmt.Sprint
	_ = log.Print
	_ = os.Getenv
	_ testing.TB
	_ = time.Second
	_ oauth2.TokenSource
	_ = industrydata.NewClient
	_ = industrydatatest.NewServer
)

// Names README fragments use without declaring them.
var tenantID, clientID, clientSecret, id string

func main() {}
`

func wrapFragment(src string) string {
	if regexp.MustCompile(`(?m)^func `).MatchString(src) {
		return fragmentImports + "\n" + src
	}
	lines := strings.Split(strings.TrimSpace(src), "\n")
	if !strings.HasPrefix(strings.TrimSpace(lines[len(lines)-1]), "return ") {
		src += "\nreturn nil\n"
	}
	return fragmentImports + `
func fragment(ctx context.Context, c *industrydata.Client) error {
	_, _ = ctx, c
` + src + `
}
`
}
