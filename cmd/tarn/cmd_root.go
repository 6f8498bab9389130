package main

import (
	"context"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
	"github.com/tarn-data/tarn/lake"
)

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "tarn",
		Short: "Tarn answers questions about your data from chat, over governed Iceberg tables",
		Long: `Tarn keeps your tables as Apache Iceberg (catalog in SQLite or Postgres, files on
local disk or in S3-compatible storage) and queries them with an embedded DuckDB behind a
SQL guard.

Start with the demo lake:
  tarn demo                      build the demo lake and serve it
  tarn tables                    list tables
  tarn describe fct.http_requests
  tarn sql "SELECT count(*) FROM fct.http_requests"`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	AddGlobalFlags(root.PersistentFlags())
	var profile string
	var stopProfile func()
	root.PersistentFlags().StringVar(&profile, "cpuprofile", "", "write a CPU profile of this command to `file` (for developers)")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if profile == "" {
			return nil
		}
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return err
		}
		stopProfile = func() { pprof.StopCPUProfile(); f.Close() }
		return nil
	}
	root.PersistentPostRun = func(cmd *cobra.Command, args []string) {
		if stopProfile != nil {
			stopProfile()
		}
	}
	root.AddCommand(
		newDemoCommand(), newServeCommand(), newSQLCommand(), newAskCommand(),
		newTablesCommand(), newDescribeCommand(), newSnapshotsCommand(),
		newCompactCommand(), newExpireCommand(), newOrphansCommand(),
		newBenchCommand(),
		newGrantCommand(), newRevokeCommand(), newGrantsCommand(),
		newRequestCommand(), newRequestsCommand(),
		newDecideCommand("approve"), newDecideCommand("deny"), newDecideCommand("cancel"),
		newReviewCommand(), newFlipCommand(), newAuditCommand(), newScanCommand(), newJobsCommand(),
		newHealthcheckCommand(),
	)
	return root
}

// openMain loads the configuration from cmd's flags and the environment and
// opens the store and the lake; withEngine also starts the engine.
func openMain(ctx context.Context, cmd *cobra.Command, withEngine bool) (*Main, error) {
	cfg, err := LoadConfig(cmd.Flags(), os.Getenv)
	if err != nil {
		return nil, err
	}
	m := NewMain(cfg)
	if err := m.Open(ctx); err != nil {
		m.Close()
		return nil, err
	}
	if withEngine {
		if err := m.OpenEngine(ctx); err != nil {
			m.Close()
			return nil, err
		}
	}
	return m, nil
}

// tableRun adapts a command that acts on one NAMESPACE.TABLE argument: it
// parses the name and the output format, opens Tarn, and closes it after.
func tableRun(withEngine bool, fn func(ctx context.Context, cmd *cobra.Command, m *Main, id lake.Ident, f Format) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		f := FormatTable
		if cmd.Flags().Lookup("format") != nil {
			var err error
			if f, err = FormatFromFlags(cmd.Flags()); err != nil {
				return err
			}
		}
		id, err := lake.ParseIdent(args[0])
		if err != nil {
			return err
		}
		m, err := openMain(ctx, cmd, withEngine)
		if err != nil {
			return err
		}
		defer m.Close()
		return fn(ctx, cmd, m, id, f)
	}
}
