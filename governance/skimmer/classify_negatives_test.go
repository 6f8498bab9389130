package skimmer_test

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"

	"github.com/tarn-data/tarn/governance/skimmer"
)

// generatedNegatives are columns without PII that look like some: the
// hard negatives of the quality set.
func generatedNegatives(g *gen) []labelled {
	var out []labelled
	add := func(name, typ string, f func(i int) string) {
		vals := make([]string, 40)
		for i := range vals {
			vals[i] = f(i)
		}
		out = append(out, labelled{Column: skimmer.Column{Name: name, Type: typ, Values: vals}, From: "generated"})
	}
	sum := func(i int) []byte { return []byte(fmt.Sprint("payload-", i, g.digits(8))) }
	add("version", "VARCHAR", func(int) string {
		return fmt.Sprintf("%s%d.%d.%d", g.pick([]string{"", "v"}), g.r.IntN(20), g.r.IntN(30), g.r.IntN(200))
	})
	add("build_version", "VARCHAR", func(int) string {
		return fmt.Sprintf("%d.%d.%d.%d", 1+g.r.IntN(20), g.r.IntN(30), g.r.IntN(200), g.r.IntN(9999))
	})
	add("order_no", "VARCHAR", func(int) string { return "ORD-" + fmt.Sprint(2020+g.r.IntN(7)) + "-" + g.digits(6) })
	add("order_id", "BIGINT", func(int) string { return fmt.Sprint(1+g.r.IntN(9)) + g.digits(12) })
	add("invoice_id", "BIGINT", func(int) string { return fmt.Sprint(100000 + g.r.IntN(900000)) })
	add("md5", "VARCHAR", func(i int) string { h := md5.Sum(sum(i)); return hex.EncodeToString(h[:]) })
	add("sha1", "VARCHAR", func(i int) string { h := sha1.Sum(sum(i)); return hex.EncodeToString(h[:]) })
	add("content_sha256", "VARCHAR", func(i int) string { h := sha256.Sum256(sum(i)); return hex.EncodeToString(h[:]) })
	add("body_digest", "VARCHAR", func(i int) string { h := sha256.Sum256(sum(i)); return base64.StdEncoding.EncodeToString(h[:]) })
	add("etag", "VARCHAR", func(i int) string { h := md5.Sum(sum(i)); return `"` + hex.EncodeToString(h[:]) + `"` })
	add("request_uuid", "VARCHAR", func(int) string {
		b := g.from(hexLow, 32)
		return b[:8] + "-" + b[8:12] + "-4" + b[13:16] + "-a" + b[17:20] + "-" + b[20:]
	})
	add("event_id", "VARCHAR", func(int) string { return g.from(base62, 27) }) // KSUIDs: random, but IDs
	add("ts", "VARCHAR", func(int) string {
		return fmt.Sprintf("2026%02d%02d%02d%02d%02d", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60), g.r.IntN(60))
	})
	add("event_at", "VARCHAR", func(int) string {
		return fmt.Sprintf("2026-%02d-%02d %02d:%02d", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60))
	})
	add("created", "TIMESTAMP", func(int) string {
		return fmt.Sprintf("2026-%02d-%02d %02d:%02d:00", 1+g.r.IntN(12), 1+g.r.IntN(28), g.r.IntN(24), g.r.IntN(60))
	})
	add("day", "VARCHAR", func(i int) string {
		d, m := 1+g.r.IntN(28), 1+g.r.IntN(12)
		return []string{fmt.Sprintf("%02d/%02d/2026", d, m), fmt.Sprintf("%02d.%02d.2026", d, m), fmt.Sprintf("2026/%02d/%02d", m, d)}[i%3]
	})
	add("postcode", "VARCHAR", func(i int) string {
		if i%3 == 0 {
			return g.digits(5) + "-" + g.digits(4)
		}
		return fmt.Sprint(10000 + g.r.IntN(89999))
	})
	add("price", "VARCHAR", func(int) string {
		return fmt.Sprintf("%s%d.%02d", g.pick([]string{"$", "€", "£", ""}), g.r.IntN(2000), g.r.IntN(100))
	})
	add("unit_price", "DOUBLE", func(int) string { return fmt.Sprintf("%.2f", 100*g.r.Float64()) })
	add("latency_ms", "DOUBLE", func(int) string { return fmt.Sprintf("%.3f", 500*g.r.Float64()) })
	add("sku", "VARCHAR", func(int) string {
		return g.pick([]string{"SKU", "PRD", "ACC"}) + "-" + g.digits(5) + "-" + g.pick([]string{"BLK", "RED", "XL", "M"})
	})
	add("country_code", "VARCHAR", func(int) string {
		return g.pick([]string{"US", "DE", "FR", "JP", "BR", "IN", "NG", "GB", "ES", "IT", "NL", "SE"})
	})
	add("ua", "VARCHAR", func(int) string {
		return fmt.Sprintf("Mozilla/5.0 (%s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36",
			g.pick([]string{"Windows NT 10.0; Win64; x64", "X11; Linux x86_64", "Macintosh; Intel Mac OS X 10_15_7"}),
			100+g.r.IntN(30), g.r.IntN(7000), g.r.IntN(200))
	})
	add("url", "VARCHAR", func(int) string {
		return "https://" + g.pick([]string{"example.com", "docs.example.io", "shop.example.net"}) + "/" +
			g.pick([]string{"docs", "blog", "products", "api/v1/zones"}) + "/" + g.digits(4) + "?page=" + fmt.Sprint(g.r.IntN(20))
	})
	add("tag", "VARCHAR", func(int) string {
		return g.pick([]string{"alpha", "beta", "canary", "stable", "blue", "green", "red", "north", "summer"})
	})
	add("title", "VARCHAR", func(int) string {
		return g.pick([]string{"Quarterly", "Annual", "Monthly"}) + " " + g.pick([]string{"Report", "Review", "Summary"}) + " " + fmt.Sprint(2020+g.r.IntN(7))
	})
	add("plan_name", "VARCHAR", func(int) string {
		return g.pick([]string{"Free", "Pro", "Business", "Enterprise"}) + " " + g.pick([]string{"Monthly", "Annual"})
	})
	add("hits", "BIGINT", func(int) string { return fmt.Sprint(g.r.IntN(10000000)) })
	add("score", "DOUBLE", func(int) string { return fmt.Sprintf("%.4f", g.r.Float64()) })
	add("ray", "VARCHAR", func(int) string { return g.from(hexLow, 16) + "-" + g.pick([]string{"SJC", "FRA", "NRT", "LHR"}) })
	add("phone_type", "VARCHAR", func(int) string { return g.pick([]string{"mobile", "landline", "voip"}) })
	add("ip_count", "INTEGER", func(int) string { return fmt.Sprint(g.r.IntN(5000)) })
	add("mac_os_version", "VARCHAR", func(int) string { return fmt.Sprintf("%d.%d.%d", 10+g.r.IntN(5), g.r.IntN(8), g.r.IntN(4)) })
	add("comment", "VARCHAR", func(int) string {
		return g.pick([]string{"Works fine after the upgrade to", "Slow dashboard since version", "Please add support for", "Thanks for fixing"}) + " " +
			g.pick([]string{"2.3.1", "the new API", "dark mode", "CSV export", "v10.4.1", "zone analytics"}) + ", " +
			g.pick([]string{"great job.", "still waiting.", "no rush.", "see ticket #" + g.digits(5) + "."})
	})
	return out
}
