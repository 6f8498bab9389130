package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance/audit"
)

// ErrNoApprovals is returned when a review is asked for on a platform with
// no approvals channel.
var ErrNoApprovals = errors.New("bot: no approvals channel")

// RequestReview asks the approvers on platform to review a table nobody has
// reviewed yet, with what the PII scan found (findings, in markdown; no
// values). The message carries Approve / Deny buttons; approving opens the
// table with its columns and the PII tags found, as a review in chat does.
// It returns the request's number.
//
// Errors: ErrNoApprovals (EINVALID) when platform has no approvals
// channel; ErrNoAdapter when it is not connected; bot.ErrPlatform
// when the message cannot be posted.
func (c *Conversation) RequestReview(ctx context.Context, platform, table, findings string) (int64, error) {
	ch := c.o.Approvals[platform]
	if ch == "" {
		return 0, tarn.Wrap(ErrNoApprovals, tarn.EINVALID, "set the approvals channel of "+platform+" in tarn.yaml",
			"there is no approvals channel on %s to ask for the review of %s in", platform, table)
	}
	a, err := c.adapter(platform)
	if err != nil {
		return 0, err
	}
	id, err := c.o.Store.NextReview(ctx)
	if err != nil {
		return 0, err
	}
	target := Thread{Platform: platform, Channel: ch}
	u := User{ID: "skimmer", Name: "Skimmer", Identity: "system:skimmer"}
	ap := Approval{Kind: KindReview, ID: id, Requester: u, Principal: "system:skimmer", Thread: target, Table: table, Object: table,
		Why: "a new table: Skimmer scanned it", State: "pending", Created: c.o.Clock.Now()}
	ap.Text = fmt.Sprintf("**Review request #%d** — `%s` is new and closed until someone reviews it.\n%s%s",
		id, table, strings.TrimSpace(findings), c.columnsNote(ctx, table))
	ref, err := a.Post(ctx, target, Message{Text: ap.Text, Buttons: decisionButtons(ap)})
	if err != nil {
		return 0, err
	}
	ap.Message, ap.Thread = ref, ref.Thread
	c.put(ctx, ap)
	c.record(ctx, "system:skimmer", audit.ActionRequest, "review of "+table, nil, map[string]string{"via": "skimmer"})
	return id, nil
}

// HasApproval reports whether the conversation knows approval request id
// of kind (pending or decided). It does not across a restart of a
// MemoryStore, so a request made before may be made again.
func (c *Conversation) HasApproval(ctx context.Context, kind string, id int64) bool {
	_, ok, err := c.o.Store.Approval(ctx, kind, id)
	return err == nil && ok
}
