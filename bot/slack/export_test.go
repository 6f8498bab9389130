package slack

// Internals the external tests check directly.
var (
	Mrkdwn    = mrkdwn
	Blocks    = blocks
	SplitText = splitText
	TableText = tableText
	ActionID  = actionID
	ActionOf  = actionOf
)

var StripMention = stripMention
