package slack

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tarn-data/tarn/bot"
)

// Slack's limits on a modal.
const (
	maxTitle       = 24
	maxSubmit      = 24
	maxLabel       = 2000
	maxPlaceholder = 150
	maxMetadata    = 3000
)

// OpenForm opens f as a modal (views.open) for the person whose click gave
// trigger: callback_id is f.ID, private_metadata f.Value, and each field an
// input block whose block_id and action_id are the field's ID. Errors wrap
// bot.ErrPlatform (also for an expired trigger).
func (a *Adapter) OpenForm(ctx context.Context, trigger string, f bot.Form) error {
	if len(f.Value) > maxMetadata {
		return fmt.Errorf("%w: form value of %d bytes exceeds Slack's %d", bot.ErrPlatform, len(f.Value), maxMetadata)
	}
	if _, err := a.api.OpenViewContext(ctx, trigger, modal(f)); err != nil {
		return platformErr("views.open", err)
	}
	return nil
}

func plain(s string, n int) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, cutRunes(s, n), false, false)
}

func modal(f bot.Form) slack.ModalViewRequest {
	title, submit := f.Title, f.Submit
	if title == "" {
		title = "Tarn"
	}
	if submit == "" {
		submit = "Submit"
	}
	v := slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: f.ID, PrivateMetadata: f.Value,
		Title: plain(title, maxTitle), Submit: plain(submit, maxSubmit), Close: plain("Cancel", maxSubmit),
	}
	var bl []slack.Block
	for _, fd := range f.Fields {
		label := fd.Label
		if label == "" {
			label = fd.ID
		}
		var ph *slack.TextBlockObject
		if fd.Placeholder != "" {
			ph = plain(fd.Placeholder, maxPlaceholder)
		}
		var el slack.BlockElement
		if len(fd.Options) > 0 {
			sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, ph, fd.ID)
			for _, o := range fd.Options {
				opt := slack.NewOptionBlockObject(o.Value, plain(o.Label, 75), nil)
				sel.Options = append(sel.Options, opt)
				if o.Value == fd.Default {
					sel.InitialOption = opt
				}
			}
			el = sel
		} else {
			in := slack.NewPlainTextInputBlockElement(ph, fd.ID)
			in.Multiline = fd.Multiline
			in.InitialValue = fd.Default
			el = in
		}
		bl = append(bl, slack.NewInputBlock(fd.ID, plain(label, maxLabel), nil, el).WithOptional(fd.Optional))
	}
	v.Blocks = slack.Blocks{BlockSet: bl}
	return v
}
