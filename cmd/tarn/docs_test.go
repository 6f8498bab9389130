package main

import (
	"os"
	"regexp"
	"testing"
)

// settingName is a config key or environment variable written in a guide:
// `bot.slack.bot_token`, `meta_url`, `TARN_TRINO_URL`.
var settingName = regexp.MustCompile("`((?:engine|lake|bot|llm|skimmer|jobs|governance)(?:\\.[a-z_]+)+|meta_url|data_dir|addr|people|TARN_[A-Z0-9_]+)`")

func TestTheOperatorsGuideNamesOnlySettingsThatExist(t *testing.T) {
	b, err := os.ReadFile("../../docs/operators.md")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"TARN_CONFIG": true}
	for _, s := range settings {
		known[s.key] = true
		known[s.env] = true
	}
	found := 0
	for _, m := range settingName.FindAllStringSubmatch(string(b), -1) {
		found++
		if !known[m[1]] {
			t.Errorf("docs/operators.md names %s, which is not a setting in config.go", m[1])
		}
	}
	if found < 20 {
		t.Fatalf("found only %d setting names in the guide; is the pattern still right?", found)
	}
}
