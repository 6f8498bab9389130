// Package demogov gives the demo lake its governance: the reviews and group
// grants of the demo people of ../shared/DEMO_DATA.md. `tarn demo` and the
// tests that need a governed demo lake both seed it through Seed.
package demogov

import (
	"context"
	"fmt"
	"time"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/lake/demo"
)

// Admin is the demo person who administers governance.
const Admin = "dave"

// Grants are the demo people's access: analysts read dim.*,
// fct.http_requests and fct.traffic_daily; billing adds the billing tables;
// security adds fct.security_events and may unmask it; governance approves.
var Grants = []struct {
	Privilege governance.Privilege
	Object    string
	Grantee   string
}{
	{governance.Select, "dim", "group:analysts"},
	{governance.Select, "fct.http_requests", "group:analysts"},
	{governance.Select, "fct.traffic_daily", "group:analysts"},
	{governance.Select, "fct.billing_invoices", "group:billing"},
	{governance.Select, "fct.billings_allocated", "group:billing"},
	{governance.Select, "fct.security_events", "group:security"},
	{governance.Unmask, "fct.security_events", "group:security"},
	{governance.Approve, "*", "group:governance"},
}

// Recorder writes one governance action to the audit log; actionErr is the
// action's own outcome. It returns actionErr joined with its own error.
type Recorder func(ctx context.Context, actor, action, object string, actionErr error, detail map[string]string) error

// Seed gives the demo lake its reviews and grants the first time (it does
// nothing when any review exists): Admin is made admin, then, as Admin,
// reviews every table but those demo marks unreviewed (raw.support_tickets
// stays closed, to show what that looks like) and grants the groups their
// tables. Every step goes through record.
func Seed(ctx context.Context, st governance.Store, wf *governance.Workflow, o demo.Options, now time.Time, record Recorder) error {
	reviews, err := st.Reviews(ctx)
	if err != nil || len(reviews) > 0 {
		return err
	}
	g, err := st.CreateGrant(ctx, governance.Grant{Privilege: governance.Admin, Object: governance.Object{Namespace: "*"},
		Grantee: "user:" + Admin, CreatedBy: "tarn demo", CreatedAt: now})
	if err := record(ctx, "tarn demo", audit.ActionGrant, "admin on * to user:"+Admin, err, map[string]string{"grant": fmt.Sprint(g.ID)}); err != nil {
		return err
	}
	tables, err := demo.Tables(o)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if !t.Reviewed {
			continue
		}
		r := governance.Review{Namespace: t.Namespace, Table: t.Name, Approved: true, PII: map[string]string{}, Note: "demo lake"}
		for _, c := range t.Columns {
			r.Columns = append(r.Columns, c.Name)
			r.PII[c.Name] = c.PII
		}
		err := wf.Review(ctx, Admin, r)
		if err := record(ctx, Admin, audit.ActionReview, t.FullName(), err, nil); err != nil {
			return err
		}
	}
	for _, dg := range Grants {
		obj, err := governance.ParseObject(dg.Object)
		if err != nil {
			return err
		}
		g, err := wf.Grant(ctx, Admin, governance.Grant{Privilege: dg.Privilege, Object: obj, Grantee: dg.Grantee})
		if err := record(ctx, Admin, audit.ActionGrant, fmt.Sprintf("%s on %s to %s", dg.Privilege, dg.Object, dg.Grantee), err,
			map[string]string{"grant": fmt.Sprint(g.ID)}); err != nil {
			return err
		}
	}
	return nil
}
