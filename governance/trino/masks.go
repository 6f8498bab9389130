package trino

import "github.com/tarn-data/tarn/governance"

// DefaultMasks returns Trino SQL mask templates, written with {col}, for the
// PII tags of package governance, close to the masks Tarn applies itself:
// NULL stays NULL, a value that does not look like its tag is redacted.
// User IDs have none (Tarn hashes them with a key Trino does not hold), so
// such columns are hidden from Trino. Masks on a column that is not a
// string fail the query in Trino instead of leaking; give such tags a
// template of their own.
func DefaultMasks() map[string]string {
	const redacted = "'" + governance.Redacted + "'"
	orNull := func(expr string) string {
		return "CASE WHEN {col} IS NULL THEN NULL ELSE " + expr + " END"
	}
	digits := "regexp_replace({col}, '[^0-9]', '')"
	lastDigits := func(prefix string, min string) string {
		return orNull("CASE WHEN length(" + digits + ") >= " + min +
			" THEN '" + prefix + "' || substr(" + digits + ", -4) ELSE " + redacted + " END")
	}
	return map[string]string{
		governance.TagEmail: orNull("CASE WHEN strpos({col}, '@') > 1 THEN '***' || substr({col}, strpos({col}, '@')) ELSE " +
			redacted + " END"),
		governance.TagPhone:      lastDigits("***", "7"),
		governance.TagCreditCard: lastDigits("****", "12"),
		governance.TagIP: orNull("COALESCE(TRY(CAST(ip_prefix(CAST({col} AS IPADDRESS), " +
			"IF(strpos({col}, ':') > 0, 48, 24)) AS VARCHAR)), " + redacted + ")"),
		governance.TagPersonName: orNull(redacted),
		governance.TagFreeText:   orNull(redacted),
		governance.TagSecret:     orNull(redacted),
	}
}
