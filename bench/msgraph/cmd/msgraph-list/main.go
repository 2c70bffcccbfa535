// Command msgraph-list lists the run groups at a Graph base URL with msgraph-sdk-go and
// prints how many it read. bench/buildcost.sh builds it to measure what depending on
// msgraph-sdk-go costs; it is the counterpart of bench/cmd/ours-list and
// bench/cmd/raw-list.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/industrydata/industrydata-go/bench/msgraph"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080/beta", "Graph base URL")
	token := flag.String("token", "bench-token", "access token")
	flag.Parse()
	client, err := msgraph.NewClient(*base, *token)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	err = msgraph.List(context.Background(), client, func(models.Entityable) bool { n++; return true })
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n)
}
