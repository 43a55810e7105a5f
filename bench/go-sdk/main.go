// The reference client of the first-sync benchmark (bench/go-sdk-bench.sh): Microsoft's Go SDK for
// Customer Lockbox (the customerlockbox package of azure-sdk-for-go, on go-autorest) listing every
// page of every subscription's Lockbox requests, 4 subscriptions at a time, and decoding each page.
//
// It uses the SDK's own client, preparer, sender (retries included) and paging: the first page
// through RequestsClient.ListPreparer and ListSender, each next page as the SDK's pager prepares it
// (GET of nextLink). Only the decoding is a struct of its own: the SDK's models are of an older API
// (duration an int32), and today's ARM sends durations as strings, so a user of the SDK has to
// decode the pages into a struct of the current API, as this one does.
//
//	go-sdk-list -url URL [-token-env NAME] [-concurrency 4] SUBSCRIPTION...
//
// Prints one JSON object: {"requests":N,"pages":P,"seconds":S}. Exits 1 on any error.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/services/preview/customerlockbox/mgmt/2018-02-28-preview/customerlockbox"
	"github.com/Azure/go-autorest/autorest"
	"github.com/Azure/go-autorest/autorest/azure"
	"github.com/Azure/go-autorest/autorest/date"
)

// hours is the request's duration as the current API sends it: a string ("8", "Support request
// lifetime"); older payloads send a number, which is kept as its text.
type hours string

func (h *hours) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*h = hours(s)
		return nil
	}
	if string(b) == "null" {
		*h = ""
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	*h = hours(strconv.FormatInt(n, 10))
	return nil
}

// lockboxRequest is one request of the current API, with the SDK's types where they still fit.
type lockboxRequest struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Properties struct {
		RequestID          string                 `json:"requestId"`
		Justification      string                 `json:"justification"`
		Status             customerlockbox.Status `json:"status"`
		CreatedDateTime    date.Time              `json:"createdDateTime"`
		ExpirationDateTime date.Time              `json:"expirationDateTime"`
		Duration           hours                  `json:"duration"`
		ResourceIDs        string                 `json:"resourceIds"`
		// Older payloads: the same ids as an array.
		RequestedResourceIDs []string `json:"requestedResourceIds"`
		ResourceType         string   `json:"resourceType"`
		SupportRequest       string   `json:"supportRequest"`
		SupportCaseURL       string   `json:"supportCaseUrl"`
		// Matches "workitemsource" and "workItemSource" (encoding/json ignores case).
		WorkItemSource string  `json:"workitemsource"`
		SubscriptionID string  `json:"subscriptionId"`
		AccessLevel    *string `json:"accessLevel"`
	} `json:"properties"`
}

type requestPage struct {
	Value    []lockboxRequest `json:"value"`
	NextLink *string          `json:"nextLink"`
}

type staticToken string

func (t staticToken) OAuthToken() string { return string(t) }

// listAll pages through one subscription's requests as the SDK's RequestListResultPage does.
func listAll(ctx context.Context, client customerlockbox.RequestsClient, subscription string) (requests, pages int, err error) {
	req, err := client.ListPreparer(ctx, subscription, "")
	for err == nil && req != nil {
		var resp *http.Response
		resp, err = client.ListSender(req)
		if err != nil {
			return requests, pages, fmt.Errorf("subscription %s: %w", subscription, err)
		}
		var page requestPage
		err = autorest.Respond(resp,
			azure.WithErrorUnlessStatusCode(http.StatusOK),
			autorest.ByUnmarshallingJSON(&page),
			autorest.ByClosing())
		if err != nil {
			return requests, pages, fmt.Errorf("subscription %s: %w", subscription, err)
		}
		for i := range page.Value {
			if page.Value[i].Properties.RequestID == "" {
				return requests, pages, fmt.Errorf("subscription %s: a request without requestId", subscription)
			}
		}
		requests += len(page.Value)
		pages++
		req = nil
		if page.NextLink != nil && *page.NextLink != "" {
			// The SDK's requestListResultPreparer.
			req, err = autorest.Prepare((&http.Request{}).WithContext(ctx),
				autorest.AsJSON(),
				autorest.AsGet(),
				autorest.WithBaseURL(*page.NextLink))
		}
	}
	return requests, pages, err
}

func main() {
	url := flag.String("url", "", "base URL of ARM (the simulator's)")
	tokenEnv := flag.String("token-env", "LOCKBOX_BENCH_TOKEN", "environment variable holding the bearer token")
	concurrency := flag.Int("concurrency", 4, "subscriptions listed at once")
	flag.Parse()
	subscriptions := flag.Args()
	token := os.Getenv(*tokenEnv)
	if *url == "" || token == "" || len(subscriptions) == 0 || *concurrency < 1 {
		fmt.Fprintln(os.Stderr, "usage: go-sdk-list -url URL [-token-env NAME] [-concurrency N] SUBSCRIPTION...")
		os.Exit(2)
	}

	client := customerlockbox.NewRequestsClientWithBaseURI(*url)
	client.Authorizer = autorest.NewBearerAuthorizer(staticToken(token))
	ctx := context.Background()

	start := time.Now()
	var mu sync.Mutex
	var wg sync.WaitGroup
	var firstErr error
	total, totalPages := 0, 0
	slots := make(chan struct{}, *concurrency)
	for _, s := range subscriptions {
		wg.Add(1)
		slots <- struct{}{}
		go func(subscription string) {
			defer wg.Done()
			defer func() { <-slots }()
			n, p, err := listAll(ctx, client, subscription)
			mu.Lock()
			defer mu.Unlock()
			total += n
			totalPages += p
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}(s)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	if firstErr != nil {
		fmt.Fprintf(os.Stderr, "go-sdk-list: %v\n", firstErr)
		os.Exit(1)
	}
	out, _ := json.Marshal(map[string]interface{}{"requests": total, "pages": totalPages, "seconds": elapsed})
	fmt.Println(string(out))
}
