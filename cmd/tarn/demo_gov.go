package main

import (
	"context"
	"fmt"

	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
	"github.com/tarn-data/tarn/lake/demo"
)

// demoGrants are the demo people's access, as ../shared/DEMO_DATA.md has it:
// analysts read dim.*, fct.http_requests and fct.traffic_daily; billing adds
// the billing tables; security adds fct.security_events and may flip it.
var demoGrants = []struct {
	privilege governance.Privilege
	object    string
	grantee   string
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

// seedDemoGovernance gives the demo lake its reviews and grants the first
// time: dave (group governance) is made admin, then, as dave, reviews every
// table but raw.support_tickets (which stays closed, to show what that looks
// like) and grants the groups their tables. Every step is audited.
func seedDemoGovernance(ctx context.Context, m *Main, o demo.Options) error {
	reviews, err := m.Gov.Reviews(ctx)
	if err != nil || len(reviews) > 0 {
		return err
	}
	const admin = "dave"
	g, err := m.Gov.CreateGrant(ctx, governance.Grant{Privilege: governance.Admin, Object: governance.Object{Namespace: "*"},
		Grantee: "user:" + admin, CreatedBy: "tarn demo", CreatedAt: m.now()})
	if err := m.record(ctx, "tarn demo", audit.ActionGrant, "admin on * to user:"+admin, err, map[string]string{"grant": fmt.Sprint(g.ID)}); err != nil {
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
		err := m.Workflow.Review(ctx, admin, r)
		if err := m.record(ctx, admin, audit.ActionReview, t.FullName(), err, nil); err != nil {
			return err
		}
	}
	for _, dg := range demoGrants {
		obj, err := governance.ParseObject(dg.object)
		if err != nil {
			return err
		}
		g, err := m.Workflow.Grant(ctx, admin, governance.Grant{Privilege: dg.privilege, Object: obj, Grantee: dg.grantee})
		if err := m.record(ctx, admin, audit.ActionGrant, fmt.Sprintf("%s on %s to %s", dg.privilege, dg.object, dg.grantee), err,
			map[string]string{"grant": fmt.Sprint(g.ID)}); err != nil {
			return err
		}
	}
	return nil
}
