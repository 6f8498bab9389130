package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
)

// RunSocketMode connects to Slack with the app token and serves
// events_api, interactive and slash_commands envelopes until ctx ends,
// delivering each to the handler and acknowledging it after the handler
// returned (a refused modal submission goes back in the ack as
// response_action "errors"). Envelopes are handled concurrently. It
// returns nil when ctx ends; a *tarn.Error EINVALID without an app token;
// an error wrapping bot.ErrPlatform when Slack refuses the connection
// (invalid token).
func (a *Adapter) RunSocketMode(ctx context.Context) error {
	if a.opts.AppToken == "" {
		return tarn.Errorf(tarn.EINVALID, "bot.slack.app_token is needed for Socket Mode")
	}
	a.self(ctx)
	smc := socketmode.New(a.api, socketmode.OptionLog(log.New(io.Discard, "", 0)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() { errc <- smc.RunContext(ctx) }()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			<-errc
			return nil
		case err := <-errc:
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("%w: slack socket mode: %v", bot.ErrPlatform, err)
		case evt := <-smc.Events:
			switch evt.Type {
			case socketmode.EventTypeEventsAPI, socketmode.EventTypeInteractive, socketmode.EventTypeSlashCommand:
				if evt.Request != nil {
					wg.Go(func() { a.serveEnvelope(ctx, smc, evt) })
				}
			case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
				a.log.Warn("slack: socket mode", "event", evt.Type, "data", fmt.Sprint(evt.Data))
			case socketmode.EventTypeErrorBadMessage:
				// Its data is the raw envelope, with what people wrote: the
				// cause only.
				cause := "unreadable envelope"
				if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok && bad.Cause != nil {
					cause = bad.Cause.Error()
				}
				a.log.Warn("slack: socket mode", "event", evt.Type, "cause", cause)
			}
		}
	}
}

func (a *Adapter) serveEnvelope(ctx context.Context, smc *socketmode.Client, evt socketmode.Event) {
	var payload any
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		if _, err := a.onCallback(ctx, evt.Request.Payload); err != nil {
			a.log.Warn("slack: event", "err", err)
		}
	case socketmode.EventTypeInteractive:
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			if resp := a.onInteraction(ctx, cb); resp != nil {
				payload = resp
			}
		}
	case socketmode.EventTypeSlashCommand:
		if c, ok := evt.Data.(slack.SlashCommand); ok {
			a.onCommand(ctx, c)
		}
	}
	if err := smc.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
		a.log.Warn("slack: ack", "envelope", evt.Request.EnvelopeID, "err", err)
	}
}
