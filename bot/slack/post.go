package slack

import (
	"bytes"
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tarn-data/tarn/bot"
)

// Post posts m in thread t with chat.postMessage; when t.ID is empty the
// message is top-level and its ts names the new thread. Images are
// uploaded into the thread afterwards (files v2). Errors wrap
// bot.ErrPlatform, or bot.ErrUnknownThread when Slack does not know the
// channel or thread.
func (a *Adapter) Post(ctx context.Context, t bot.Thread, m bot.Message) (bot.MessageRef, error) {
	if t.Channel == "" {
		return bot.MessageRef{}, fmt.Errorf("%w: no channel to post in", bot.ErrUnknownThread)
	}
	bl, text := blocks(m)
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(bl...)}
	if t.ID != "" {
		opts = append(opts, slack.MsgOptionTS(t.ID))
	}
	channel, ts, err := a.api.PostMessageContext(ctx, t.Channel, opts...)
	if err != nil {
		return bot.MessageRef{}, platformErr("chat.postMessage", err)
	}
	if channel == "" {
		channel = t.Channel
	}
	thread := bot.Thread{Platform: bot.Slack, Channel: channel, ID: t.ID}
	if thread.ID == "" {
		thread.ID = ts
	}
	a.noteThread(channel, thread.ID)
	ref := bot.MessageRef{Thread: thread, ID: ts}
	return ref, a.upload(ctx, ref, m.Images)
}

// Update replaces a posted message with chat.update, then uploads into
// its thread the images not uploaded for this message before. Errors wrap
// bot.ErrUnknownThread (Slack does not know the message) or
// bot.ErrPlatform.
func (a *Adapter) Update(ctx context.Context, ref bot.MessageRef, m bot.Message) error {
	if ref.Thread.Channel == "" || ref.ID == "" {
		return fmt.Errorf("%w: message %q in channel %q", bot.ErrUnknownThread, ref.ID, ref.Thread.Channel)
	}
	bl, text := blocks(m)
	if _, _, _, err := a.api.UpdateMessageContext(ctx, ref.Thread.Channel, ref.ID,
		slack.MsgOptionText(text, false), slack.MsgOptionBlocks(bl...)); err != nil {
		return platformErr("chat.update", err)
	}
	return a.upload(ctx, ref, m.Images)
}

// upload uploads each image once per message into the message's thread.
func (a *Adapter) upload(ctx context.Context, ref bot.MessageRef, images []bot.Image) error {
	key := ref.Thread.Channel + "/" + ref.ID
	for _, img := range images {
		if !a.claim(key, img.Name) {
			continue
		}
		title := img.Title
		if title == "" {
			title = img.Name
		}
		_, err := a.api.UploadFileContext(ctx, slack.UploadFileParameters{
			Reader: bytes.NewReader(img.PNG), FileSize: len(img.PNG), Filename: img.Name, Title: title, AltTxt: title,
			Channel: ref.Thread.Channel, ThreadTimestamp: ref.Thread.ID,
		})
		if err != nil {
			a.release(key, img.Name)
			return platformErr("files upload", err)
		}
	}
	return nil
}

// claim marks name as uploaded for the message key; false when it was.
func (a *Adapter) claim(key, name string) bool {
	a.upMu.Lock()
	defer a.upMu.Unlock()
	done, _ := a.uploaded.Get(key)
	if done[name] {
		return false
	}
	if done == nil {
		done = map[string]bool{}
		a.uploaded.Put(key, done)
	}
	done[name] = true
	return true
}

func (a *Adapter) release(key, name string) {
	a.upMu.Lock()
	defer a.upMu.Unlock()
	if done, ok := a.uploaded.Get(key); ok {
		delete(done, name)
	}
}

// Notify shows text to u alone with chat.postEphemeral, in t's thread when
// it has one. Errors wrap bot.ErrPlatform or bot.ErrUnknownThread.
func (a *Adapter) Notify(ctx context.Context, u bot.User, t bot.Thread, text string) error {
	opts := []slack.MsgOption{slack.MsgOptionText(cutRunes(mrkdwn(text), maxSectionText), false)}
	if t.ID != "" {
		opts = append(opts, slack.MsgOptionTS(t.ID))
	}
	if _, err := a.api.PostEphemeralContext(ctx, t.Channel, u.ID, opts...); err != nil {
		return platformErr("chat.postEphemeral", err)
	}
	return nil
}
