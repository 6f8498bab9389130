package demo

import (
	"context"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

const firstTicketID = 70001

// ticketTemplate is one kind of support request. Placeholders in body:
// {zone} {ip} {ray} {invoice} {email} {phone} {token} {sig}.
type ticketTemplate struct {
	subject  string
	body     string
	priority string // "" for the usual mix
}

var ticketTemplates = []ticketTemplate{
	{"DNS records not resolving for {zone}", "Hi, since this morning {zone} returns NXDOMAIN from some resolvers. We changed nameservers yesterday, is propagation still running?{sig}", ""},
	{"SSL handshake failures on {zone}", "Visitors get ERR_SSL_VERSION_OR_CIPHER_MISMATCH on {zone}. Our origin is {ip}. Ray ID {ray}.{sig}", "high"},
	{"Question about invoice {invoice}", "We were charged twice on invoice {invoice}. Can someone from billing call me back on {phone}?{sig}", ""},
	{"WAF blocking legitimate requests", "Our office IP {ip} gets blocked by rule waf-942100-sqli-libinjection when staff submit forms on {zone}. Ray ID {ray}. Please advise how to add an exception.{sig}", ""},
	{"Worker returning 500 errors", "Our Worker on {zone} throws 'TypeError: fetch failed' since the last deploy. The deploy used this token: {token} (is that the problem?){sig}", "high"},
	{"Locked out of my account", "I lost my phone with the 2FA app and cannot log in. My login e-mail is {email}, you can reach me on {phone}.{sig}", "high"},
	{"Rate limiting too aggressive", "Our API clients calling from {ip} receive 429 responses on {zone} at only 50 requests per second. Ray ID {ray}.{sig}", ""},
	{"R2 bucket returns AccessDenied", "Uploads to our bucket fail with AccessDenied. We are using access key {token}. Worked fine last week.{sig}", ""},
	{"Slow page loads from Asia", "Pages on {zone} take 4-5 seconds for users in Singapore and Jakarta while Europe is fast. Traceroute from {ip} attached.{sig}", "low"},
	{"Cache purge not taking effect", "We purged /static/js/app.js on {zone} an hour ago but visitors still get the old file (cf-cache-status: HIT).{sig}", ""},
	{"Login page under attack", "Our login page on {zone} is being hammered, thousands of POSTs a minute, e.g. from {ip}. Please help urgently!{sig}", "urgent"},
	{"Request to change billing contact", "Please send future invoices to {email} instead of the current owner. Our new billing number is {phone}.{sig}", "low"},
	{"API token leaked in public repo", "A developer pushed a token to GitHub by mistake: {token}. Can you revoke it and confirm nothing was accessed from {ip}?{sig}", "urgent"},
	{"Upgrade to enterprise plan", "We would like to talk to sales about moving {zone} and our other zones to an enterprise contract.{sig}", "low"},
}

var (
	ticketChannels = newChoice([]weighted[string]{{"email", 50}, {"chat", 35}, {"phone", 15}})
	ticketPrios    = newChoice([]weighted[string]{{"low", 30}, {"normal", 45}, {"high", 18}, {"urgent", 7}})
	freemail       = []string{"gmail.com", "outlook.com", "proton.me", "yahoo.com", "icloud.com"}
)

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// apiToken returns a credential-looking string with a well-known prefix.
func apiToken(r *rng) string {
	rnd := func(n int, alphabet string) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.intn(len(alphabet))]
		}
		return string(b)
	}
	switch r.intn(4) {
	case 0:
		return "sk_live_" + rnd(24, base62)
	case 1:
		return "ghp_" + rnd(36, base62)
	case 2:
		return "xoxb-" + rnd(12, "0123456789") + "-" + rnd(13, "0123456789") + "-" + rnd(24, base62)
	}
	return "AKIA" + rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
}

type ticket struct {
	acct                                 int
	created                              int64
	channel, subject, body, prio, status string
}

func (w *world) genTickets() []ticket {
	r := newRNG(w.o.Seed, streamTickets, 0)
	st := static()
	planW := []float64{0.3, 1, 2, 5}
	var aw []float64
	for _, a := range w.accounts {
		aw = append(aw, planW[a.plan])
	}
	pick := newAlias(aw)
	zonesOf := make([][]int, len(w.accounts))
	for zi, z := range w.zones {
		zonesOf[z.acct] = append(zonesOf[z.acct], zi)
	}
	invoicesOf := map[int][]int64{}
	for _, inv := range w.invoices() {
		invoicesOf[inv.acct] = append(invoicesOf[inv.acct], inv.id)
	}
	asOf := w.asOfMicro()
	out := make([]ticket, 0, numTickets)
	for len(out) < numTickets {
		ai := pick.pick(r)
		a := &w.accounts[ai]
		lo := max(w.fromMicro, a.created)
		tk := ticket{acct: ai, created: lo + int64(r.float()*float64(asOf-lo))}
		tmpl := ticketTemplates[r.intn(len(ticketTemplates))]
		tk.channel = ticketChannels.pick(r)
		tk.prio = tmpl.priority
		if tk.prio == "" {
			tk.prio = ticketPrios.pick(r)
		}
		ageDays := float64(asOf-tk.created) / float64(dayMicros)
		switch x := r.float(); {
		case ageDays < 2 && x < 0.7, ageDays < 10 && x < 0.2, x < 0.02:
			tk.status = "open"
		case ageDays < 5 && x < 0.9:
			tk.status = "pending"
		case ageDays < 30 || x < 0.5:
			tk.status = "solved"
		default:
			tk.status = "closed"
		}
		gn, fn := givenNames[a.region], familyNames[a.region]
		person := gn[r.intn(len(gn))] + " " + fn[r.intn(len(fn))]
		fill := func(s string) string {
			var b strings.Builder
			for {
				i := strings.IndexByte(s, '{')
				if i < 0 {
					b.WriteString(s)
					return b.String()
				}
				j := strings.IndexByte(s[i:], '}') + i
				b.WriteString(s[:i])
				switch s[i+1 : j] {
				case "zone":
					b.WriteString(w.zones[zonesOf[ai][r.intn(len(zonesOf[ai]))]].name)
				case "ip":
					e := &st.asns[r.intn(len(st.asns))]
					b.Write(appendIP(nil, e, &visitor{v6: r.chance(0.15), ip: r.next()}))
				case "ray":
					const hex = "0123456789abcdef"
					for k := 0; k < 16; k++ {
						b.WriteByte(hex[r.intn(16)])
					}
					b.WriteString("-" + st.colos[r.intn(len(st.colos))])
				case "invoice":
					if ids := invoicesOf[ai]; len(ids) > 0 {
						b.WriteString(itoa(int(ids[r.intn(len(ids))])))
					} else {
						b.WriteString("for last month")
					}
				case "email":
					if r.chance(0.6) {
						b.WriteString(a.email)
					} else {
						b.WriteString(strings.ReplaceAll(person, " ", ".") + "@" + freemail[r.intn(len(freemail))])
					}
				case "phone":
					b.WriteString(phoneNumber(r, &countries[a.country]))
				case "token":
					b.WriteString(apiToken(r))
				case "sig":
					switch x := r.float(); {
					case x < 0.25:
						b.WriteString("\n\nThanks,\n" + titleCase(person) + "\n" + a.email)
					case x < 0.4:
						b.WriteString("\n\nThanks,\n" + titleCase(person) + "\n" + phoneNumber(r, &countries[a.country]))
					case x < 0.7:
						b.WriteString("\n\nThanks, " + titleCase(person))
					}
				}
				s = s[j+1:]
			}
		}
		tk.subject = fill(tmpl.subject)
		tk.body = fill(tmpl.body)
		if tk.channel == "phone" {
			tk.body = "Call notes: customer reports: " + tk.body
		}
		out = append(out, tk)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].created < out[j].created })
	return out
}

func titleCase(s string) string {
	parts := strings.Fields(s)
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, " ")
}

func (w *world) ticketsTable() Table {
	t := newTable("raw", "support_tickets", "support-team",
		"Support tickets as exported from the helpdesk, unreviewed: bodies are free text written by customers.",
		[]string{"raw", "internal"}, []col{
			{"ticket_id", tBigint, false, "", "Ticket key."},
			{"account_id", tBigint, false, "", "Account that opened the ticket; joins dim.accounts.account_id."},
			{"created_at", tTS, false, "", "When the ticket was opened (UTC)."},
			{"channel", tVarchar, false, "", "How it came in: email, chat or phone."},
			{"subject", tVarchar, false, "", "Ticket subject line."},
			{"body", tVarchar, false, "free_text", "Ticket text as written by the customer; may contain e-mail addresses, phone numbers, IP addresses and API tokens."},
			{"priority", tVarchar, false, "", "low, normal, high or urgent."},
			{"status", tVarchar, false, "", "open, pending (waiting on the customer), solved or closed."},
		})
	t.Reviewed = false
	t.Generate = func(ctx context.Context, mem memory.Allocator, chunk int, emit func(arrow.RecordBatch) error) error {
		if err := checkChunk(t, chunk); err != nil {
			return err
		}
		b := newBatcher(ctx, mem, t.Schema, emit)
		defer b.release()
		for i, tk := range w.genTickets() {
			b.i64(0).Append(firstTicketID + int64(i))
			b.i64(1).Append(w.accounts[tk.acct].id)
			b.ts(2).Append(arrow.Timestamp(tk.created))
			b.str(3).Append(tk.channel)
			b.str(4).Append(tk.subject)
			b.str(5).Append(tk.body)
			b.str(6).Append(tk.prio)
			b.str(7).Append(tk.status)
			if err := b.row(); err != nil {
				return err
			}
		}
		return b.flush()
	}
	return t
}
