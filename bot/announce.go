package bot

import (
	"context"
	"strings"

	"github.com/tarn-data/tarn"
)

// Announce posts text as a new message in a channel of a platform, outside
// any conversation: reports such as a Transformer job that failed. It
// returns ErrNoAdapter for a platform with no adapter, a *tarn.Error
// (EINVALID) for an empty channel or text, and the adapter's errors.
func (c *Conversation) Announce(ctx context.Context, platform, channel, text string) error {
	if strings.TrimSpace(channel) == "" || strings.TrimSpace(text) == "" {
		return tarn.Errorf(tarn.EINVALID, "An announcement needs a channel and some text.")
	}
	a, err := c.adapter(platform)
	if err != nil {
		return err
	}
	_, err = a.Post(ctx, Thread{Platform: platform, Channel: channel}, Message{Text: text})
	return err
}
