package main

import (
	"context"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"
)

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "tarn",
		Short: "Tarn answers questions about your data from chat, over governed Iceberg tables",
		Long: `Tarn keeps your tables as Apache Iceberg (catalog in SQLite or Postgres, files on
local disk) and queries them with an embedded DuckDB behind a SQL guard.

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
		newDemoCommand(), newServeCommand(), newSQLCommand(),
		newTablesCommand(), newDescribeCommand(), newSnapshotsCommand(),
		newCompactCommand(), newExpireCommand(), newOrphansCommand(),
		newBenchCommand(),
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
