package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/tarn-data/tarn/bot"
)

// Incoming exposes the gateway's filter to tests.
func (a *Adapter) Incoming(m *discordgo.Message) (bot.Incoming, bool) { return a.incoming(m) }

// SetBotUser sets the bot's user id, as READY does.
func (a *Adapter) SetBotUser(id string) { a.setBotUser(id) }
