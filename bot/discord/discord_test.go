package discord_test

import (
	"testing"

	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/discord/discordtest"
)

func TestTheAdapterPassesTheSuiteOverTheGateway(t *testing.T) {
	t.Parallel()
	bottest.Run(t, func(t *testing.T) bottest.Platform { return discordtest.NewPlatform(t, false) })
}

func TestTheAdapterPassesTheSuiteOverTheInteractionsEndpoint(t *testing.T) {
	t.Parallel()
	bottest.Run(t, func(t *testing.T) bottest.Platform { return discordtest.NewPlatform(t, true) })
}
