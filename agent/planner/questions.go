package planner

// DevQuestions are the 20 development questions of the demo lake. The
// placeholders <zone> and <account> stand for a zone name and an account
// name of the lake at hand.
var DevQuestions = []string{
	"How many accounts do we have?",
	"How many enterprise accounts are in europe?",
	"Top 10 customers by revenue last month.",
	"Revenue by plan for each of the last 3 months.",
	"Which customers in Europe saw the highest growth in traffic last month?",
	"Daily requests for the last 30 days.",
	"What share of requests were served from cache yesterday?",
	"Which colos served the most bytes last week?",
	"Show traffic for zone <zone> over the last 14 days.",
	"Which countries send the most bot traffic (bot score below 10)?",
	"How many security events were blocked in the last 24 hours?",
	"Which ASNs were behind the credential stuffing attack three days ago?",
	"What are the top attack types this month?",
	"List open invoices over $10,000.",
	"Average revenue per account by customer type.",
	"How many zones does account <account> have?",
	"Which accounts were created last month?",
	"What tables do we have about billing?",
	"What does alloc_amount mean?",
	"Compare this week's requests with last week's.",
}
