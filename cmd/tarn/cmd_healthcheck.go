package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tarn-data/tarn"
)

func newHealthcheckCommand() *cobra.Command {
	var ready bool
	var url string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck",
		Short: "Exit 0 when the Tarn serving on --addr is alive (or, with --ready, ready)",
		Long: `Asks the Tarn serving on --addr (or TARN_ADDR) for GET /healthz, or GET /readyz
with --ready, and exits 0 on 200, non-zero otherwise. For container health
checks in images without curl. A wildcard host (":8080", "0.0.0.0:8080") is
asked on 127.0.0.1.`,
		Example: `  tarn healthcheck --addr :8080
  tarn healthcheck --ready`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if url == "" {
				cfg, err := LoadConfig(cmd.Flags(), os.Getenv)
				if err != nil {
					return err
				}
				path := "/healthz"
				if ready {
					path = "/readyz"
				}
				url = "http://" + localAddr(cfg.Addr) + path
			}
			return healthcheck(cmd.Context(), cmd.OutOrStdout(), url, timeout)
		},
	}
	cmd.Flags().BoolVar(&ready, "ready", false, "ask /readyz instead of /healthz")
	cmd.Flags().StringVar(&url, "url", "", "the `URL` to ask instead (default http://<addr>/healthz)")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Second, "how long to wait for the answer")
	return cmd
}

// localAddr turns a listen address into one to connect to: a wildcard or
// empty host becomes 127.0.0.1.
func localAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// healthcheck GETs url and succeeds on 200, printing the answer's first
// line (or the readiness document) to w.
func healthcheck(ctx context.Context, w io.Writer, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return tarn.Wrap(err, tarn.EINVALID, "Give a URL like http://127.0.0.1:8080/healthz.", "%q is not a URL.", url)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return tarn.Wrap(err, tarn.ETIMEOUT, "Check that Tarn is serving there: tarn serve --addr …", "Tarn at %s does not answer.", url)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	text := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return tarn.Errorf(tarn.EINTERNAL, "Tarn at %s answered %s: %s", url, resp.Status, text)
	}
	fmt.Fprintln(w, text)
	return nil
}
