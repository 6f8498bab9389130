package main

import (
	"context"
	"time"
)

func (m *Main) now() time.Time { return time.Now().UTC() }

// record audits one governance action, allowed or refused, and returns the
// action's own error (or the audit's, if the action succeeded but could not
// be recorded).
func (m *Main) record(ctx context.Context, actor, action, object string, actionErr error, detail map[string]string) error {
	return m.Audit.Record(ctx, actor, action, object, actionErr, detail)
}
