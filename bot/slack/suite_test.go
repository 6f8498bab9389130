package slack_test

import (
	"testing"

	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/slack/slacktest"
)

func TestTheAdapterPassesTheSuiteOverSocketMode(t *testing.T) {
	bottest.Run(t, func(t *testing.T) bottest.Platform { return slacktest.NewPlatform(t, slacktest.SocketMode) })
}

func TestTheAdapterPassesTheSuiteOverTheHTTPEventsAPI(t *testing.T) {
	bottest.Run(t, func(t *testing.T) bottest.Platform { return slacktest.NewPlatform(t, slacktest.HTTP) })
}
