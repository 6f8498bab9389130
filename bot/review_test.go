package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tarn-data/tarn/bot"
)

func TestAScannedTableIsPutBeforeTheApproversWithItsFindingsAndOpenedWithItsTags(t *testing.T) {
	f := newFixture(t, func(o *bot.Options) {
		lakeCols := o.Columns
		// What a scan found, beside what people wrote.
		o.Columns = func(ctx context.Context, ns, table string) ([]string, map[string]string, error) {
			cols, pii, err := lakeCols(ctx, ns, table)
			if err == nil && pii["body"] == "" {
				pii["body"] = "free_text"
			}
			return cols, pii, err
		}
	})
	ctx := context.Background()
	id, err := f.conv.RequestReview(ctx, bot.Web, "raw.support_tickets", "Skimmer found PII in 1 of 8 columns:\n- `body` → **free_text**")
	if err != nil || id == 0 {
		t.Fatalf("RequestReview: %d, %v", id, err)
	}
	at, req := f.approvals(t)
	if !strings.Contains(req.Text, "Review request #") || !strings.Contains(req.Text, "`body` → **free_text**") || !hasButton(req, "Approve") || !hasButton(req, "Deny") {
		t.Fatalf("the review request reads %+v", req)
	}
	f.chat.Click(t, "alice", ref(at, req), "Approve")
	f.conv.Wait()
	if _, ok, _ := f.env.GovStore.Review(ctx, "raw", "support_tickets"); ok {
		t.Fatal("alice, no reviewer, opened the table")
	}
	f.chat.Click(t, "dave", ref(at, req), "Approve")
	f.conv.Wait()
	r, ok, err := f.env.GovStore.Review(ctx, "raw", "support_tickets")
	if err != nil || !ok || !r.Approved || r.PII["body"] != "free_text" {
		t.Fatalf("the review stored: %+v (ok %t, %v), want it approved with body tagged free_text", r, ok, err)
	}
	if decided := f.chat.Messages(t, at)[0]; !strings.Contains(decided.Text, "Reviewed by dave") || len(decided.Buttons) != 0 {
		t.Fatalf("the request after dave's click: %+v", decided)
	}
}

func TestAReviewCannotBeRequestedWhereThereIsNoApprovalsChannel(t *testing.T) {
	f := newFixture(t, func(o *bot.Options) { o.Approvals = nil })
	_, err := f.conv.RequestReview(context.Background(), bot.Web, "raw.support_tickets", "")
	if !errors.Is(err, bot.ErrNoApprovals) {
		t.Fatalf("err = %v, want ErrNoApprovals", err)
	}
}
