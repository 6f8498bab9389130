package main

import (
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfileKeepsItsInvariants reads deploy/docker/Dockerfile (no
// Docker here): a multi-stage build on the Go of go.mod with cgo and the
// README's build tags, a final stage that is not the builder, runs as uid
// 65532, keeps its data on /data and checks its health with a subcommand
// that exists on the port it exposes.
func TestDockerfileKeepsItsInvariants(t *testing.T) {
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	df := read("../../deploy/docker/Dockerfile")
	var froms []string
	for _, line := range strings.Split(df, "\n") {
		if strings.HasPrefix(line, "FROM ") {
			froms = append(froms, line)
		}
	}
	if len(froms) < 2 || !strings.Contains(froms[0], "golang:") || !strings.Contains(froms[0], " AS build") {
		t.Fatalf("want a golang build stage then a runtime stage: %q", froms)
	}
	if final := froms[len(froms)-1]; strings.Contains(final, "golang") {
		t.Fatalf("the final stage is the builder: %q", final)
	}
	final := df[strings.LastIndex(df, "FROM "):]

	gomod := read("../../go.mod")
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(gomod)
	if goVersion == nil || !strings.Contains(df, "ARG GO_VERSION="+goVersion[1]) {
		t.Errorf("GO_VERSION is not go.mod's go %v", goVersion)
	}
	readmeTags := regexp.MustCompile(`go build -tags\s+(\S+)`).FindStringSubmatch(strings.ReplaceAll(read("../../README.md"), "\n", " "))
	if readmeTags == nil || !strings.Contains(df, "CGO_ENABLED=1 go build -trimpath -tags "+readmeTags[1]+" ") {
		t.Errorf("the image is not built with cgo and the README's tags %v", readmeTags)
	}

	users := regexp.MustCompile(`(?m)^USER (\S+)`).FindAllStringSubmatch(final, -1)
	if len(users) == 0 || users[len(users)-1][1] != "65532:65532" {
		t.Errorf("the runtime stage's last USER is %v, want 65532:65532", users)
	}
	for _, want := range []string{"VOLUME [\"/data\"]", "TARN_DATA=/data", "TARN_ADDR=:8080", "EXPOSE 8080",
		"chown 65532:65532 /data", `CMD ["tarn", "healthcheck"]`, `ENTRYPOINT ["tarn"]`, `CMD ["serve"]`} {
		if !strings.Contains(final, want) {
			t.Errorf("the runtime stage lacks %s", want)
		}
	}
	for _, sub := range []string{"healthcheck", "serve", "demo"} {
		if c, _, err := newRootCommand(io.Discard, io.Discard).Find([]string{sub}); err != nil || c.Name() != sub {
			t.Errorf("the image runs `tarn %s`, which does not exist", sub)
		}
	}
	ignore := read("../../.dockerignore")
	for _, want := range []string{".git", "/tarn-data"} {
		if !strings.Contains(ignore, want+"\n") {
			t.Errorf(".dockerignore lacks %s", want)
		}
	}
}
