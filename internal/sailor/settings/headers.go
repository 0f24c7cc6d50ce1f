package settings

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Header is one extra AMQP header the sailor adds to every publish.
type Header struct {
	// Name is the camelCased variable name, e.g. "secondElasticioEnv".
	Name string
	// Value is the variable's value, verbatim.
	Value string
}

// additionalHeaders reads ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS: a comma
// separated list of variable names, each exported as a header named after
// the variable (leading "ELASTICIO_" dropped, the rest camelCased the way
// lodash does). Unset variables are left out; a name that appears twice
// keeps its first position and its last value, like a JavaScript object.
func additionalHeaders(lookup func(string) (string, bool)) []Header {
	list, _ := lookup(prefix + "ADDITIONAL_VARS_FOR_HEADERS")
	var out []Header
	index := make(map[string]int)
	for _, env := range strings.Split(list, ",") {
		env = strings.TrimSpace(env)
		if env == "" {
			continue
		}
		val, ok := lookup(env)
		if !ok {
			continue
		}
		name := camelCase(strings.TrimPrefix(env, prefix))
		if name == "" {
			continue
		}
		if i, seen := index[name]; seen {
			out[i].Value = val
			continue
		}
		index[name] = len(out)
		out = append(out, Header{Name: name, Value: val})
	}
	return out
}

// camelCase reproduces lodash's _.camelCase: split s into words, lower-case
// them, and capitalise every word but the first. "SECOND_ELASTICIO_ENV"
// gives "secondElasticioEnv", "A1_B2" gives "a1B2".
func camelCase(s string) string {
	var b strings.Builder
	for i, w := range words([]rune(s)) {
		w = strings.ToLower(w)
		if i > 0 {
			r, size := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r)) + w[size:]
		}
		b.WriteString(w)
	}
	return b.String()
}

// words splits s as lodash's _.words does for strings that are not plain
// space-separated ASCII: runs of letters split at lower-to-upper changes
// ("fooBar"), before the last capital of an acronym that starts a word
// ("XMLHttp"), and between letters and digits, except that ordinals such
// as "1ST" or "2nd" stay whole. Every other character separates words.
// Non-ASCII letters are classified by Unicode case, an approximation of
// lodash's ranges that does not matter for environment variable names.
func words(s []rune) []string {
	var out []string
	for i := 0; i < len(s); {
		end := matchWord(s, i)
		if end == i {
			i++
			continue
		}
		out = append(out, string(s[i:end]))
		i = end
	}
	return out
}

// matchWord returns the end of the word starting at i, or i when s[i]
// starts none. The alternatives are tried in lodash's reUnicodeWord order.
func matchWord(s []rune, i int) int {
	switch {
	case isUpper(s[i]) || isLower(s[i]):
		return matchLetters(s, i)
	case unicode.IsDigit(s[i]):
		if end := matchOrdinal(s, i); end > i {
			return end
		}
		end := i
		for end < len(s) && unicode.IsDigit(s[end]) {
			end++
		}
		return end
	}
	return i
}

// matchLetters handles a word starting with a letter.
func matchLetters(s []rune, i int) int {
	// Upper? lower+, followed by a break, an upper case letter or the end.
	k := i
	if isUpper(s[k]) {
		k++
	}
	lowEnd := runEnd(s, k, isLower)
	if lowEnd > k && (lowEnd == len(s) || isBreak(s[lowEnd]) || isUpper(s[lowEnd])) {
		return lowEnd
	}
	// Upper+, followed by a break, an upper+lower pair or the end; the run
	// gives back letters until that holds ("XMLHttp" yields "XML").
	upEnd := runEnd(s, i, isUpper)
	for e := upEnd; e > i; e-- {
		if e == len(s) || isBreak(s[e]) ||
			(isUpper(s[e]) && e+1 < len(s) && isLower(s[e+1])) {
			return e
		}
	}
	// Upper? lower+ before a digit, else an upper case run before a digit.
	if lowEnd > k {
		return lowEnd
	}
	return upEnd
}

// matchOrdinal matches lodash's ordinals: digits ending in 1ST, 2ND, 3RD
// or [04-9]TH (or the lower-case forms), not followed by a letter of the
// other case or a digit.
func matchOrdinal(s []rune, i int) int {
	digitsEnd := runEnd(s, i, unicode.IsDigit)
	for d := digitsEnd - 1; d >= i; d-- {
		if d+3 > len(s) {
			continue
		}
		suffix := string(s[d+1 : d+3])
		upper := ordinalSuffix(s[d], suffix, "ST", "ND", "RD", "TH")
		lower := ordinalSuffix(s[d], suffix, "st", "nd", "rd", "th")
		if !upper && !lower {
			continue
		}
		e := d + 3
		if e == len(s) || !isWordChar(s[e]) || s[e] == '_' ||
			(upper && isLower(s[e])) || (lower && isUpper(s[e])) {
			return e
		}
	}
	return i
}

// ordinalSuffix reports whether digit followed by suffix is an ordinal
// ending given the spelling of st, nd, rd and th.
func ordinalSuffix(digit rune, suffix, st, nd, rd, th string) bool {
	switch digit {
	case '1':
		return suffix == st
	case '2':
		return suffix == nd
	case '3':
		return suffix == rd
	}
	return suffix == th
}

func runEnd(s []rune, i int, in func(rune) bool) int {
	for i < len(s) && in(s[i]) {
		i++
	}
	return i
}

func isUpper(r rune) bool { return unicode.IsUpper(r) }

// isLower counts case-less letters as lower case, as lodash's "misc"
// letters can stand in for lower-case ones.
func isLower(r rune) bool { return unicode.IsLetter(r) && !unicode.IsUpper(r) }

func isBreak(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// isWordChar is JavaScript's \w, which decides where \b matches.
func isWordChar(r rune) bool {
	return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}
