package demo

import "sort"

// Regions are the business regions of dim.accounts.region.
var regions = []string{"europe", "north_america", "asia_pacific", "latin_america", "middle_east", "africa"}

const (
	regEurope = iota
	regNorthAmerica
	regAsiaPacific
	regLatinAmerica
	regMiddleEast
	regAfrica
)

// regionAccountShare is the share of accounts based in each region.
var regionAccountShare = []float64{0.30, 0.33, 0.20, 0.08, 0.05, 0.04}

// asnDef is an autonomous system that clients connect from.
type asnDef struct {
	num     int32
	name    string
	hosting bool // a cloud or hosting network: mostly automated traffic
}

// country is one client or customer country (ISO 3166-1 alpha-2).
type country struct {
	code     string
	region   int
	traffic  float64 // share of global client traffic, in percent
	accounts float64 // relative weight of customers based here (0: none)
	bot      float64 // share of automated requests from its eyeball networks
	v6       float64 // share of requests over IPv6
	tz       int     // UTC offset in hours, for the daily traffic curve
	phoneCC  string  // E.164 country calling code
	phoneLen int     // digits in a national significant number
	tld      string
	legal    string // company suffix in account names
	colos    []string
	asns     []asnDef
}

// countries is the static geography of the demo: real country codes, the
// airport codes of nearby edge locations and real networks. It is sorted
// by code, so country indices order like the codes do.
var countries = sortedByCode([]country{
	{"AT", regEurope, 0.5, 0.5, 0.05, 0.2, 1, "43", 10, "at", "GmbH", []string{"VIE"}, []asnDef{{8447, "A1 Telekom Austria", false}}},
	{"BE", regEurope, 0.6, 0.6, 0.05, 0.3, 1, "32", 9, "be", "BV", []string{"BRU"}, []asnDef{{5432, "Proximus", false}}},
	{"CH", regEurope, 0.8, 0.9, 0.05, 0.3, 1, "41", 9, "ch", "AG", []string{"ZRH", "GVA"}, []asnDef{{3303, "Swisscom", false}}},
	{"CZ", regEurope, 0.6, 0.5, 0.06, 0.1, 1, "420", 9, "cz", "s.r.o.", []string{"PRG"}, []asnDef{{5610, "O2 Czech Republic", false}}},
	{"DE", regEurope, 5.0, 6.0, 0.05, 0.3, 1, "49", 11, "de", "GmbH", []string{"FRA", "DUS", "HAM", "MUC", "BER"}, []asnDef{{3320, "Deutsche Telekom", false}, {3209, "Vodafone Germany", false}, {24940, "Hetzner Online", true}}},
	{"DK", regEurope, 0.5, 0.6, 0.04, 0.1, 1, "45", 8, "dk", "ApS", []string{"CPH"}, []asnDef{{3292, "TDC", false}}},
	{"ES", regEurope, 2.0, 1.8, 0.05, 0.1, 1, "34", 9, "es", "S.L.", []string{"MAD", "BCN"}, []asnDef{{3352, "Telefonica de Espana", false}}},
	{"FI", regEurope, 0.4, 0.5, 0.04, 0.2, 2, "358", 9, "fi", "Oy", []string{"HEL"}, []asnDef{{719, "Elisa", false}}},
	{"FR", regEurope, 3.5, 3.5, 0.06, 0.35, 1, "33", 9, "fr", "SAS", []string{"CDG", "MRS"}, []asnDef{{3215, "Orange", false}, {12322, "Free SAS", false}, {16276, "OVH", true}}},
	{"GB", regEurope, 5.0, 6.0, 0.05, 0.3, 0, "44", 10, "co.uk", "Ltd", []string{"LHR", "MAN", "EDI"}, []asnDef{{2856, "British Telecom", false}, {5089, "Virgin Media", false}}},
	{"IE", regEurope, 0.6, 0.8, 0.05, 0.1, 0, "353", 9, "ie", "Ltd", []string{"DUB"}, []asnDef{{5466, "Eir", false}}},
	{"IT", regEurope, 2.0, 1.8, 0.05, 0.1, 1, "39", 10, "it", "S.r.l.", []string{"MXP", "FCO"}, []asnDef{{3269, "Telecom Italia", false}}},
	{"NL", regEurope, 2.0, 2.2, 0.10, 0.3, 1, "31", 9, "nl", "B.V.", []string{"AMS"}, []asnDef{{1136, "KPN", false}, {60781, "LeaseWeb", true}}},
	{"NO", regEurope, 0.5, 0.5, 0.04, 0.3, 1, "47", 8, "no", "AS", []string{"OSL"}, []asnDef{{2119, "Telenor", false}}},
	{"PL", regEurope, 1.5, 1.2, 0.06, 0.2, 1, "48", 9, "pl", "Sp. z o.o.", []string{"WAW"}, []asnDef{{5617, "Orange Polska", false}}},
	{"PT", regEurope, 0.5, 0.4, 0.05, 0.3, 0, "351", 9, "pt", "Lda", []string{"LIS"}, []asnDef{{3243, "MEO", false}}},
	{"RO", regEurope, 0.7, 0.3, 0.10, 0.1, 2, "40", 9, "ro", "SRL", []string{"OTP"}, []asnDef{{8708, "RCS & RDS", false}}},
	{"RU", regEurope, 3.0, 0, 0.35, 0.05, 3, "7", 10, "ru", "", []string{"WAW", "HEL", "FRA"}, []asnDef{{12389, "Rostelecom", false}}},
	{"SE", regEurope, 1.0, 1.2, 0.04, 0.2, 1, "46", 9, "se", "AB", []string{"ARN", "GOT"}, []asnDef{{3301, "Telia", false}}},

	{"CA", regNorthAmerica, 2.5, 4.0, 0.05, 0.3, -5, "1", 10, "ca", "Inc.", []string{"YYZ", "YVR", "YUL"}, []asnDef{{812, "Rogers", false}, {577, "Bell Canada", false}}},
	{"US", regNorthAmerica, 22.0, 30.0, 0.07, 0.45, -5, "1", 10, "com", "Inc.", []string{"IAD", "EWR", "ORD", "DFW", "ATL", "MIA", "DEN", "LAX", "SJC", "SEA"}, []asnDef{{7922, "Comcast", false}, {7018, "AT&T", false}, {701, "Verizon", false}, {20115, "Charter", false}, {16509, "Amazon", true}, {14061, "DigitalOcean", true}}},

	{"AU", regAsiaPacific, 2.0, 3.0, 0.05, 0.3, 10, "61", 9, "com.au", "Pty Ltd", []string{"SYD", "MEL", "PER", "BNE"}, []asnDef{{1221, "Telstra", false}, {4804, "Optus", false}}},
	{"CN", regAsiaPacific, 5.0, 0.5, 0.35, 0.2, 8, "86", 11, "cn", "Co., Ltd.", []string{"HKG", "NRT", "LAX"}, []asnDef{{4134, "Chinanet", false}, {4837, "China Unicom", false}, {37963, "Alibaba Cloud", true}}},
	{"HK", regAsiaPacific, 1.0, 1.0, 0.08, 0.1, 8, "852", 8, "hk", "Ltd", []string{"HKG"}, []asnDef{{4760, "HKT", false}}},
	{"ID", regAsiaPacific, 2.5, 1.0, 0.20, 0.1, 7, "62", 10, "id", "", []string{"CGK"}, []asnDef{{7713, "Telkom Indonesia", false}}},
	{"IN", regAsiaPacific, 6.0, 4.0, 0.15, 0.6, 5, "91", 10, "in", "Pvt. Ltd.", []string{"BOM", "DEL", "MAA", "BLR"}, []asnDef{{55836, "Reliance Jio", false}, {45609, "Bharti Airtel", false}}},
	{"JP", regAsiaPacific, 4.0, 3.5, 0.04, 0.3, 9, "81", 10, "jp", "KK", []string{"NRT", "KIX"}, []asnDef{{2516, "KDDI", false}, {4713, "NTT OCN", false}, {17676, "SoftBank", false}}},
	{"KR", regAsiaPacific, 2.0, 1.5, 0.06, 0.1, 9, "82", 10, "kr", "Co., Ltd.", []string{"ICN"}, []asnDef{{4766, "Korea Telecom", false}}},
	{"MY", regAsiaPacific, 0.8, 0.6, 0.08, 0.3, 8, "60", 9, "my", "Sdn. Bhd.", []string{"KUL"}, []asnDef{{4788, "TM Net", false}}},
	{"NZ", regAsiaPacific, 0.4, 0.6, 0.04, 0.2, 12, "64", 9, "co.nz", "Ltd", []string{"AKL"}, []asnDef{{9500, "One NZ", false}}},
	{"PH", regAsiaPacific, 1.2, 0.5, 0.10, 0.2, 8, "63", 10, "ph", "Inc.", []string{"MNL"}, []asnDef{{9299, "PLDT", false}}},
	{"SG", regAsiaPacific, 1.2, 2.0, 0.08, 0.2, 8, "65", 8, "sg", "Pte. Ltd.", []string{"SIN"}, []asnDef{{9506, "Singtel", false}}},
	{"TH", regAsiaPacific, 1.0, 0.5, 0.08, 0.3, 7, "66", 9, "co.th", "Co., Ltd.", []string{"BKK"}, []asnDef{{7470, "True Internet", false}}},
	{"TW", regAsiaPacific, 1.0, 0.8, 0.06, 0.3, 8, "886", 9, "tw", "Co., Ltd.", []string{"TPE"}, []asnDef{{3462, "HiNet", false}}},
	{"VN", regAsiaPacific, 1.5, 0.5, 0.30, 0.4, 7, "84", 9, "vn", "JSC", []string{"SGN", "HAN"}, []asnDef{{45899, "VNPT", false}, {7552, "Viettel", false}}},

	{"AR", regLatinAmerica, 1.0, 1.0, 0.08, 0.1, -3, "54", 10, "com.ar", "S.A.", []string{"EZE"}, []asnDef{{7303, "Telecom Argentina", false}}},
	{"BR", regLatinAmerica, 4.0, 3.0, 0.18, 0.4, -3, "55", 11, "com.br", "Ltda", []string{"GRU", "GIG", "POA"}, []asnDef{{28573, "Claro Brasil", false}, {18881, "Telefonica Brasil", false}}},
	{"CL", regLatinAmerica, 0.6, 0.8, 0.06, 0.2, -4, "56", 9, "cl", "SpA", []string{"SCL"}, []asnDef{{7418, "Telefonica Chile", false}}},
	{"CO", regLatinAmerica, 0.8, 0.8, 0.08, 0.1, -5, "57", 10, "com.co", "S.A.S.", []string{"BOG"}, []asnDef{{10620, "Claro Colombia", false}}},
	{"MX", regLatinAmerica, 2.5, 2.0, 0.08, 0.3, -6, "52", 10, "com.mx", "S.A. de C.V.", []string{"QRO", "MEX"}, []asnDef{{8151, "Uninet (Telmex)", false}}},
	{"PE", regLatinAmerica, 0.5, 0.5, 0.06, 0.1, -5, "51", 9, "pe", "S.A.C.", []string{"LIM"}, []asnDef{{6147, "Telefonica del Peru", false}}},

	{"AE", regMiddleEast, 0.8, 1.5, 0.05, 0.2, 4, "971", 9, "ae", "LLC", []string{"DXB"}, []asnDef{{5384, "Etisalat", false}}},
	{"IL", regMiddleEast, 0.7, 1.2, 0.05, 0.2, 2, "972", 9, "co.il", "Ltd", []string{"TLV"}, []asnDef{{8551, "Bezeq International", false}}},
	{"QA", regMiddleEast, 0.2, 0.3, 0.05, 0.1, 3, "974", 8, "qa", "WLL", []string{"DOH"}, []asnDef{{8781, "Ooredoo", false}}},
	{"SA", regMiddleEast, 0.9, 1.0, 0.06, 0.3, 3, "966", 9, "sa", "LLC", []string{"RUH", "JED"}, []asnDef{{25019, "Saudi Telecom", false}}},
	{"TR", regMiddleEast, 1.5, 1.0, 0.10, 0.1, 3, "90", 10, "com.tr", "A.S.", []string{"IST"}, []asnDef{{9121, "Turk Telekom", false}}},

	{"EG", regAfrica, 0.8, 0.6, 0.10, 0.1, 2, "20", 10, "eg", "S.A.E.", []string{"CAI"}, []asnDef{{8452, "TE Data", false}}},
	{"KE", regAfrica, 0.4, 0.5, 0.06, 0.1, 3, "254", 9, "co.ke", "Ltd", []string{"NBO"}, []asnDef{{33771, "Safaricom", false}}},
	{"MA", regAfrica, 0.4, 0.4, 0.08, 0.1, 1, "212", 9, "ma", "SARL", []string{"CMN"}, []asnDef{{6713, "Maroc Telecom", false}}},
	{"NG", regAfrica, 0.9, 0.6, 0.12, 0.1, 1, "234", 10, "com.ng", "Ltd", []string{"LOS"}, []asnDef{{29465, "MTN Nigeria", false}}},
	{"ZA", regAfrica, 0.8, 1.2, 0.06, 0.1, 2, "27", 9, "co.za", "(Pty) Ltd", []string{"JNB", "CPT"}, []asnDef{{37457, "Telkom SA", false}, {36994, "Vodacom", false}}},
})

func sortedByCode(cs []country) []country {
	sort.Slice(cs, func(i, j int) bool { return cs[i].code < cs[j].code })
	return cs
}

// ipv6Block returns the regional-registry block a network of this region
// would hold addresses from (RIPE 2a00, ARIN 2600, APNIC 2400, LACNIC 2800,
// AFRINIC 2c00).
func ipv6Block(region int) uint16 {
	switch region {
	case regEurope, regMiddleEast:
		return 0x2a00
	case regNorthAmerica:
		return 0x2600
	case regAsiaPacific:
		return 0x2400
	case regLatinAmerica:
		return 0x2800
	default:
		return 0x2c0f
	}
}

// localHourWeight is the shape of human traffic over the local day.
var localHourWeight = [24]float64{
	0.45, 0.32, 0.24, 0.20, 0.20, 0.25, 0.38, 0.55, 0.72, 0.85, 0.92, 0.96,
	1.00, 0.98, 0.95, 0.94, 0.96, 1.00, 1.06, 1.12, 1.15, 1.08, 0.88, 0.65,
}
