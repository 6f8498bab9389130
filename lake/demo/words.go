package demo

// Word lists for names. Account names are "<first> <second>[ <legal>]"; the
// first and second words also make the account's domain names.
var nameFirst = []string{
	"Alder", "Atlas", "Aurora", "Beacon", "Bluepeak", "Bramble", "Brightwater", "Cascade",
	"Cobalt", "Copperfield", "Crescent", "Delta", "Driftwood", "Echo", "Ember", "Evergreen",
	"Falcon", "Fjord", "Foxglove", "Garnet", "Glacier", "Granite", "Harbor", "Helix",
	"Heron", "Horizon", "Indigo", "Ironleaf", "Jasper", "Juniper", "Kestrel", "Keystone",
	"Kinetic", "Larkspur", "Lattice", "Lighthouse", "Lumen", "Maple", "Marble", "Meridian",
	"Mosaic", "Nimbus", "Nordic", "Northwind", "Nova", "Oakridge", "Onyx", "Opal",
	"Orchard", "Pioneer", "Polar", "Prism", "Quantum", "Quarry", "Quill", "Raven",
	"Redwood", "Riverstone", "Sable", "Sapphire", "Silverline", "Solstice", "Summit", "Tessera",
	"Thistle", "Tidewater", "Tundra", "Umbra", "Vantage", "Velvet", "Vertex", "Wavelength",
	"Willow", "Yarrow", "Zenith", "Zephyr", "Amber", "Basalt", "Cinder", "Dune",
}

// nameSecond words carry the kind of business, which decides what the
// account's main site looks like (see siteKindOf).
var nameSecond = []string{
	"Analytics", "Apparel", "Bank", "Books", "Capital", "Cloud", "Commerce", "Data",
	"Design", "Education", "Energy", "Fashion", "Fitness", "Foods", "Games", "Health",
	"Insurance", "Labs", "Logistics", "Marketplace", "Media", "Mobility", "Motors", "Music",
	"Networks", "News", "Partners", "Payments", "Pharma", "Realty", "Retail", "Robotics",
	"Security", "Software", "Sports", "Studios", "Systems", "Telecom", "Travel", "Works",
}

// Site kinds shape a zone's request mix.
const (
	kindWeb = iota
	kindShop
	kindAPI
	kindMedia
	numKinds
)

func siteKindOf(second string) int {
	switch second {
	case "Media", "Music", "News", "Games", "Studios", "Sports":
		return kindMedia
	case "Software", "Cloud", "Data", "Analytics", "Payments", "Systems", "Networks", "Telecom", "Robotics", "Security":
		return kindAPI
	case "Retail", "Commerce", "Fashion", "Apparel", "Marketplace", "Foods", "Books", "Travel", "Fitness":
		return kindShop
	}
	return kindWeb
}

// Zone names for an account's further domains: prefix + slug + suffix + tld.
var (
	zonePrefixes = []string{"", "", "", "get", "try", "my", "go", "use", "shop"}
	zoneSuffixes = []string{"", "", "app", "cdn", "hq", "labs", "cloud", "api", "status", "media", "static", "dev", "store", "mail"}
	zoneTLDs     = []string{"com", "net", "io", "co", "dev", "app", "org", "cloud"}
)

// People names for owner e-mails and support tickets, per region.
var (
	givenNames = [][]string{
		regEurope:       {"anna", "lukas", "sophie", "jan", "emma", "matteo", "lea", "oliver", "chloe", "lars", "ines", "piotr", "elena", "jonas", "marta", "hugo"},
		regNorthAmerica: {"james", "emily", "michael", "sarah", "david", "jessica", "chris", "ashley", "daniel", "megan", "ryan", "lauren"},
		regAsiaPacific:  {"hiro", "yuki", "wei", "mei", "arjun", "priya", "minjun", "jisoo", "liam", "chloe", "ravi", "siti"},
		regLatinAmerica: {"lucas", "gabriela", "mateo", "valentina", "diego", "camila", "santiago", "isabela"},
		regMiddleEast:   {"omar", "layla", "yusuf", "noa", "ahmet", "sara", "khalid", "maya"},
		regAfrica:       {"kwame", "amara", "thabo", "zanele", "chidi", "wanjiru", "youssef", "nadia"},
	}
	familyNames = [][]string{
		regEurope:       {"schmidt", "muller", "martin", "dubois", "jansen", "rossi", "garcia", "nowak", "andersson", "murphy", "smith", "fischer", "bernard", "silva", "novak", "larsen"},
		regNorthAmerica: {"johnson", "williams", "brown", "miller", "davis", "wilson", "anderson", "taylor", "thomas", "moore", "clark", "lee"},
		regAsiaPacific:  {"tanaka", "sato", "wang", "chen", "sharma", "patel", "kim", "park", "nguyen", "tan", "singh", "wong"},
		regLatinAmerica: {"silva", "santos", "gonzalez", "rodriguez", "fernandez", "lopez", "martinez", "pereira"},
		regMiddleEast:   {"haddad", "cohen", "yilmaz", "alsaud", "mansour", "levi", "demir", "nasser"},
		regAfrica:       {"mensah", "okafor", "nkosi", "dlamini", "adeyemi", "kamau", "benali", "mahlangu"},
	}
)

// Request classes: what kind of thing a path is.
const (
	clsStatic = iota
	clsHTML
	clsAPI
	clsLogin
	clsMedia
	clsProbe
	numClasses
)

// resource is one path a zone serves.
type resource struct {
	path  string
	class int
	bytes float64 // typical response size
	// weights per site kind for human and automated visitors
	human [numKinds]float64
	bot   [numKinds]float64
}

var resources = []resource{
	{"/", clsHTML, 28e3, [4]float64{10, 8, 1, 6}, [4]float64{8, 6, 2, 5}},
	{"/favicon.ico", clsStatic, 1.2e3, [4]float64{6, 6, 1, 5}, [4]float64{2, 2, 1, 2}},
	{"/robots.txt", clsStatic, 0.3e3, [4]float64{0.2, 0.2, 0.1, 0.2}, [4]float64{6, 6, 3, 6}},
	{"/sitemap.xml", clsStatic, 22e3, [4]float64{0.1, 0.2, 0, 0.1}, [4]float64{3, 4, 0, 3}},
	{"/static/js/app.3f9c1d.js", clsStatic, 180e3, [4]float64{8, 8, 1, 7}, [4]float64{1, 1, 0, 1}},
	{"/static/js/vendor.8a21be.js", clsStatic, 420e3, [4]float64{6, 6, 1, 5}, [4]float64{0.5, 0.5, 0, 0.5}},
	{"/static/css/main.c41e07.css", clsStatic, 45e3, [4]float64{8, 8, 1, 7}, [4]float64{1, 1, 0, 1}},
	{"/images/logo.svg", clsStatic, 6e3, [4]float64{7, 7, 1, 6}, [4]float64{0.5, 0.5, 0, 0.5}},
	{"/images/hero.webp", clsStatic, 140e3, [4]float64{5, 6, 0, 4}, [4]float64{0.5, 0.5, 0, 0.5}},
	{"/fonts/inter-var.woff2", clsStatic, 90e3, [4]float64{4, 4, 0.5, 3}, [4]float64{0.2, 0.2, 0, 0.2}},
	{"/about", clsHTML, 24e3, [4]float64{2, 1, 0.2, 1}, [4]float64{2, 1, 0.2, 1}},
	{"/pricing", clsHTML, 31e3, [4]float64{2, 0.5, 0.5, 0.5}, [4]float64{2, 0.5, 0.5, 0.5}},
	{"/contact", clsHTML, 19e3, [4]float64{1, 0.5, 0.1, 0.3}, [4]float64{2, 1, 0.2, 0.5}},
	{"/blog", clsHTML, 35e3, [4]float64{3, 1, 0.5, 1}, [4]float64{3, 1, 0.5, 1}},
	{"/blog/how-we-scaled-our-platform", clsHTML, 52e3, [4]float64{2, 0.5, 0.3, 0.5}, [4]float64{2, 0.5, 0.3, 0.5}},
	{"/docs/getting-started", clsHTML, 41e3, [4]float64{1.5, 0.2, 2, 0.2}, [4]float64{1, 0.2, 1, 0.2}},
	{"/careers", clsHTML, 27e3, [4]float64{0.5, 0.3, 0.2, 0.3}, [4]float64{0.5, 0.3, 0.2, 0.3}},
	{"/products", clsHTML, 64e3, [4]float64{0, 6, 0, 0}, [4]float64{0, 6, 0, 0}},
	{"/products/running-shoes", clsHTML, 71e3, [4]float64{0, 4, 0, 0}, [4]float64{0, 5, 0, 0}},
	{"/products/wireless-headphones", clsHTML, 69e3, [4]float64{0, 3, 0, 0}, [4]float64{0, 5, 0, 0}},
	{"/search", clsHTML, 48e3, [4]float64{0.5, 3, 0.2, 1}, [4]float64{1, 4, 0.2, 1}},
	{"/cart", clsHTML, 22e3, [4]float64{0, 2, 0, 0}, [4]float64{0, 0.5, 0, 0}},
	{"/checkout", clsHTML, 26e3, [4]float64{0, 1, 0, 0}, [4]float64{0, 0.3, 0, 0}},
	{"/login", clsLogin, 14e3, [4]float64{1.5, 2, 0.5, 1}, [4]float64{2, 3, 0.5, 1.5}},
	{"/signup", clsLogin, 16e3, [4]float64{0.5, 0.5, 0.3, 0.5}, [4]float64{0.5, 0.5, 0.3, 0.5}},
	{"/account", clsLogin, 18e3, [4]float64{1, 1.5, 0.3, 1}, [4]float64{0.5, 0.5, 0.2, 0.5}},
	{"/api/v1/users/me", clsAPI, 1.8e3, [4]float64{2, 2, 10, 2}, [4]float64{1, 1, 6, 1}},
	{"/api/v1/orders", clsAPI, 6.5e3, [4]float64{0, 2, 6, 0}, [4]float64{0, 1, 4, 0}},
	{"/api/v1/search", clsAPI, 12e3, [4]float64{0.5, 2, 8, 1}, [4]float64{0.5, 2, 6, 1}},
	{"/api/v2/events", clsAPI, 0.9e3, [4]float64{1, 1, 12, 2}, [4]float64{0.5, 0.5, 6, 1}},
	{"/api/v1/auth/login", clsLogin, 1.1e3, [4]float64{0.5, 0.5, 3, 0.5}, [4]float64{0.5, 1, 4, 0.5}},
	{"/api/v1/health", clsAPI, 0.1e3, [4]float64{0.1, 0.1, 3, 0.1}, [4]float64{2, 2, 8, 2}},
	{"/graphql", clsAPI, 8e3, [4]float64{1, 1, 6, 2}, [4]float64{0.5, 0.5, 3, 1}},
	{"/video/ep-104/playlist.m3u8", clsMedia, 2e3, [4]float64{0, 0, 0, 4}, [4]float64{0, 0, 0, 1}},
	{"/video/ep-104/segment-0042.ts", clsMedia, 1.8e6, [4]float64{0, 0, 0, 12}, [4]float64{0, 0, 0, 1}},
	{"/images/thumbs/ep-104.jpg", clsMedia, 60e3, [4]float64{0, 0, 0, 6}, [4]float64{0, 0, 0, 2}},
	{"/podcast/episode-88.mp3", clsMedia, 9e6, [4]float64{0, 0, 0, 1}, [4]float64{0, 0, 0, 0.2}},
	{"/wp-login.php", clsProbe, 3e3, [4]float64{0, 0, 0, 0}, [4]float64{3, 3, 2, 3}},
	{"/.env", clsProbe, 0.5e3, [4]float64{0, 0, 0, 0}, [4]float64{2, 2, 2, 2}},
	{"/xmlrpc.php", clsProbe, 0.6e3, [4]float64{0, 0, 0, 0}, [4]float64{1.5, 1.5, 1, 1.5}},
	{"/admin", clsProbe, 4e3, [4]float64{0, 0, 0, 0}, [4]float64{1.5, 1.5, 1.5, 1.5}},
}

// weighted is a value with its weight, for the small fixed distributions below.
type weighted[T any] struct {
	v T
	w float64
}

// Per-class distributions of methods, cache statuses and response statuses.
var (
	methods       = []string{"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"}
	methodPOST    = 1
	methodHEAD    = 2
	methodByClass = [numClasses][]weighted[int]{
		clsStatic: {{0, 99}, {2, 1}},
		clsHTML:   {{0, 98}, {2, 1}, {1, 1}},
		clsAPI:    {{0, 66}, {1, 27}, {3, 3}, {4, 2}, {5, 2}},
		clsLogin:  {{0, 40}, {1, 60}},
		clsMedia:  {{0, 99}, {2, 1}},
		clsProbe:  {{0, 80}, {1, 20}},
	}

	cacheStatuses = []string{"hit", "miss", "expired", "dynamic"}
	cacheByClass  = [numClasses][]weighted[int]{
		clsStatic: {{0, 82}, {1, 10}, {2, 8}},
		clsHTML:   {{0, 45}, {1, 20}, {2, 10}, {3, 25}},
		clsAPI:    {{3, 85}, {1, 15}},
		clsLogin:  {{3, 100}},
		clsMedia:  {{0, 90}, {1, 7}, {2, 3}},
		clsProbe:  {{1, 60}, {3, 40}},
	}

	statusHuman = [numClasses][]weighted[int32]{
		clsStatic: {{200, 90}, {304, 8}, {404, 2}},
		clsHTML:   {{200, 93}, {301, 2}, {302, 1}, {404, 3}, {500, 0.5}, {503, 0.5}},
		clsAPI:    {{200, 88}, {201, 4}, {400, 2}, {401, 2}, {404, 2}, {429, 1}, {500, 0.5}, {502, 0.5}},
		clsLogin:  {{200, 70}, {302, 20}, {401, 10}},
		clsMedia:  {{200, 80}, {206, 18}, {404, 2}},
		clsProbe:  {{404, 90}, {403, 10}},
	}
	statusBot = []weighted[int32]{{200, 60}, {403, 15}, {404, 12}, {429, 8}, {301, 5}}
)

// User agents; automated clients use the second list, and the
// credential-stuffing attack the third.
var (
	humanAgents = []weighted[string]{
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", 24},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", 10},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", 18},
		{"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", 14},
		{"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", 5},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", 7},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0", 5},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", 6},
		{"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", 3},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", 1},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", 2},
		{"okhttp/4.12.0", 3},
		{"MyApp/5.12.1 (iPhone; iOS 17.5; Scale/3.00)", 2},
	}
	botAgents = []weighted[string]{
		{"curl/8.7.1", 14},
		{"python-requests/2.32.3", 16},
		{"Go-http-client/1.1", 10},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 10},
		{"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 5},
		{"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 6},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/125.0.0.0 Safari/537.36", 12},
		{"Scrapy/2.11.2 (+https://scrapy.org)", 6},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", 15},
		{"", 6},
	}
	attackAgentNames = []string{
		"python-requests/2.31.0",
		"Go-http-client/1.1",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"okhttp/4.9.3",
	}
)
