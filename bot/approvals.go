package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance"
	"github.com/tarn-data/tarn/governance/audit"
)

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// request starts an access request, a review request or a session flip
// from a form, and puts the decision before the approvers.
func (c *Conversation) request(ctx context.Context, a Adapter, form string, u User, thread Thread, table, why string, length time.Duration) {
	p, err := c.principal(ctx, u)
	if err != nil {
		c.notify(ctx, a, u, thread, tarn.ErrorMessage(err))
		return
	}
	ap := Approval{Requester: u, Principal: p.Name, Thread: thread, Table: table, Object: table, Why: why, Length: length, State: "pending", Created: c.o.Clock.Now()}
	switch form {
	case FormAccess:
		obj, perr := governance.ParseObject(table)
		if perr != nil {
			c.notify(ctx, a, u, thread, perr.Error())
			return
		}
		r, err := c.o.Workflow.RequestAccess(ctx, p.Name, governance.Select, obj, why, length)
		c.record(ctx, p.Name, audit.ActionRequest, "select on "+table, err, map[string]string{"justification": why, "via": "chat"})
		if err != nil {
			c.tell(ctx, a, thread, u, tarn.ErrorMessage(err))
			return
		}
		ap.Kind, ap.ID, ap.Length = KindAccess, r.ID, r.Duration
		ap.Text = fmt.Sprintf("**Access request #%d** — **%s** asks for **select** on `%s` for %s.\n> %s", r.ID, p.Name, table, HumanLength(r.Duration), why)
	case FormReview:
		id, err := c.o.Store.NextReview(ctx)
		if err != nil {
			c.tell(ctx, a, thread, u, "I could not file the review request; try again.")
			return
		}
		c.record(ctx, p.Name, audit.ActionRequest, "review of "+table, nil, map[string]string{"justification": why, "via": "chat"})
		ap.Kind, ap.ID = KindReview, id
		ap.Text = fmt.Sprintf("**Review request #%d** — **%s** asks for a review of `%s`.\n> %s%s", id, p.Name, table, why, c.columnsNote(ctx, table))
	case FormFlip:
		ns, tbl, _ := strings.Cut(table, ".")
		f, err := c.o.Workflow.RequestFlip(ctx, p.Name, ns, tbl, why, length)
		c.record(ctx, p.Name, audit.ActionFlip, table, err, map[string]string{"justification": why, "via": "chat"})
		if err != nil {
			c.tell(ctx, a, thread, u, tarn.ErrorMessage(err))
			return
		}
		ap.Kind, ap.ID, ap.Length = KindFlip, f.ID, f.ExpiresAt.Sub(f.StartedAt)
		if f.State == governance.FlipActive {
			ap.State, ap.Until = "approved", f.ExpiresAt
			c.put(ctx, ap)
			c.tell(ctx, a, thread, u, fmt.Sprintf("Redaction on `%s` is lifted for you until %s. Ask again to see the raw values; every query is audited with your reason.", table, stamp(f.ExpiresAt)))
			return
		}
		ap.Text = fmt.Sprintf("**Session flip #%d** — **%s** asks to see the PII in `%s` for %s.\n> %s", f.ID, p.Name, table, HumanLength(ap.Length), why)
	}
	target := thread
	if ch := c.o.Approvals[thread.Platform]; ch != "" {
		target = Thread{Platform: thread.Platform, Channel: ch}
	}
	ref, err := a.Post(ctx, target, Message{Text: ap.Text, Buttons: decisionButtons(ap)})
	if err != nil {
		c.tell(ctx, a, thread, u, "Your request is filed, but I could not reach the approvers' channel; tell them its number.")
		c.o.Logger.Error("bot: posting an approval failed", "err", err)
	}
	ap.Message = ref
	c.put(ctx, ap)
	where := "here"
	if target.ID == "" {
		where = "in the approvers' channel"
	}
	c.tell(ctx, a, thread, u, fmt.Sprintf("I asked the approvers %s (%s #%d). I'll tell you here when someone decides.", where, ap.Kind, ap.ID))
}

func (c *Conversation) columnsNote(ctx context.Context, table string) string {
	if c.o.Columns == nil {
		return ""
	}
	ns, tbl, _ := strings.Cut(table, ".")
	cols, pii, err := c.o.Columns(ctx, ns, tbl)
	if err != nil || len(cols) == 0 {
		return ""
	}
	var tagged []string
	for _, col := range cols {
		if tag := pii[col]; tag != "" {
			tagged = append(tagged, col+" → "+tag)
		}
	}
	s := fmt.Sprintf("\nColumns: %s.", strings.Join(cols, ", "))
	if len(tagged) > 0 {
		s += fmt.Sprintf(" PII (masked unless flipped): %s.", strings.Join(tagged, ", "))
	}
	return s
}

func decisionButtons(ap Approval) []Button {
	v := ap.Kind + ":" + itoa(ap.ID)
	bs := []Button{{Action: ActApprove, Label: "Approve", Value: v, Style: Primary}}
	if ap.Kind == KindAccess && ap.Length > 24*time.Hour {
		bs = append(bs, Button{Action: ActApprove, Label: "Approve 1 day", Value: v + ":1d"})
	}
	return append(bs, Button{Action: ActDeny, Label: "Deny", Value: v, Style: Danger})
}

func (c *Conversation) put(ctx context.Context, ap Approval) {
	if err := c.o.Store.PutApproval(ctx, ap); err != nil {
		c.o.Logger.Error("bot: keeping an approval failed", "err", err)
	}
}

// tell posts text in the requester's thread, addressed to them.
func (c *Conversation) tell(ctx context.Context, a Adapter, t Thread, u User, text string) {
	if _, err := a.Post(ctx, t, Message{Text: "**" + displayName(u) + "**: " + text}); err != nil {
		c.o.Logger.Error("bot: posting to the requester failed", "err", err)
	}
}

// decide carries out an Approve or Deny click. Who may decide is checked
// by governance as the clicker, whoever could see the button.
func (c *Conversation) decide(ctx context.Context, a Adapter, act Action) {
	parts := strings.Split(act.Value, ":")
	var id int64
	if len(parts) >= 2 {
		id, _ = strconv.ParseInt(parts[1], 10, 64)
	}
	ap, ok, err := c.o.Store.Approval(ctx, parts[0], id)
	if err != nil || !ok {
		hint := "decide it with `tarn approve` or `tarn deny` (see `tarn requests`)"
		if parts[0] == KindReview {
			hint = "decide it with `tarn review <table>`"
		}
		c.notify(ctx, a, act.User, act.Message.Thread, "I no longer know this request (Tarn restarted since it was made); "+hint+".")
		return
	}
	if ap.State != "pending" {
		c.notify(ctx, a, act.User, act.Message.Thread, fmt.Sprintf("This was already %s by %s.", ap.State, ap.DecidedBy))
		return
	}
	p, err := c.principal(ctx, act.User)
	if err != nil {
		c.notify(ctx, a, act.User, act.Message.Thread, tarn.ErrorMessage(err))
		return
	}
	approve := act.Action == ActApprove
	var length time.Duration
	if len(parts) == 3 {
		length, _ = ParseLength(parts[2])
	}
	outcome, err := c.apply(ctx, p.Name, &ap, approve, length)
	if err != nil {
		c.notify(ctx, a, act.User, act.Message.Thread, tarn.ErrorMessage(err))
		return
	}
	ap.DecidedBy = p.Name
	c.put(ctx, ap)
	mark := "✅"
	if !approve {
		mark = "❌"
	}
	c.update(ctx, a, ap.Message, Message{Text: ap.Text + "\n\n" + mark + " " + outcome})
	if ra, err := c.adapter(ap.Thread.Platform); err == nil {
		c.tell(ctx, ra, ap.Thread, ap.Requester, strings.ToLower(outcome[:1])+outcome[1:]+nextStep(ap))
	}
}

// apply makes the decision in governance and says what it did.
func (c *Conversation) apply(ctx context.Context, decider string, ap *Approval, approve bool, length time.Duration) (string, error) {
	w := c.o.Workflow
	switch ap.Kind {
	case KindAccess:
		if !approve {
			_, err := w.Deny(ctx, decider, ap.ID, "denied in chat")
			c.record(ctx, decider, audit.ActionDeny, fmt.Sprintf("request %d", ap.ID), err, map[string]string{"via": "chat"})
			ap.State = "denied"
			return fmt.Sprintf("Denied by %s.", decider), err
		}
		_, g, err := w.ApproveFor(ctx, decider, ap.ID, "approved in chat", length)
		c.record(ctx, decider, audit.ActionApprove, fmt.Sprintf("request %d", ap.ID), err, map[string]string{"via": "chat"})
		if err != nil {
			return "", err
		}
		ap.State, ap.Until = "approved", *g.Until
		return fmt.Sprintf("Approved by %s: select on %s until %s.", decider, ap.Object, stamp(*g.Until)), nil
	case KindFlip:
		if !approve {
			_, err := w.DenyFlip(ctx, decider, ap.ID)
			c.record(ctx, decider, audit.ActionDeny, fmt.Sprintf("flip %d", ap.ID), err, map[string]string{"via": "chat"})
			ap.State = "denied"
			return fmt.Sprintf("Denied by %s.", decider), err
		}
		f, err := w.ApproveFlip(ctx, decider, ap.ID)
		c.record(ctx, decider, audit.ActionApprove, fmt.Sprintf("flip %d", ap.ID), err, map[string]string{"via": "chat"})
		if err != nil {
			return "", err
		}
		ap.State, ap.Until = "approved", f.ExpiresAt
		return fmt.Sprintf("Approved by %s: redaction on %s lifted for %s until %s.", decider, ap.Table, ap.Principal, stamp(f.ExpiresAt)), nil
	case KindReview:
		return c.review(ctx, decider, ap, approve)
	}
	return "", tarn.Errorf(tarn.EINVALID, "unknown kind of request %q", ap.Kind)
}

func (c *Conversation) review(ctx context.Context, decider string, ap *Approval, approve bool) (string, error) {
	ns, tbl, _ := strings.Cut(ap.Table, ".")
	if !approve {
		// Only holders of approve may turn a review request down.
		ok, err := c.o.Workflow.HoldsPrivilege(ctx, decider, governance.Approve, ns, tbl)
		if err == nil && !ok {
			err = tarn.Wrap(governance.ErrNotGranted, tarn.EFORBIDDEN, "Ask someone who holds approve on "+ap.Table+".",
				"%s may not decide the review of %s.", decider, ap.Table)
		}
		c.record(ctx, decider, audit.ActionDeny, "review of "+ap.Table, err, map[string]string{"via": "chat"})
		if err != nil {
			return "", err
		}
		ap.State = "denied"
		return fmt.Sprintf("Declined by %s: %s stays closed.", decider, ap.Table), nil
	}
	if c.o.Columns == nil {
		return "", tarn.Errorf(tarn.EINTERNAL, "reviews cannot be decided in this chat; use tarn review")
	}
	cols, pii, err := c.o.Columns(ctx, ns, tbl)
	if err != nil {
		return "", err
	}
	r := governance.Review{Namespace: ns, Table: tbl, Approved: true, Columns: cols, PII: pii, Note: "approved in chat: " + ap.Why}
	err = c.o.Workflow.Review(ctx, decider, r)
	c.record(ctx, decider, audit.ActionReview, ap.Table, err, map[string]string{"via": "chat", "columns": strings.Join(cols, ",")})
	if err != nil {
		return "", err
	}
	ap.State, ap.Ended = "approved", true
	return fmt.Sprintf("Reviewed by %s: %s is open with its %d columns; PII stays masked.", decider, ap.Table, len(cols)), nil
}

func nextStep(ap Approval) string {
	if ap.State != "approved" {
		return ""
	}
	switch ap.Kind {
	case KindAccess:
		return " Ask your question again."
	case KindFlip:
		return " Ask again to see the raw values."
	}
	return " Whoever has a grant on it can ask now."
}
