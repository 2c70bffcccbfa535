// Command ours-list lists the run groups at a Graph base URL with industrydata-go and
// prints how many it read. bench/buildcost.sh builds it to measure what depending on the
// SDK costs, beside bench/cmd/raw-list (net/http + encoding/json) and
// bench/msgraph/cmd/msgraph-list (msgraph-sdk-go).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"

	"github.com/industrydata/industrydata-go"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8080/beta", "Graph base URL")
	token := flag.String("token", "bench-token", "access token")
	flag.Parse()
	c, err := industrydata.NewClient(industrydata.WithBaseURL(*base), industrydata.WithStaticToken(*token))
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for _, err := range c.RunGroups().List().All(context.Background()) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n)
}
