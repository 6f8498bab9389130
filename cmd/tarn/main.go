// Command tarn is Tarn's one binary: the demo lake, the SQL engine over
// Iceberg tables, table maintenance, benchmarks and (later) the chat
// front doors, each a subcommand. Wiring lives here and nowhere else.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tarn-data/tarn"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCommand(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "tarn:", describe(err))
	return exitCode(err)
}

// describe is what the terminal shows for an error: the user-facing message
// and hint, plus the internal cause, which on a terminal is the user's own.
func describe(err error) string {
	var te *tarn.Error
	if errors.As(err, &te) {
		s := te.Message
		if te.Hint != "" {
			s += "\n  " + te.Hint
		}
		if te.Code == tarn.EINTERNAL && te.Err != nil {
			s += "\n  cause: " + te.Err.Error()
		}
		return s
	}
	return err.Error()
}

// exitCode maps error codes to exit statuses: 2 bad input, 3 not found,
// 4 forbidden, 5 timeout or limit, 6 conflict, 1 anything else.
func exitCode(err error) int {
	switch tarn.ErrorCode(err) {
	case tarn.EINVALID:
		return 2
	case tarn.ENOTFOUND:
		return 3
	case tarn.EFORBIDDEN:
		return 4
	case tarn.ETIMEOUT, tarn.ELIMIT:
		return 5
	case tarn.ECONFLICT:
		return 6
	}
	return 1
}
