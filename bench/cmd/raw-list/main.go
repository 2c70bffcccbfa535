// Command raw-list lists the run groups at a Graph base URL with the hand-written
// net/http + encoding/json client and prints how many it read: the build-cost floor
// bench/buildcost.sh compares bench/cmd/ours-list and bench/msgraph/cmd/msgraph-list with.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"

	"github.com/industrydata/industrydata-go/bench/internal/baseline"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080/beta", "Graph base URL")
	token := flag.String("token", "bench-token", "access token")
	flag.Parse()
	c := &baseline.Client{HTTP: http.DefaultClient, Base: *base, Token: *token}
	n := 0
	err := c.List(context.Background(), func(*baseline.RunGroup) bool { n++; return true })
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n)
}
