package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/internal/lru"
)

// Options configure an Adapter.
type Options struct {
	// Token is the bot token ("Bot " is added when missing). Required.
	Token string
	// ApplicationID is the application's id, used for slash commands and
	// interaction webhooks. Required.
	ApplicationID string
	// PublicKey is the application's ed25519 public key in hex, which
	// verifies the HTTP interactions endpoint. Without it HTTPHandler
	// refuses every request.
	PublicKey string
	// HTTPClient makes every REST call (and fetches the gateway address);
	// nil means a client with a 20 s timeout.
	HTTPClient *http.Client
	// Clock tells the time for the replay window and interaction tokens;
	// nil means the system clock.
	Clock tarn.Clock
	// Logger logs what cannot be returned to a caller; nil discards.
	Logger *slog.Logger
	// Handler hears what people do. It may also be set later with
	// SetHandler, before RunGateway or HTTPHandler serve anything.
	Handler bot.Handler
}

// Limits of the bookkeeping the adapter keeps in memory.
const (
	maxThreads      = 10000 // threads Tarn started or posted in
	maxMessages     = 10000 // attachments of messages Tarn posted
	maxKeys         = 10000 // button values and form values too long for a custom_id
	maxUsers        = 10000 // the latest interaction per user
	maxPendingPerCh = 64    // slash commands waiting for their first answer, per channel
	tokenLife       = 15 * time.Minute
	replayWindow    = 5 * time.Minute
)

// Adapter is the Discord adapter. Every method is safe for concurrent use.
type Adapter struct {
	s      *discordgo.Session
	appID  string
	pub    ed25519.PublicKey
	clock  tarn.Clock
	log    *slog.Logger
	client *http.Client

	hmu     sync.RWMutex
	handler bot.Handler

	botID string // set at READY
	idMu  sync.RWMutex

	threads  *lru.Cache[string, string]                         // thread channel id → parent channel id
	dms      *lru.Cache[string, bool]                           // DM channel ids
	attached *lru.Cache[string, []*discordgo.MessageAttachment] // message id → its attachments
	keys     *lru.Cache[string, [2]string]                      // custom_id key → (a, b)
	users    *lru.Cache[string, recentInteraction]              // user id → latest interaction
	origs    *lru.Cache[string, pendingCommand]                 // message id → the slash command it answers

	stripes [64]sync.Mutex // serialise starting a thread per thread id

	pmu     sync.Mutex
	pending map[string][]pendingCommand // channel → slash commands awaiting their answer

	imu      sync.Mutex
	inflight map[string]*inflight // interaction id → while its handler runs
}

// recentInteraction is a person's latest interaction, whose token lets
// Tarn send them ephemeral follow-ups for 15 minutes.
type recentInteraction struct {
	token  string
	thread string // Thread.Key of where it happened
	at     time.Time
}

// pendingCommand is a deferred slash command whose first answer edits the
// deferred response.
type pendingCommand struct {
	token string
	user  string
	dm    bool
	at    time.Time
}

// New returns an adapter. It does not connect: RunGateway does, and
// HTTPHandler serves interactions.
//
// Errors: *tarn.Error EINVALID naming a missing or malformed setting.
func New(o Options) (*Adapter, error) {
	if strings.TrimSpace(o.Token) == "" {
		return nil, tarn.Errorf(tarn.EINVALID, "discord: the bot token (Token) is not set")
	}
	if strings.TrimSpace(o.ApplicationID) == "" {
		return nil, tarn.Errorf(tarn.EINVALID, "discord: the application id (ApplicationID) is not set")
	}
	var pub ed25519.PublicKey
	if o.PublicKey != "" {
		k, err := hex.DecodeString(o.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return nil, tarn.Errorf(tarn.EINVALID, "discord: the public key (PublicKey) must be %d bytes of hex", ed25519.PublicKeySize)
		}
		pub = ed25519.PublicKey(k)
	}
	token := o.Token
	if !strings.HasPrefix(token, "Bot ") && !strings.HasPrefix(token, "Bearer ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, tarn.Wrap(err, tarn.EINVALID, "", "discord: %v", err)
	}
	s.ShouldReconnectOnError = false // RunGateway reconnects, and stops when asked
	s.LogLevel = -1                  // errors reach the Logger through the adapter
	s.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsMessageContent | discordgo.IntentsDirectMessages
	if o.HTTPClient != nil {
		s.Client = o.HTTPClient
	}
	a := &Adapter{s: s, appID: o.ApplicationID, pub: pub, clock: o.Clock, log: o.Logger, client: s.Client, handler: o.Handler,
		threads: lru.New[string, string](maxThreads), dms: lru.New[string, bool](maxThreads),
		attached: lru.New[string, []*discordgo.MessageAttachment](maxMessages), keys: lru.New[string, [2]string](maxKeys),
		users: lru.New[string, recentInteraction](maxUsers), origs: lru.New[string, pendingCommand](maxMessages), pending: map[string][]pendingCommand{}, inflight: map[string]*inflight{}}
	if a.clock == nil {
		a.clock = tarn.SystemClock{}
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	return a, nil
}

// Platform is bot.Discord.
func (a *Adapter) Platform() string { return bot.Discord }

// SetHandler sets the handler deliveries go to.
func (a *Adapter) SetHandler(h bot.Handler) {
	a.hmu.Lock()
	a.handler = h
	a.hmu.Unlock()
}

func (a *Adapter) h() bot.Handler {
	a.hmu.RLock()
	defer a.hmu.RUnlock()
	if a.handler == nil {
		return nopHandler{}
	}
	return a.handler
}

type nopHandler struct{}

func (nopHandler) Message(context.Context, bot.Incoming)                    {}
func (nopHandler) Action(context.Context, bot.Action)                       {}
func (nopHandler) Submit(context.Context, bot.Submission) map[string]string { return nil }

// Session is the discordgo session, for what the adapter does not cover.
func (a *Adapter) Session() *discordgo.Session { return a.s }

func (a *Adapter) botUser() string {
	a.idMu.RLock()
	defer a.idMu.RUnlock()
	return a.botID
}

func (a *Adapter) setBotUser(id string) {
	a.idMu.Lock()
	a.botID = id
	a.idMu.Unlock()
}

func opts(ctx context.Context) []discordgo.RequestOption {
	return []discordgo.RequestOption{discordgo.WithContext(ctx)}
}

// Discord's JSON error codes the adapter reacts to.
const (
	codeUnknownChannel = 10003
	codeUnknownMessage = 10008
	codeThreadExists   = 160004
)

func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

// platformErr wraps a REST failure: ErrUnknownThread for unknown messages
// and channels, ErrPlatform otherwise.
func platformErr(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	switch restCode(err) {
	case codeUnknownChannel, codeUnknownMessage:
		return fmt.Errorf("%w: %s: %w", bot.ErrUnknownThread, what, err)
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%w: %s: %w", bot.ErrUnknownThread, what, err)
	}
	return fmt.Errorf("%w: %s: %w", bot.ErrPlatform, what, err)
}
