package skimmer

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nyaruka/phonenumbers"
)

// Phone numbers are validated against libphonenumber's metadata (through
// github.com/nyaruka/phonenumbers) without its parser: parsing and
// IsValidNumber cost some 25 µs a number, too slow for columns of them.
// A number is valid when its national significant number has one of the
// lengths its country's numbers have and matches the pattern of one of
// their types (fixed line, mobile, toll free, …), which is what
// IsValidNumber checks.

// phoneRule is what validation needs of one calling code: for each region
// that uses it (the main region first), the possible lengths of its
// national numbers and one pattern joining its number types. One pattern
// per region keeps each small enough for the regexp package's backtracker,
// five times faster than one pattern for all regions of a code.
type phoneRule struct {
	regions []regionRule
}

type regionRule struct {
	lengths uint32         // bit n set: national numbers of n digits exist
	lead    *regexp.Regexp // the leading digits of a region that shares its code (nil: any)
	re      *regexp.Regexp
}

var phoneMeta struct {
	once    sync.Once
	byCode  map[int][]*phonenumbers.PhoneMetadata
	byRegon map[string]*phonenumbers.PhoneMetadata
	codes   [1000]atomic.Pointer[phoneRule] // by calling code, built on first use
	regions sync.Map                        // *phoneRule by region ("GB")
}

// noRule marks a calling code without one in phoneMeta.codes.
var noRule = &phoneRule{}

func loadPhoneMeta() {
	phoneMeta.byCode = map[int][]*phonenumbers.PhoneMetadata{}
	phoneMeta.byRegon = map[string]*phonenumbers.PhoneMetadata{}
	coll, err := phonenumbers.MetadataCollection()
	if err != nil || coll == nil {
		return
	}
	for _, m := range coll.GetMetadata() {
		cc := int(m.GetCountryCode())
		if m.GetMainCountryForCode() {
			phoneMeta.byCode[cc] = append([]*phonenumbers.PhoneMetadata{m}, phoneMeta.byCode[cc]...)
		} else {
			phoneMeta.byCode[cc] = append(phoneMeta.byCode[cc], m)
		}
		if id := m.GetId(); len(id) == 2 {
			phoneMeta.byRegon[id] = m
		}
	}
}

// phoneRuleFor returns the rule of a calling code (region "") or of one
// region, or nil when there is none.
func phoneRuleFor(cc int, region string) *phoneRule {
	phoneMeta.once.Do(loadPhoneMeta)
	if region == "" {
		if cc <= 0 || cc > 999 {
			return nil
		}
		if r := phoneMeta.codes[cc].Load(); r != nil {
			if r == noRule {
				return nil
			}
			return r
		}
		r := buildRule(phoneMeta.byCode[cc])
		if r == nil {
			phoneMeta.codes[cc].Store(noRule)
			return nil
		}
		phoneMeta.codes[cc].Store(r)
		return r
	}
	if r, ok := phoneMeta.regions.Load(region); ok {
		return r.(*phoneRule)
	}
	var r *phoneRule
	if m := phoneMeta.byRegon[region]; m != nil {
		r = buildRule([]*phonenumbers.PhoneMetadata{m})
	}
	got, _ := phoneMeta.regions.LoadOrStore(region, r)
	return got.(*phoneRule)
}

func buildRule(ms []*phonenumbers.PhoneMetadata) *phoneRule {
	r := &phoneRule{}
	for _, m := range ms {
		if rr, ok := regionRuleOf(m); ok {
			r.regions = append(r.regions, rr)
		}
	}
	if len(r.regions) == 0 {
		return nil
	}
	return r
}

func regionRuleOf(m *phonenumbers.PhoneMetadata) (regionRule, bool) {
	var r regionRule
	var alts []string
	seen := map[string]bool{}
	for _, d := range []*phonenumbers.PhoneNumberDesc{m.FixedLine, m.Mobile, m.TollFree,
		m.PremiumRate, m.SharedCost, m.PersonalNumber, m.Voip, m.Pager, m.Uan, m.Voicemail} {
		p := d.GetNationalNumberPattern()
		if p == "" || p == "NA" || seen[p] {
			continue
		}
		seen[p] = true
		alts = append(alts, p)
		for _, l := range d.GetPossibleLength() {
			if l > 0 && l < 32 {
				r.lengths |= 1 << uint(l)
			}
		}
	}
	for _, l := range m.GetGeneralDesc().GetPossibleLength() {
		if l > 0 && l < 32 {
			r.lengths |= 1 << uint(l)
		}
	}
	if len(alts) == 0 {
		return r, false
	}
	re, err := regexp.Compile("^(?:" + strings.Join(alts, "|") + ")$")
	if err != nil {
		return r, false
	}
	r.re = re
	if ld := m.GetLeadingDigits(); ld != "" && !m.GetMainCountryForCode() {
		r.lead, _ = regexp.Compile("^(?:" + ld + ")")
	}
	return r, true
}

// valid reports whether nsn, a national significant number, is a number of
// one of the rule's regions.
func (r *phoneRule) valid(nsn string) bool {
	if r == nil || len(nsn) >= 32 {
		return false
	}
	bit := uint32(1) << uint(len(nsn))
	for i := range r.regions {
		rr := &r.regions[i]
		if rr.lengths&bit != 0 && (rr.lead == nil || rr.lead.MatchString(nsn)) && rr.re.MatchString(nsn) {
			return true
		}
	}
	return false
}

// possible reports whether nsn has a length that national numbers of the
// rule's main region have (libphonenumber's IsPossibleNumber; the other
// regions of a code add short special numbers, such as Canada's).
func (r *phoneRule) possible(nsn string) bool {
	if r == nil || len(nsn) >= 32 {
		return false
	}
	return r.regions[0].lengths&(1<<uint(len(nsn))) != 0
}

// possibleInternational reports whether digits, a calling code followed by
// a national significant number, has a known calling code and a length
// its numbers have: numbers written with a + are phones even when their
// range is not (or no longer, or not yet) allocated.
func possibleInternational(digits string) bool {
	for l := 1; l <= 3 && l < len(digits); l++ {
		cc := 0
		for _, c := range []byte(digits[:l]) {
			cc = cc*10 + int(c-'0')
		}
		if cc == 0 {
			return false
		}
		if r := phoneRuleFor(cc, ""); r != nil {
			return r.possible(digits[l:])
		}
	}
	return false
}

// validInternational reports whether digits, a calling code followed by a
// national significant number, is a valid number anywhere.
func validInternational(digits string) bool {
	for l := 1; l <= 3 && l < len(digits); l++ {
		cc := 0
		for _, c := range []byte(digits[:l]) {
			cc = cc*10 + int(c-'0')
		}
		if cc == 0 {
			return false
		}
		if r := phoneRuleFor(cc, ""); r != nil {
			return r.valid(digits[l:])
		}
	}
	return false
}

// trunkRegions are the countries whose national format starts with the
// trunk prefix 0, dropped from the national significant number; the
// numbers of Italy keep their 0.
var trunkRegions = []string{"GB", "DE", "FR", "NL", "BE", "CH", "AT", "IE", "SE", "FI",
	"AU", "NZ", "JP", "KR", "CN", "IN", "ZA", "TR", "NG", "KE", "EG", "AR", "PE", "TH", "ID", "MY", "PH", "PK", "VN", "IL", "UA"}

// validNational reports whether digits, written in a national format that
// starts with the trunk prefix 0, is a valid number of one of the
// countries that write their numbers so.
func validNational(digits string) bool {
	if len(digits) < 8 || digits[0] != '0' {
		return false
	}
	for _, reg := range trunkRegions {
		if phoneRuleFor(0, reg).valid(digits[1:]) {
			return true
		}
	}
	return phoneRuleFor(0, "IT").valid(digits)
}

// noTrunkRegions write national numbers without a trunk prefix (Spain's
// 612 34 56 78, Italy's mobiles, Denmark's 8 digits); a bare or grouped
// number counts as one of theirs only in a column named for phones.
var noTrunkRegions = []string{"ES", "IT", "PT", "DK", "NO", "PL", "GR", "CZ", "SK", "LU", "SG", "HK", "MX", "CL", "IS"}

// validNationalNoTrunk reports whether digits are a valid national number
// of one of the countries without a trunk prefix.
func validNationalNoTrunk(digits string) bool {
	for _, reg := range noTrunkRegions {
		if phoneRuleFor(0, reg).valid(digits) {
			return true
		}
	}
	return false
}
