package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/tarn-data/tarn/governance"
)

// Run announces expiries until ctx ends, checking every interval
// (default one minute).
func (c *Conversation) Run(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = time.Minute
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-c.ctx.Done():
			return nil
		case <-t.C:
			c.Sweep(ctx)
		}
	}
}

// Sweep announces what ended since the last sweep: requests that expired
// unanswered (the approvers' message is edited to say so), access grants
// and session flips that ran out, and decisions taken outside the chat.
func (c *Conversation) Sweep(ctx context.Context) {
	aps, err := c.o.Store.Approvals(ctx)
	if err != nil {
		c.o.Logger.Error("bot: listing approvals failed", "err", err)
		return
	}
	now := c.o.Clock.Now()
	for _, ap := range aps {
		a, err := c.adapter(ap.Thread.Platform)
		if err != nil {
			continue
		}
		switch ap.State {
		case "pending":
			c.sweepPending(ctx, a, ap, now)
		case "approved":
			if !ap.Until.IsZero() && !now.Before(ap.Until) {
				what := fmt.Sprintf("your access to %s ended at %s.", ap.Object, stamp(ap.Until))
				if ap.Kind == KindFlip {
					what = fmt.Sprintf("the session flip on %s ended at %s; PII is masked again.", ap.Table, stamp(ap.Until))
				}
				c.tell(ctx, a, ap.Thread, ap.Requester, what)
				ap.Ended = true
				c.put(ctx, ap)
			}
		default:
			ap.Ended = true
			c.put(ctx, ap)
		}
	}
}

// sweepPending follows a pending request: expired, or decided elsewhere
// (the CLI, another process).
func (c *Conversation) sweepPending(ctx context.Context, a Adapter, ap Approval, now time.Time) {
	state, by, until := "", "", time.Time{}
	switch ap.Kind {
	case KindAccess:
		r, err := c.o.Workflow.Request(ctx, ap.ID) // expires it when due
		if err != nil {
			return
		}
		state, by = string(r.State), r.DecidedBy
		if r.State == governance.Approved && r.DecidedAt != nil {
			until = r.DecidedAt.Add(r.Duration)
		}
	case KindFlip:
		f, err := c.o.Workflow.Store.Flip(ctx, ap.ID)
		if err != nil {
			return
		}
		state, by, until = f.State, f.ApprovedBy, f.ExpiresAt
		if f.State == governance.FlipActive && !now.Before(f.ExpiresAt) {
			state = governance.FlipExpired
		}
		if f.State == governance.FlipActive {
			state = "approved"
		}
	case KindReview:
		if now.Sub(ap.Created) < governance.RequestTTL {
			return
		}
		state = "expired"
	}
	switch state {
	case "pending", "":
		return
	case "expired":
		ap.State, ap.Ended = "expired", true
		c.put(ctx, ap)
		if ap.Message.ID != "" {
			c.update(ctx, a, ap.Message, Message{Text: ap.Text + "\n\n⌛ Expired: nobody decided in time."})
		}
		c.tell(ctx, a, ap.Thread, ap.Requester, fmt.Sprintf("your %s request #%d expired without a decision; ask again if you still need it.", ap.Kind, ap.ID))
	default:
		ap.State, ap.DecidedBy, ap.Until = string(state), by, until
		if ap.State == string(governance.Approved) {
			ap.State = "approved"
		}
		c.put(ctx, ap)
		if ap.Message.ID != "" {
			c.update(ctx, a, ap.Message, Message{Text: ap.Text + fmt.Sprintf("\n\nDecided outside the chat: %s by %s.", ap.State, by)})
		}
		c.tell(ctx, a, ap.Thread, ap.Requester, fmt.Sprintf("your %s request #%d was %s by %s.", ap.Kind, ap.ID, ap.State, by))
	}
}
