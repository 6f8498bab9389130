package main

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/alerts"
	"github.com/tarn-data/tarn/bot/discord"
	"github.com/tarn-data/tarn/bot/slack"
	"github.com/tarn-data/tarn/bot/web"
)

// chat is the front door once OpenBot has run: the conversation and the
// adapters that are configured.
type chat struct {
	conv    *bot.Conversation
	web     *web.Chat
	slack   *slack.Adapter
	discord *discord.Adapter
}

// OpenBot starts the conversation over the agent and connects the chat
// front doors that are configured: the web chat (default), Slack and
// Discord. It needs OpenAgent first; Run serves them.
func (m *Main) OpenBot(ctx context.Context) error {
	c := m.Config.Bot
	log := m.Logger
	var inv bot.Investigator = bot.Playbooks{Engine: m.Engine}
	if p := m.Config.LLM.Provider; p != "" && p != "offline" {
		inv = bot.AskInvestigator{Agent: m.Agent}
	}
	o := bot.Options{Agent: m.asker(), Directory: m.People, Workflow: m.Workflow, Record: m.Audit.Record,
		Columns: m.reviewColumns(), Logger: log, Approvals: map[string]string{bot.Web: c.Approvals},
		Alerts: bot.AlertOptions{Platform: c.Alerts.Platform, Channel: c.Alerts.Channel, Principal: c.Alerts.Principal,
			Investigator: inv, PerMinute: c.Alerts.PerMinute}}
	if c.Slack.Approvals != "" {
		o.Approvals[bot.Slack] = c.Slack.Approvals
	}
	if c.Discord.Approvals != "" {
		o.Approvals[bot.Discord] = c.Discord.Approvals
	}
	ch := &chat{conv: bot.New(o)}
	if c.Web {
		people, err := m.webPeople(ctx)
		if err != nil {
			return err
		}
		channels := []string{"general", c.Approvals, "alerts"}
		if j := m.Config.Jobs; j.FailuresPlatform == bot.Web && j.FailuresChannel != "" && !slices.Contains(channels, j.FailuresChannel) {
			channels = append(channels, j.FailuresChannel)
		}
		ch.web = web.New(web.Options{People: people, Channels: channels,
			Examples: webExamples, Logger: log})
		ch.web.Start(ch.conv)
		ch.conv.Register(ch.web)
	}
	if c.Slack.BotToken != "" {
		a, err := slack.New(slack.Options{BotToken: c.Slack.BotToken, AppToken: c.Slack.AppToken,
			SigningSecret: c.Slack.SigningSecret, APIURL: c.Slack.APIURL, Logger: log, Handler: ch.conv})
		if err != nil {
			return err
		}
		ch.slack = a
		ch.conv.Register(a)
	}
	if c.Discord.Token != "" {
		a, err := discord.New(discord.Options{Token: c.Discord.Token, ApplicationID: c.Discord.ApplicationID,
			PublicKey: c.Discord.PublicKey, Logger: log, Handler: ch.conv})
		if err != nil {
			return err
		}
		ch.discord = a
		ch.conv.Register(a)
	}
	m.chat = ch
	return nil
}

// webExamples are the questions the web chat offers on an empty channel.
var webExamples = []string{
	"How many accounts do we have?",
	"Top 10 customers by revenue last month.",
	"Daily requests for the last 30 days.",
	"Which ASNs were behind the credential stuffing attack three days ago?",
	"What share of requests were served from cache yesterday?",
}

// webPeople are the people the web chat offers: everyone with a web:
// identity in the directory.
func (m *Main) webPeople(ctx context.Context) ([]web.Person, error) {
	ps, err := m.People.Principals(ctx)
	if err != nil {
		return nil, err
	}
	var out []web.Person
	for _, p := range ps {
		for _, id := range p.Identities {
			if name, ok := strings.CutPrefix(id, "web:"); ok {
				out = append(out, web.Person{Name: name, Note: strings.Join(p.Groups, ", ")})
			}
		}
	}
	return out, nil
}

// botRoutes mounts the web chat, the Slack and Discord endpoints and the
// alert webhooks.
func (m *Main) botRoutes(mux *http.ServeMux) {
	if m.chat == nil {
		return
	}
	c := m.Config.Bot
	mux.Handle("POST /alerts/", alerts.Handler(alerts.Options{Secret: c.Alerts.Secret, HMACKey: c.Alerts.HMACKey, Sink: m.chat.conv.Alert}))
	if m.chat.slack != nil {
		mux.Handle("/slack/", m.chat.slack.HTTPHandler())
	}
	if m.chat.discord != nil {
		mux.Handle("/discord/interactions", m.chat.discord.HTTPHandler())
	}
	if m.chat.web != nil {
		mux.Handle("/", localOnly(m.chat.web.Handler()))
	}
}

// runBot serves the long-lived connections (Slack Socket Mode, the Discord
// gateway) and announces expiries until ctx ends.
func (m *Main) runBot(ctx context.Context) {
	if m.chat == nil {
		return
	}
	go m.chat.conv.Run(ctx, 0)
	if a := m.chat.slack; a != nil && m.Config.Bot.Slack.AppToken != "" {
		go func() {
			if err := a.RunSocketMode(ctx); err != nil {
				slog.Error("slack socket mode stopped", "err", err)
			}
		}()
	}
	if a := m.chat.discord; a != nil {
		go func() {
			if err := a.RegisterCommands(ctx, m.Config.Bot.Discord.GuildID); err != nil {
				slog.Error("discord: registering /tarn failed", "err", err)
			}
			if err := a.RunGateway(ctx); err != nil {
				slog.Error("discord gateway stopped", "err", err)
			}
		}()
	}
}
