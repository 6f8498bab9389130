package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/slack-go/slack"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/internal/lru"
)

// Options configure an Adapter.
type Options struct {
	// BotToken is the bot user's OAuth token (xoxb-…); always needed.
	BotToken string
	// AppToken is the app-level token (xapp-…) Socket Mode connects with.
	AppToken string
	// SigningSecret verifies requests to HTTPHandler (the Events API).
	SigningSecret string
	// APIURL is Slack's Web API base URL, ending in "/"; tests point it at
	// a fake. Default: https://slack.com/api/.
	APIURL string
	// HTTPClient makes the Web API calls; default http.DefaultClient.
	HTTPClient *http.Client
	// Clock decides the replay window of signed requests; default the
	// system clock.
	Clock tarn.Clock
	// Logger logs deliveries that could not be handled; default discards.
	Logger *slog.Logger
	// TeamID is the workspace, used in identities when an event lacks it.
	TeamID string
	// Handler hears what people do; it can also be set later with
	// SetHandler (before RunSocketMode or HTTPHandler serve anything).
	Handler bot.Handler
	// BotUserID is Tarn's own user id ("U…"); when empty it is learned
	// with auth.test on first need.
	BotUserID string
}

// Adapter is Tarn on Slack. It implements bot.Adapter; RunSocketMode and
// HTTPHandler deliver what people do to a bot.Handler. It is safe for
// concurrent use.
type Adapter struct {
	opts   Options
	api    *slack.Client
	clock  tarn.Clock
	log    *slog.Logger
	botID  string
	selfMu sync.Mutex // guards botID and the TeamID learned with it

	// threads Tarn posted in ("channel/ts"), so replies there need no mention.
	threads *lru.Cache[string, struct{}]
	// uploaded image names per message ("channel/ts").
	upMu     sync.Mutex
	uploaded *lru.Cache[string, map[string]bool]

	hMu     sync.RWMutex
	handler bot.Handler
}

// New returns an adapter. Errors are *tarn.Error EINVALID naming the
// missing or malformed setting.
func New(o Options) (*Adapter, error) {
	if o.BotToken == "" {
		return nil, tarn.Errorf(tarn.EINVALID, "bot.slack.bot_token is needed (a bot token, xoxb-…)")
	}
	if o.AppToken == "" && o.SigningSecret == "" {
		return nil, tarn.Errorf(tarn.EINVALID, "bot.slack.app_token is needed for Socket Mode, or bot.slack.signing_secret for the HTTP Events API")
	}
	if o.AppToken != "" && !strings.HasPrefix(o.AppToken, "xapp-") {
		return nil, tarn.Errorf(tarn.EINVALID, "bot.slack.app_token must be an app-level token (xapp-…)")
	}
	if o.Clock == nil {
		o.Clock = tarn.SystemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	opts := []slack.Option{}
	if o.APIURL != "" {
		if !strings.HasSuffix(o.APIURL, "/") {
			o.APIURL += "/"
		}
		opts = append(opts, slack.OptionAPIURL(o.APIURL))
	}
	if o.HTTPClient != nil {
		opts = append(opts, slack.OptionHTTPClient(o.HTTPClient))
	}
	if o.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(o.AppToken))
	}
	// Rate-limited calls (429) wait for Retry-After and try again, twice.
	opts = append(opts, slack.OptionRetry(2))
	return &Adapter{
		opts: o, api: slack.New(o.BotToken, opts...), clock: o.Clock, log: o.Logger, botID: o.BotUserID,
		threads:  lru.New[string, struct{}](20000),
		uploaded: lru.New[string, map[string]bool](5000), handler: o.Handler,
	}, nil
}

// Platform is bot.Slack.
func (a *Adapter) Platform() string { return bot.Slack }

// SetHandler sets the handler RunSocketMode and HTTPHandler deliver to.
func (a *Adapter) SetHandler(h bot.Handler) {
	a.hMu.Lock()
	a.handler = h
	a.hMu.Unlock()
}

func (a *Adapter) h() bot.Handler {
	a.hMu.RLock()
	defer a.hMu.RUnlock()
	return a.handler
}

// self returns Tarn's own user id, asking auth.test once when it was not
// configured. It returns "" when Slack cannot tell.
func (a *Adapter) self(ctx context.Context) string {
	a.selfMu.Lock()
	defer a.selfMu.Unlock()
	if a.botID != "" {
		return a.botID
	}
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		a.log.Warn("slack: auth.test failed", "err", err)
		return ""
	}
	a.botID = res.UserID
	if a.opts.TeamID == "" {
		a.opts.TeamID = res.TeamID
	}
	return a.botID
}

func (a *Adapter) noteThread(channel, ts string) {
	if channel != "" && ts != "" {
		a.threads.Put(channel+"/"+ts, struct{}{})
	}
}

func (a *Adapter) knowsThread(channel, ts string) bool {
	_, ok := a.threads.Get(channel + "/" + ts)
	return ok
}

// platformErr wraps an error from the Web API: ErrUnknownThread when Slack
// does not know the channel, thread or message, ErrPlatform otherwise.
func platformErr(method string, err error) error {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "message_not_found", "channel_not_found", "thread_not_found", "cant_update_message":
			return fmt.Errorf("%w: slack %s: %s", bot.ErrUnknownThread, method, se.Err)
		}
	}
	return fmt.Errorf("%w: slack %s: %v", bot.ErrPlatform, method, err)
}

func (a *Adapter) identity(team, user string) string {
	if team == "" {
		a.selfMu.Lock()
		team = a.opts.TeamID
		a.selfMu.Unlock()
	}
	return "slack:" + team + "/" + user
}

func (a *Adapter) user(team, id, name string) bot.User {
	return bot.User{ID: id, Name: name, Identity: a.identity(team, id)}
}
