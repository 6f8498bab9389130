package bottest_test

import (
	"testing"

	"github.com/tarn-data/tarn/bot/bottest"
)

func TestTheFakePassesTheSuite(t *testing.T) {
	bottest.Run(t, func(*testing.T) bottest.Platform { return bottest.NewFake("fake") })
}
