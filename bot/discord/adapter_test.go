package discord_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/tarn-data/tarn"
	"github.com/tarn-data/tarn/bot"
	"github.com/tarn-data/tarn/bot/bottest"
	"github.com/tarn-data/tarn/bot/discord"
	"github.com/tarn-data/tarn/bot/discord/discordtest"
)

func TestNewNamesTheMissingSetting(t *testing.T) {
	for _, c := range []struct {
		o    discord.Options
		want string
	}{
		{discord.Options{ApplicationID: "1"}, "Token"},
		{discord.Options{Token: "t"}, "ApplicationID"},
		{discord.Options{Token: "t", ApplicationID: "1", PublicKey: "abc"}, "PublicKey"},
	} {
		_, err := discord.New(c.o)
		if tarn.ErrorCode(err) != tarn.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("New(%+v) = %v, want EINVALID naming %s", c.o, err, c.want)
		}
	}
}

func TestLongTextIsCutAndTheWholeTextAttachedAsAnswerMDOnce(t *testing.T) {
	t.Parallel()
	p, a := start(t, false, bottest.NewRecorder())
	ctx := context.Background()
	long := strings.Repeat("All 2,000 accounts are active. ", 200) // 6,200 characters
	ref, err := a.Post(ctx, bot.Thread{Platform: bot.Discord, Channel: p.Channel()}, bot.Message{Text: long})
	if err != nil {
		t.Fatal(err)
	}
	seen := p.Messages(t, ref.Thread)[0]
	if utf8.RuneCountInString(seen.Text) > 2000 || !strings.Contains(seen.Text, "answer.md") || !strings.HasPrefix(seen.Text, long[:1000]) {
		t.Fatalf("a long text shows as %d characters ending %q", utf8.RuneCountInString(seen.Text), seen.Text[len(seen.Text)-80:])
	}
	if got := p.S.Attachments(ref.ID); strings.Join(got, ",") != "answer.md" {
		t.Fatalf("attachments %v, want answer.md", got)
	}
	img := bot.Image{Name: "chart-1.png", PNG: []byte("\x89PNG")}
	for range 2 {
		if err := a.Update(ctx, ref, bot.Message{Text: long + "more", Images: []bot.Image{img}}); err != nil {
			t.Fatal(err)
		}
	}
	if got := p.S.Attachments(ref.ID); strings.Join(got, ",") != "chart-1.png,answer.md" {
		t.Fatalf("after two long edits with a chart: %v, want chart-1.png and one answer.md", got)
	}
	if err := a.Update(ctx, ref, bot.Message{Text: "Short now.", Images: []bot.Image{img}}); err != nil {
		t.Fatal(err)
	}
	if got := p.S.Attachments(ref.ID); strings.Join(got, ",") != "chart-1.png" {
		t.Fatalf("after a short edit: %v, want the chart only", got)
	}
}

func TestButtonsWhoseValuesDoNotFitACustomIDStillArrive(t *testing.T) {
	t.Parallel()
	rec := bottest.NewRecorder()
	p, a := start(t, true, rec)
	value := "review:" + strings.Repeat("fct.billing_invoices,", 10)
	var bs []bot.Button
	for i := range 7 {
		bs = append(bs, bot.Button{Action: "tarn.review", Label: "Approve " + string(rune('A'+i)), Value: value + string(rune('A'+i)), Style: bot.Primary})
	}
	ref, err := a.Post(context.Background(), bot.Thread{Platform: bot.Discord, Channel: p.Channel()}, bot.Message{Text: "review", Buttons: bs})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Messages(t, ref.Thread)[0].Buttons; len(got) != 7 {
		t.Fatalf("buttons shown: %v, want 7 in two rows", got)
	}
	p.Click(t, "dave", ref, "Approve F")
	if act := rec.WaitActions(t, 1)[0]; act.Value != value+"F" || act.Action != "tarn.review" {
		t.Fatalf("click arrived as %s %q", act.Action, act.Value)
	}
}

func TestANoticeAfterAClickIsEphemeral(t *testing.T) {
	t.Parallel()
	rec := bottest.NewRecorder()
	p, a := start(t, false, rec)
	ctx := context.Background()
	ref, err := a.Post(ctx, bot.Thread{Platform: bot.Discord, Channel: p.Channel()}, bot.Message{Text: "carol asks",
		Buttons: []bot.Button{{Action: "tarn.approve", Label: "Approve", Value: "req:1"}}})
	if err != nil {
		t.Fatal(err)
	}
	p.Click(t, "erin", ref, "Approve")
	act := rec.WaitActions(t, 1)[0]
	if err := a.Notify(ctx, act.User, act.Message.Thread, "Only approvers may decide this request."); err != nil {
		t.Fatal(err)
	}
	if got := p.Ephemeral("erin"); len(got) != 1 || !strings.Contains(got[0], "Only approvers") {
		t.Fatalf("erin's ephemeral messages: %q", got)
	}
	for _, s := range p.Messages(t, ref.Thread) {
		if strings.Contains(s.Text, "Only approvers") {
			t.Fatal("the notice was posted in the thread for everyone")
		}
	}
}

func TestAFormWithChoicesIsATextInputPrefilledWithTheDefault(t *testing.T) {
	t.Parallel()
	rec := bottest.NewRecorder()
	p, a := start(t, false, rec)
	rec.OnAction = func(ctx context.Context, act bot.Action) {
		_ = a.OpenForm(ctx, act.Trigger, bot.Form{ID: "tarn.flip", Title: "Flip a session on a table with a very long name indeed", Value: strings.Repeat("v", 150),
			Fields: []bot.Field{{ID: "for", Label: "For how long", Default: "1h", Options: []bot.Option{{Label: "1 hour", Value: "1h"}, {Label: "4 hours", Value: "4h"}}}}})
	}
	ref, _ := a.Post(context.Background(), bot.Thread{Platform: bot.Discord, Channel: p.Channel()}, bot.Message{Text: "x", Buttons: []bot.Button{{Action: "flip", Label: "Flip"}}})
	p.Click(t, "carol", ref, "Flip")
	f, ok := p.Form(t, "carol")
	if !ok || len(f.Fields) != 1 || f.Fields[0].Default != "1h" || f.Fields[0].Multiline || !strings.Contains(f.Fields[0].Placeholder, "4h") || utf8.RuneCountInString(f.Title) > 45 {
		t.Fatalf("form shown as %+v", f)
	}
	p.Submit(t, "carol", nil)
	if s := rec.WaitSubmissions(t, 1)[0]; s.Fields["for"] != "1h" || s.Value != strings.Repeat("v", 150) {
		t.Fatalf("submission %+v, want the default and the long value back", s)
	}
}

func TestADirectMessageArrivesAndIsAnsweredInTheDM(t *testing.T) {
	t.Parallel()
	rec := bottest.NewRecorder()
	p, a := start(t, false, rec)
	dm := p.S.DM("frank")
	p.Say(t, "frank", bot.Thread{Platform: bot.Discord, Channel: dm, ID: dm}, "how many zones?")
	in := rec.WaitIncoming(t, 1)[0]
	if !in.Direct || in.Thread.Channel != dm || in.Thread.ID != dm || in.Text != "how many zones?" {
		t.Fatalf("DM arrived as %+v", in)
	}
	if _, err := a.Post(context.Background(), in.Thread, bot.Message{Text: "5,000 zones."}); err != nil {
		t.Fatal(err)
	}
	if got := p.Messages(t, in.Thread); len(got) != 1 || got[0].Text != "5,000 zones." {
		t.Fatalf("the DM shows %+v", got)
	}
}

func TestTheGatewayIgnoresBotsItselfAndChatterNotForTarn(t *testing.T) {
	a, err := discord.New(discord.Options{Token: "t", ApplicationID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	const me, guild = "99", "7"
	a.SetBotUser(me)
	person := &discordgo.User{ID: "5", Username: "alice"}
	mention := []*discordgo.User{{ID: me}}
	for _, c := range []struct {
		name string
		m    *discordgo.Message
		want bool
	}{
		{"a mention", &discordgo.Message{ID: "1", ChannelID: "10", GuildID: guild, Author: person, Content: "<@99> hi", Mentions: mention}, true},
		{"a nickname mention", &discordgo.Message{ID: "2", ChannelID: "10", GuildID: guild, Author: person, Content: "<@!99> hi"}, true},
		{"chatter", &discordgo.Message{ID: "3", ChannelID: "10", GuildID: guild, Author: person, Content: "lunch?"}, false},
		{"another bot", &discordgo.Message{ID: "4", ChannelID: "10", GuildID: guild, Author: &discordgo.User{ID: "6", Bot: true}, Content: "<@99> hi", Mentions: mention}, false},
		{"itself", &discordgo.Message{ID: "5", ChannelID: "10", GuildID: guild, Author: &discordgo.User{ID: me}, Content: "<@99> hi", Mentions: mention}, false},
		{"a DM", &discordgo.Message{ID: "6", ChannelID: "11", Author: person, Content: "hi"}, true},
	} {
		in, ok := a.Incoming(c.m)
		if ok != c.want {
			t.Fatalf("%s: delivered %v, want %v", c.name, ok, c.want)
		}
		if ok && (in.Text != "hi" || in.User.Identity != "discord:5" || in.Delivery != c.m.ID) {
			t.Fatalf("%s arrived as %+v", c.name, in)
		}
	}
}

func TestRegisterCommandsCreatesTheSlashCommand(t *testing.T) {
	p := discordtest.NewPlatform(t, false)
	a, err := discord.New(p.Options())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.RegisterCommands(context.Background(), p.S.GuildID); err != nil {
		t.Fatal(err)
	}
	got := string(p.S.Commands(p.S.GuildID))
	if !strings.Contains(got, `"name":"tarn"`) || !strings.Contains(got, `"name":"question"`) {
		t.Fatalf("commands registered: %s", got)
	}
}

func TestEditingAMessageThatIsGoneIsUnknown(t *testing.T) {
	p := discordtest.NewPlatform(t, false)
	a, err := discord.New(p.Options())
	if err != nil {
		t.Fatal(err)
	}
	err = a.Update(context.Background(), bot.MessageRef{Thread: bot.Thread{Platform: bot.Discord, Channel: p.Channel(), ID: "123"}, ID: "123"}, bot.Message{Text: "x"})
	if !errors.Is(err, bot.ErrUnknownThread) {
		t.Fatalf("err = %v, want ErrUnknownThread", err)
	}
}

func TestTheGatewayReconnectsAfterTheConnectionDrops(t *testing.T) {
	t.Parallel()
	rec := bottest.NewRecorder()
	p, _ := start(t, false, rec)
	p.S.Drop()
	if !p.S.WaitConnected(10 * time.Second) {
		t.Fatal("the adapter did not reconnect")
	}
	p.Say(t, "alice", bot.Thread{}, "still there?")
	if in := rec.WaitIncoming(t, 1)[0]; in.Text != "still there?" {
		t.Fatalf("after reconnecting, a mention arrived as %+v", in)
	}
}

func TestARefusedTokenEndsTheGatewayWithWhatToFix(t *testing.T) {
	p := discordtest.NewPlatform(t, false)
	o := p.Options()
	o.Token = "revoked"
	a, err := discord.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = a.RunGateway(ctx)
	if !errors.Is(err, bot.ErrPlatform) || tarn.ErrorCode(err) != tarn.EFORBIDDEN || !strings.Contains(tarn.ErrorMessage(err), "bot.discord.token") {
		t.Fatalf("RunGateway with a refused token: %v (%s), want ErrPlatform naming bot.discord.token", err, tarn.ErrorMessage(err))
	}
}
