package skimmer

// isGeo reports whether the whole of s is a pair of coordinates, or one
// latitude or longitude when the column is named for one.
func isGeo(s string, h hint) bool {
	if coordAt(s, 0) == len(s) {
		return true
	}
	if h.has(hintLat | hintLon) {
		v, dec, end, ok := decimalAt(s, 0)
		if !ok || end != len(s) || dec < 1 {
			return false
		}
		if v < 0 {
			v = -v
		}
		if h.has(hintLat) {
			return v <= 90
		}
		return v <= 180
	}
	return false
}

// coordAt parses a pair of geographic coordinates starting at s[i] and
// returns its end, or -1: "lat, lon" in decimal degrees (48.8584, 2.2945),
// with degree signs and hemispheres (33.8688° S, 151.2093° E), or WKT's
// POINT(lon lat). Latitudes are within ±90, longitudes within ±180, and
// both have three decimals or more (one of them four or more), which
// prices and versions do not.
func coordAt(s string, i int) int {
	if len(s)-i > 6 && s[i:i+6] == "POINT(" {
		lon, d1, j, ok := decimalAt(s, i+6)
		if !ok || j >= len(s) || s[j] != ' ' {
			return -1
		}
		lat, d2, k, ok := decimalAt(s, j+1)
		if !ok || k >= len(s) || s[k] != ')' || !coordOK(lat, lon, d1, d2) {
			return -1
		}
		return k + 1
	}
	lat, d1, j, ok := decimalAt(s, i)
	if !ok {
		return -1
	}
	j, hemi1 := hemisphere(s, j, 'N', 'S')
	if j >= len(s) || s[j] != ',' {
		return -1
	}
	j++
	for j < len(s) && s[j] == ' ' {
		j++
	}
	lon, d2, k, ok := decimalAt(s, j)
	if !ok {
		return -1
	}
	k, hemi2 := hemisphere(s, k, 'E', 'W')
	if (hemi1 == 0) != (hemi2 == 0) {
		return -1
	}
	if hemi1 != 0 {
		if lat < 0 || lon < 0 {
			return -1
		}
		if hemi1 == 'S' {
			lat = -lat
		}
		if hemi2 == 'W' {
			lon = -lon
		}
	}
	if !coordOK(lat, lon, d1, d2) {
		return -1
	}
	if k < len(s) && (isAlnum(s[k]) || (s[k] == '.' || s[k] == ',') && k+1 < len(s) && isDigit(s[k+1])) {
		return -1
	}
	return k
}

func coordOK(lat, lon float64, d1, d2 int) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 &&
		d1 >= 3 && d2 >= 3 && (d1 >= 4 || d2 >= 4)
}

// hemisphere skips an optional degree sign and hemisphere letter after a
// coordinate at s[j] and returns where it ends and the letter (0 for none).
func hemisphere(s string, j int, pos, neg byte) (int, byte) {
	k := j
	if k+1 < len(s) && s[k] == 0xc2 && s[k+1] == 0xb0 { // °
		k += 2
	}
	l := k
	if l < len(s) && s[l] == ' ' {
		l++
	}
	if l < len(s) && (s[l] == pos || s[l] == neg) && (l+1 == len(s) || !isAlnum(s[l+1])) {
		return l + 1, s[l]
	}
	return k, 0
}

// decimalAt parses a decimal number (sign, up to three integer digits, a
// fraction) at s[i]: its value, its number of decimals and its end.
func decimalAt(s string, i int) (v float64, decimals, end int, ok bool) {
	j := i
	neg := false
	if j < len(s) && (s[j] == '-' || s[j] == '+') {
		neg = s[j] == '-'
		j++
	}
	k := j
	for k < len(s) && isDigit(s[k]) {
		v = v*10 + float64(s[k]-'0')
		k++
	}
	if k == j || k-j > 3 {
		return 0, 0, 0, false
	}
	if k < len(s) && s[k] == '.' {
		scale := 0.1
		k++
		for k < len(s) && isDigit(s[k]) && decimals < 15 {
			v += float64(s[k]-'0') * scale
			scale /= 10
			decimals++
			k++
		}
		if decimals == 0 {
			return 0, 0, 0, false
		}
	}
	if neg {
		v = -v
	}
	return v, decimals, k, true
}
