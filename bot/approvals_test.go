package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/governance"
)

// approvals returns the messages of the approvers' channel threads.
func (f *fixture) approvals(t *testing.T) (bot.Thread, bottest.Seen) {
	t.Helper()
	for _, th := range f.chat.Threads() {
		if th.Channel == "approvals" {
			return th, f.chat.Messages(t, th)[0]
		}
	}
	t.Fatal("nothing reached the approvers' channel")
	return bot.Thread{}, bottest.Seen{}
}

func TestAnAccessRequestIsDecidedByAnApproverNotByWhoeverClicks(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	th, msgs := f.say(t, "alice", bot.Thread{}, "Top 10 customers by revenue last month.")
	ans := last(t, msgs)
	const offer = "Request access to fct.billings_allocated"
	if !hasButton(ans, offer) {
		t.Fatalf("alice's refused answer offers %v, want %q", ans.Buttons, offer)
	}
	f.chat.Click(t, "alice", ref(th, ans), offer)
	if form, ok := f.chat.Form(t, "alice"); !ok || form.ID != bot.FormAccess {
		t.Fatalf("no access form opened: %+v", form)
	}
	if errs := f.chat.Submit(t, "alice", map[string]string{"why": "quarterly review", "for": "7d"}); len(errs) > 0 {
		t.Fatal(errs)
	}
	f.conv.Wait()
	at, req := f.approvals(t)
	if !strings.Contains(req.Text, "alice") || !strings.Contains(req.Text, "quarterly review") || !hasButton(req, "Approve") || !hasButton(req, "Approve 1 day") || !hasButton(req, "Deny") {
		t.Fatalf("approval message = %+v", req)
	}
	if told := last(t, f.chat.Messages(t, th)); !strings.Contains(told.Text, "approvers") {
		t.Fatalf("alice was not told where her request went: %q", told.Text)
	}

	// erin and alice herself see the button too; governance refuses them.
	for _, who := range []string{"erin", "alice"} {
		f.chat.Click(t, who, ref(at, req), "Approve")
		f.conv.Wait()
		if n := f.chat.Notices(t, who); len(n) == 0 {
			t.Fatalf("%s's click on Approve was not refused", who)
		}
	}
	if ok, _ := f.env.Workflow.HoldsPrivilege(ctx, "alice", governance.Select, "fct", "billings_allocated"); ok {
		t.Fatal("a click by someone without approve granted access")
	}

	f.chat.Click(t, "dave", ref(at, req), "Approve 1 day")
	f.conv.Wait()
	decided := f.chat.Messages(t, at)[0]
	if !strings.Contains(decided.Text, "Approved by dave") || len(decided.Buttons) != 0 {
		t.Fatalf("the approval message after dave's click: %+v", decided)
	}
	if ok, _ := f.env.Workflow.HoldsPrivilege(ctx, "alice", governance.Select, "fct", "billings_allocated"); !ok {
		t.Fatal("dave's approval granted nothing")
	}
	if told := last(t, f.chat.Messages(t, th)); !strings.Contains(told.Text, "approved by dave") {
		t.Fatalf("alice was not told: %q", told.Text)
	}
	// The grant's end is announced once the day has passed.
	f.env.Clock.Advance(25 * time.Hour)
	f.conv.Sweep(ctx)
	if told := last(t, f.chat.Messages(t, th)); !strings.Contains(told.Text, "access to fct.billings_allocated ended") {
		t.Fatalf("the end of the grant was not announced: %q", told.Text)
	}
}

func TestARequestNobodyDecidesExpiresAndSaysSo(t *testing.T) {
	f := newFixture(t, nil)
	th, msgs := f.say(t, "alice", bot.Thread{}, "Top 10 customers by revenue last month.")
	f.chat.Click(t, "alice", ref(th, last(t, msgs)), "Request access to fct.billings_allocated")
	f.chat.Submit(t, "alice", map[string]string{"why": "curious"})
	f.conv.Wait()
	at, _ := f.approvals(t)
	f.env.Clock.Advance(governance.RequestTTL + time.Hour)
	f.conv.Sweep(context.Background())
	if m := f.chat.Messages(t, at)[0]; !strings.Contains(m.Text, "Expired") || len(m.Buttons) != 0 {
		t.Fatalf("the expired request still reads %+v", m)
	}
	if told := last(t, f.chat.Messages(t, th)); !strings.Contains(told.Text, "expired") {
		t.Fatalf("alice was not told of the expiry: %q", told.Text)
	}
}

func TestAReviewRequestOpensTheTableWhenAReviewerApproves(t *testing.T) {
	f := newFixtureWith(t, fixedModel{`const r = tarn.sql("SELECT count(*) AS n FROM raw.support_tickets"); tarn.answer("n=" + r.rows[0][0])`}, nil)
	ctx := context.Background()
	th, msgs := f.say(t, "dave", bot.Thread{}, "How many support tickets are there?")
	ans := last(t, msgs)
	const offer = "Request review of raw.support_tickets"
	if !hasButton(ans, offer) {
		t.Fatalf("the refused answer offers %v, want %q", ans.Buttons, offer)
	}
	f.chat.Click(t, "dave", ref(th, ans), offer)
	f.chat.Submit(t, "dave", map[string]string{"why": "support wants ticket trends"})
	f.conv.Wait()
	at, req := f.approvals(t)
	if !strings.Contains(req.Text, "body") {
		t.Fatalf("the review request does not list the columns: %q", req.Text)
	}
	f.chat.Click(t, "alice", ref(at, req), "Approve")
	f.conv.Wait()
	if n := f.chat.Notices(t, "alice"); len(n) == 0 {
		t.Fatal("alice, no reviewer, approved a review")
	}
	// dave asked, but holds admin: governance lets admins review.
	f.chat.Click(t, "dave", ref(at, req), "Approve")
	f.conv.Wait()
	if _, ok, _ := f.env.GovStore.Review(ctx, "raw", "support_tickets"); !ok {
		t.Fatalf("no review stored; notices %q, message %q", f.chat.Notices(t, "dave"), f.chat.Messages(t, at)[0].Text)
	}
}

func TestASessionFlipWaitsForAnApproverAndItsEndIsAnnounced(t *testing.T) {
	f := newFixtureWith(t, fixedModel{`tarn.sql("SELECT source_ip, requests FROM fct.security_events LIMIT 5", {mode: "display"}); tarn.answer("Here are five.")`}, nil)
	ctx := context.Background()
	th, msgs := f.say(t, "carol", bot.Thread{}, "Show me five source IPs")
	ans := last(t, msgs)
	const flip = "Flip session on fct.security_events"
	if !hasButton(ans, flip) || !strings.Contains(ans.Text, "PII masked") {
		t.Fatalf("carol's masked answer offers %v (%q), want %q", ans.Buttons, ans.Text, flip)
	}
	// alice may not unmask, so she is not offered a flip.
	f2 := newFixtureWith(t, fixedModel{`tarn.sql("SELECT owner_email FROM dim.accounts LIMIT 5", {mode: "display"}); tarn.answer("Here are five.")`}, nil)
	if _, m := f2.say(t, "alice", bot.Thread{}, "five owners"); strings.Contains(strings.Join(last(t, m).Buttons, ","), "Flip") {
		t.Fatalf("alice, without unmask, was offered a flip: %v", last(t, m).Buttons)
	}
	f.chat.Click(t, "carol", ref(th, ans), flip)
	if errs := f.chat.Submit(t, "carol", map[string]string{"why": "incident 4411", "for": "forever"}); errs["for"] == "" {
		t.Fatalf("a bad length was accepted: %v", errs)
	}
	if errs := f.chat.Submit(t, "carol", map[string]string{"why": "incident 4411", "for": "1h"}); len(errs) > 0 {
		t.Fatal(errs)
	}
	f.conv.Wait()
	at, req := f.approvals(t)
	f.chat.Click(t, "dave", ref(at, req), "Approve")
	f.conv.Wait()
	flips, _ := f.env.Workflow.ActiveFlips(ctx, "carol")
	if len(flips) != 1 {
		t.Fatalf("carol has %d active flips after dave's approval; approvals show %q, dave's notices %q", len(flips), f.chat.Messages(t, at)[0].Text, f.chat.Notices(t, "dave"))
	}
	f.env.Clock.Advance(61 * time.Minute)
	f.conv.Sweep(ctx)
	if told := last(t, f.chat.Messages(t, th)); !strings.Contains(told.Text, "PII is masked again") {
		t.Fatalf("the flip's end was not announced: %q", told.Text)
	}
}

func TestADenialIsAnApproversAloneAndTheRequesterIsTold(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	th, msgs := f.say(t, "alice", bot.Thread{}, "Top 10 customers by revenue last month.")
	f.chat.Click(t, "alice", ref(th, last(t, msgs)), "Request access to fct.billings_allocated")
	if errs := f.chat.Submit(t, "alice", map[string]string{"why": "quarterly review", "for": "7d"}); len(errs) > 0 {
		t.Fatal(errs)
	}
	f.conv.Wait()
	at, req := f.approvals(t)
	f.chat.Click(t, "erin", ref(at, req), "Deny")
	f.conv.Wait()
	if n := f.chat.Notices(t, "erin"); len(n) == 0 || len(f.chat.Messages(t, at)[0].Buttons) == 0 {
		t.Fatalf("erin, no approver, denied the request (notices %q)", n)
	}
	f.chat.Click(t, "dave", ref(at, req), "Deny")
	f.conv.Wait()
	decided := f.chat.Messages(t, at)[0]
	if !strings.Contains(decided.Text, "Denied by dave") || len(decided.Buttons) != 0 {
		t.Fatalf("the request after dave's denial: %+v", decided)
	}
	if told := last(t, f.chat.Messages(t, th)); !strings.Contains(told.Text, "denied by dave") {
		t.Fatalf("alice was not told: %q", told.Text)
	}
	if ok, _ := f.env.Workflow.HoldsPrivilege(ctx, "alice", governance.Select, "fct", "billings_allocated"); ok {
		t.Fatal("a denial granted access")
	}
	// The denial is in the audit log, by dave, through the chat.
	entries, err := f.env.Audit.Tail(ctx, 50)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || e.Action == "deny" && e.Actor == "dave" && e.Detail["via"] == "chat"
	}
	if !found {
		t.Fatal("no audit entry for dave's denial")
	}
}
