package yamldir_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/yamldir"
)

const twoPeople = `
people:
  - name: alice
    identities: [cli:alice, slack:T01/U01, web:alice]
    groups: [analysts]
  - name: etl
    kind: service
    identities: [cli:etl]
groups:
  - name: analysts
    description: Traffic and customers.
  - name: billing
`

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, text string) (*yamldir.Directory, string, *tarn.FakeClock) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "directory.yaml")
	write(t, path, text)
	clock := tarn.NewFakeClock(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	d, err := yamldir.Open(path, clock)
	if err != nil {
		t.Fatal(err)
	}
	return d, path, clock
}

func TestLookupResolvesEveryIdentityToItsPrincipalAndGroups(t *testing.T) {
	d, _, _ := open(t, twoPeople)
	ctx := context.Background()
	for _, id := range []string{"cli:alice", "slack:T01/U01", "web:alice"} {
		p, err := d.Lookup(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if p.Name != "alice" || p.Kind != "person" || !slices.Equal(p.Groups, []string{"analysts"}) || len(p.Identities) != 3 {
			t.Fatalf("%s resolved to %+v", id, p)
		}
	}
	p, err := d.Principal(ctx, "etl")
	if err != nil || p.Kind != "service" || len(p.Groups) != 0 {
		t.Fatalf("etl: %+v %v", p, err)
	}
	groups, _ := d.Groups(ctx)
	if !slices.Equal(groups, []string{"analysts", "billing"}) {
		t.Fatalf("groups %v", groups)
	}
}

func TestUnknownIdentitiesAndNamesAreUnknownPrincipals(t *testing.T) {
	d, _, _ := open(t, twoPeople)
	ctx := context.Background()
	for _, id := range []string{"cli:mallory", "slack:T01/u01", "alice", ""} {
		if _, err := d.Lookup(ctx, id); !errors.Is(err, governance.ErrUnknownPrincipal) {
			t.Errorf("Lookup(%q) = %v, want ErrUnknownPrincipal", id, err)
		}
	}
	if _, err := d.Principal(ctx, "mallory"); !errors.Is(err, governance.ErrUnknownPrincipal) {
		t.Errorf("Principal(mallory) = %v", err)
	}
}

func TestReturnedPrincipalsCannotChangeTheDirectory(t *testing.T) {
	d, _, _ := open(t, twoPeople)
	ctx := context.Background()
	p, _ := d.Lookup(ctx, "cli:alice")
	p.Groups[0] = "governance"
	again, _ := d.Lookup(ctx, "cli:alice")
	if again.Groups[0] != "analysts" {
		t.Fatalf("caller's change leaked into the directory: %v", again.Groups)
	}
}

func TestAnEditTakesEffectAfterTheNextCheckWithoutARestart(t *testing.T) {
	d, path, clock := open(t, twoPeople)
	ctx := context.Background()
	write(t, path, strings.Replace(twoPeople, "groups: [analysts]", "groups: [analysts, billing]", 1))
	// Within a second of the last check the file is not looked at.
	clock.Advance(500 * time.Millisecond)
	if p, _ := d.Lookup(ctx, "cli:alice"); len(p.Groups) != 1 {
		t.Fatalf("file re-read before a second had passed: %v", p.Groups)
	}
	clock.Advance(600 * time.Millisecond)
	p, _ := d.Lookup(ctx, "cli:alice")
	if !slices.Equal(p.Groups, []string{"analysts", "billing"}) {
		t.Fatalf("edit not taken: %v", p.Groups)
	}
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestRemovingSomeoneFromAGroupTakesEffect(t *testing.T) {
	d, path, clock := open(t, twoPeople)
	ctx := context.Background()
	write(t, path, strings.Replace(twoPeople, "    groups: [analysts]\n", "", 1))
	clock.Advance(time.Second)
	if p, _ := d.Lookup(ctx, "cli:alice"); len(p.Groups) != 0 {
		t.Fatalf("still in %v", p.Groups)
	}
}

func TestABrokenEditKeepsTheLastGoodVersionAndReportsWhy(t *testing.T) {
	d, path, clock := open(t, twoPeople)
	ctx := context.Background()
	write(t, path, twoPeople+"\n  - name: [oops\n")
	clock.Advance(time.Second)
	if p, err := d.Lookup(ctx, "cli:alice"); err != nil || p.Name != "alice" {
		t.Fatalf("last good version lost: %+v %v", p, err)
	}
	if err := d.Err(); !errors.Is(err, yamldir.ErrInvalid) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Err() = %v, want ErrInvalid naming the file", err)
	}
	// Fixing the file clears the error.
	write(t, path, twoPeople+"  - name: security\n")
	clock.Advance(time.Second)
	if err := d.Err(); err != nil {
		t.Fatalf("Err() after the fix = %v", err)
	}
	if g, _ := d.Groups(ctx); !slices.Contains(g, "security") {
		t.Fatalf("fixed file not taken: %v", g)
	}
}

func TestADeletedFileKeepsTheLastGoodVersion(t *testing.T) {
	d, path, clock := open(t, twoPeople)
	os.Remove(path)
	clock.Advance(time.Second)
	if _, err := d.Lookup(context.Background(), "cli:alice"); err != nil {
		t.Fatal(err)
	}
	if d.Err() == nil {
		t.Fatal("a missing file was not reported")
	}
}

func TestInvalidFilesAreRefusedWithWhatIsWrong(t *testing.T) {
	cases := []struct{ name, text, want string }{
		{"undeclared group", "people: [{name: a, identities: [cli:a], groups: [analyst]}]\ngroups: [{name: analysts}]", "not declared"},
		{"identity twice", "people: [{name: a, identities: [cli:a]}, {name: b, identities: [cli:a]}]", "belongs to both"},
		{"identity without a front door", "people: [{name: a, identities: [alice]}]", "<front door>:<id>"},
		{"person twice", "people: [{name: a, identities: [cli:a]}, {name: A, identities: [cli:b]}]", "listed twice"},
		{"bad kind", "people: [{name: a, kind: robot, identities: [cli:a]}]", "person or service"},
		{"no name", "people: [{identities: [cli:a]}]", "no name"},
		{"group twice", "groups: [{name: a}, {name: a}]", "declared twice"},
		{"unknown field", "people: [{name: a, identitties: [cli:a]}]", "identitties"},
		{"not yaml", "people: [", "invalid"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := yamldir.New([]byte(c.text))
			if !errors.Is(err, yamldir.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want ErrInvalid containing %q", err, c.want)
			}
		})
	}
}

func TestOpeningAMissingFileFails(t *testing.T) {
	if _, err := yamldir.Open(filepath.Join(t.TempDir(), "nope.yaml"), nil); !errors.Is(err, yamldir.ErrInvalid) {
		t.Fatalf("got %v", err)
	}
}

func TestDemoHasThePeopleOfTheDemoLake(t *testing.T) {
	d := yamldir.Demo()
	ctx := context.Background()
	want := map[string][]string{
		"alice": {"analysts"},
		"bob":   {"analysts", "billing"},
		"carol": {"analysts", "security"},
		"dave":  {"governance"},
		"erin":  nil,
	}
	for name, groups := range want {
		for _, id := range []string{"cli:" + name, "web:" + name} {
			p, err := d.Lookup(ctx, id)
			if err != nil || p.Name != name || !slices.Equal(p.Groups, groups) {
				t.Errorf("%s: %+v %v, want groups %v", id, p, err, groups)
			}
		}
	}
	ps, _ := d.Principals(ctx)
	if len(ps) != len(want)+2 {
		t.Fatalf("%d principals, want %d people and the alerts and transformer services", len(ps), len(want))
	}
	job, err := d.Lookup(ctx, "job:transformer")
	if err != nil || job.Name != "transformer" || job.Kind != "service" || !slices.Equal(job.Groups, []string{"analysts", "billing"}) {
		t.Errorf("job:transformer = %+v %v, want the transformer service (the demo jobs' owner) in analysts and billing", job, err)
	}
	svc, err := d.Lookup(ctx, "alert:tarn")
	if err != nil || svc.Name != "alerts" || svc.Kind != "service" || !slices.Equal(svc.Groups, []string{"analysts", "security"}) {
		t.Errorf("alert:tarn = %+v %v, want the alerts service in analysts and security", svc, err)
	}
}

func TestConcurrentLookupsWhileTheFileChanges(t *testing.T) {
	d, path, clock := open(t, twoPeople)
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 200; i++ {
			if _, err := d.Lookup(ctx, "cli:alice"); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := 0; i < 20; i++ {
		write(t, path, twoPeople+strings.Repeat("\n", i))
		clock.Advance(time.Second)
		d.Groups(ctx)
	}
	<-done
}
