package main

import (
	"context"
	"errors"
	"time"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/governance/audit"
)

func (m *Main) now() time.Time { return time.Now().UTC() }

// record audits one governance action, allowed or refused, and returns the
// action's own error (or the audit's, if the action succeeded but could not
// be recorded).
func (m *Main) record(ctx context.Context, actor, action, object string, actionErr error, detail map[string]string) error {
	e := audit.Entry{Actor: actor, Action: action, Object: object, Allowed: actionErr == nil, Detail: detail}
	if actionErr != nil {
		e.Action = audit.ActionRefuse
		if e.Detail == nil {
			e.Detail = map[string]string{}
		}
		e.Detail["action"] = action
		e.Reason = tarn.ErrorMessage(actionErr)
	}
	_, err := m.Audit.Append(ctx, e)
	return errors.Join(actionErr, err)
}
