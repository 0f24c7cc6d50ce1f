package sailor

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var validJSONDocs = []string{
	// numbers
	`0`, `-0`, `7`, `-7`, `10`, `1.5`, `-1.5`, `0.0`, `0e0`, `1E+2`, `1e-2`, `-1.25e10`,
	`123456789012345678901234567890.123456789e-999`,
	// literals
	`true`, `false`, `null`,
	// strings
	`""`, `"a"`, `"\"\\\/\b\f\n\r\t"`, `"\u0041\uabcd\uABCD"`, `"\uD800"`, `"\uDC00\uD800"`,
	`"é ü 😀"`, "\"\x7f\"", "\"\xff\xfe\"", "\"\xed\xa0\x80\"", `"a long string that crosses several eight-byte words"`,
	// containers
	`[]`, `{}`, `[ ]`, `{ }`, "[\n]", `[1,2,3]`, `[[[]]]`, `[{},[],"",0]`,
	`{"a":1,"b":[true,false,null],"c":{"d":{}}}`, `{"a":{"a":{"a":[]}}}`,
	`{"a":1,"a":2}`, `{"":0}`, `{"\u0000":0}`, `{"a\"b":"c\\d"}`,
	// whitespace
	" \t\n\r1 \t\n\r", " [ 1 , 2 ] ", "{ \"a\" : 1 , \"b\" : 2 }", "\n{}\n",
	// deep nesting at the limit
	nestedArrays(maxJSONDepth, ""), nestedArrays(maxJSONDepth-1, "[]"), nestedObjects(maxJSONDepth, "1"),
}

var invalidJSONDocs = []string{
	// empty and whitespace only
	``, ` `, "\n\t",
	// numbers
	`-`, `--1`, `+1`, `01`, `-01`, `00`, `1.`, `.1`, `-.1`, `1.e5`, `1e`, `1e+`, `1E-`, `1e+-1`,
	`0x1`, `1.5.3`, `NaN`, `Infinity`, `-Infinity`, `1_000`,
	// literals
	`t`, `tru`, `truex`, `True`, `nul`, `nulll`, `fals`, `falsy`, `undefined`,
	// strings
	`"`, `"abc`, `"\"`, `"\`, `"\x"`, `"\u"`, `"\u12"`, `"\u12G4"`, `"\U0041"`, `"\'"`, `"\a"`,
	"\"a\x00b\"", "\"a\x1fb\"", "\"tab\there\"", "\"new\nline\"", `'single'`,
	// containers
	`[`, `]`, `[1,]`, `[,1]`, `[,]`, `[1 2]`, `[1,,2]`, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`,
	`{,}`, `{"a" 1}`, `{a:1}`, `{'a':1}`, `{"a":1 "b":2}`, `{1:2}`, `{"a":1]`, `[1}`, `[1,2`,
	`{"a":{"b":1}`, `{"a"::1}`,
	// trailing garbage and foreign whitespace
	`[1]]`, `{}}`, `1 2`, `{} x`, `"a""b"`, "1\x00", "\f1", "\v1", "\u00a01", "\xef\xbb\xbf{}",
	`/* c */ 1`, `1 // c`,
	// deep nesting above the limit
	nestedArrays(maxJSONDepth+1, ""), nestedArrays(maxJSONDepth, "[]"), nestedObjects(maxJSONDepth+1, "1"),
	nestedArrays(3*maxJSONDepth, ""),
}

// nestedArrays wraps inner in depth arrays.
func nestedArrays(depth int, inner string) string {
	return strings.Repeat("[", depth) + inner + strings.Repeat("]", depth)
}

// nestedObjects wraps inner in depth objects.
func nestedObjects(depth int, inner string) string {
	return strings.Repeat(`{"k":`, depth) + inner + strings.Repeat("}", depth)
}

func shorten(doc string) string {
	if len(doc) > 40 {
		return fmt.Sprintf("%.40q… (%d bytes)", doc, len(doc))
	}
	return fmt.Sprintf("%q", doc)
}

func TestValidJSON(t *testing.T) {
	for _, doc := range validJSONDocs {
		require.True(t, json.Valid([]byte(doc)), "table is wrong: encoding/json rejects %s", shorten(doc))
		assert.True(t, validJSON([]byte(doc)), "valid: %s", shorten(doc))
	}
	for _, doc := range invalidJSONDocs {
		require.False(t, json.Valid([]byte(doc)), "table is wrong: encoding/json accepts %s", shorten(doc))
		assert.False(t, validJSON([]byte(doc)), "invalid: %s", shorten(doc))
	}
}

// The string loop reads words of eight and sixteen bytes; every special
// byte must be seen wherever it falls within or after a word.
func TestValidJSONStringWordBoundaries(t *testing.T) {
	specials := []string{`"`, `\\`, `\n`, `\u00e9`, `\`, `\q`, "\x00", "\x1f", "\t", "\x7f", "\x80", "é"}
	for n := range 40 {
		for at := 0; at <= n; at++ {
			for _, special := range specials {
				doc := `"` + strings.Repeat("a", at) + special + strings.Repeat("b", n-at) + `"`
				assert.Equal(t, json.Valid([]byte(doc)), validJSON([]byte(doc)), "%q", doc)
				// Cut short, so that the input ends inside the string.
				cut := []byte(doc[:len(doc)-1])
				assert.Equal(t, json.Valid(cut), validJSON(cut), "%q", cut)
			}
		}
	}
}

func TestValidJSONDoesNotAllocate(t *testing.T) {
	doc := []byte(scanBenchMessage(10 << 10))
	allocs := testing.AllocsPerRun(100, func() {
		if !validJSON(doc) {
			t.Fatal("invalid")
		}
	})
	assert.Zero(t, allocs)
}

func TestSplitObject(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		want []rawField
	}{
		{"empty", `{}`, nil},
		{"spaced empty", " { \n } ", nil},
		{"message", ` {"id":"x", "body" : {"a":[1,2]} ,"n":-1.5e3,"t":true,"z":null,"s":"q\"}"} `, []rawField{
			{"id", []byte(`"x"`)}, {"body", []byte(`{"a":[1,2]}`)}, {"n", []byte(`-1.5e3`)},
			{"t", []byte(`true`)}, {"z", []byte(`null`)}, {"s", []byte(`"q\"}"`)},
		}},
		{"duplicates kept in order", `{"a":1,"b":2,"a":3}`, []rawField{
			{"a", []byte(`1`)}, {"b", []byte(`2`)}, {"a", []byte(`3`)},
		}},
		{"escaped key", `{"a\u0062\n":1}`, []rawField{{"ab\n", []byte(`1`)}}},
		{"invalid UTF-8 key", "{\"\xffz\":1}", []rawField{{"\ufffdz", []byte(`1`)}}},
		{"UTF-8 key", `{"ключ":1}`, []rawField{{"ключ", []byte(`1`)}}},
		{"empty key", `{"":[]}`, []rawField{{"", []byte(`[]`)}}},
		{"nesting at the limit", `{"a":` + nestedArrays(maxJSONDepth-1, "") + `}`, []rawField{
			{"a", []byte(nestedArrays(maxJSONDepth-1, ""))},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := splitObject([]byte(tc.doc))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestSplitObjectErrors(t *testing.T) {
	cases := []struct {
		doc     string
		message string
	}{
		{``, "unexpected end of JSON input at offset 0 looking for beginning of value"},
		{`null`, "JSON null at offset 0 is not an object"},
		{` [1]`, "JSON array at offset 1 is not an object"},
		{`"s"`, "JSON string at offset 0 is not an object"},
		{`-1`, "JSON number at offset 0 is not an object"},
		{`true`, "JSON boolean at offset 0 is not an object"},
		{`[1,]`, "invalid character ']' at offset 3 looking for beginning of value"},
		{`{"id":"abc","body":x}`, "invalid character 'x' at offset 19 looking for beginning of value"},
		{"{\"id\":\"ab\x01\"}", `invalid character '\x01' at offset 9 in string`},
		{"{\"id\":\"ab\xff\x01\"}", `invalid character '\x01' at offset 10 in string`},
		{`{"id":"ab\x"}`, "invalid character 'x' at offset 10 in string escape code"},
		{`{"id":"\u12x4"}`, "invalid character 'x' at offset 11 in string escape code"},
		{`{"id":"abc`, "unexpected end of JSON input at offset 10 in string"},
		{`{"a":1,}`, `invalid character '}' at offset 7 looking for beginning of object key string`},
		{`{"a" 1}`, "invalid character '1' at offset 5 after object key"},
		{`{"a":1 "b":2}`, `invalid character '"' at offset 7 after object key:value pair`},
		{`{"a":[1 2]}`, "invalid character '2' at offset 8 after array element"},
		{`{"a":01}`, "invalid character '1' at offset 6 after object key:value pair"},
		{`{"a":1.}`, "invalid character '}' at offset 7 after decimal point in numeric literal"},
		{`{"a":1e}`, "invalid character '}' at offset 7 in exponent of numeric literal"},
		{`{"a":tru}`, "invalid character '}' at offset 8 in literal"},
		{`{"a":1} x`, "invalid character 'x' at offset 8 after top-level value"},
		{"{\"a\":1}\xff", "invalid byte 0xff at offset 7 after top-level value"},
		{`{"a":` + nestedArrays(maxJSONDepth, "") + `}`, "nesting deeper than 10000 at offset 10004"},
	}
	for _, tc := range cases {
		t.Run(shorten(tc.doc), func(t *testing.T) {
			var m map[string]json.RawMessage
			require.False(t, json.Unmarshal([]byte(tc.doc), &m) == nil && m != nil, "table is wrong: encoding/json accepts it")
			fields, err := splitObject([]byte(tc.doc))
			assert.Nil(t, fields)
			assert.EqualError(t, err, tc.message)
		})
	}
}

// Values share the input's memory, but appending to one must not clobber
// the input behind it.
func TestSplitObjectValuesAreCappedSubslices(t *testing.T) {
	doc := []byte(`{"a":[1],"b":2}`)
	fields, err := splitObject(doc)
	require.NoError(t, err)
	require.Len(t, fields, 2)
	assert.Same(t, &doc[5], &fields[0].value[0])
	_ = append(fields[0].value, 'X')
	assert.Equal(t, `{"a":[1],"b":2}`, string(doc))
}

func FuzzValidJSON(f *testing.F) {
	for _, doc := range fuzzSeeds() {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if want, got := json.Valid(data), validJSON(data); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", data, got, want)
		}
	})
}

func FuzzSplitObject(f *testing.F) {
	for _, doc := range fuzzSeeds() {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want map[string]json.RawMessage
		wantOK := json.Unmarshal(data, &want) == nil && want != nil
		fields, err := splitObject(data)
		if !wantOK {
			if err == nil {
				t.Fatalf("splitObject(%q) succeeded, encoding/json fails", data)
			}
			return
		}
		if err != nil {
			t.Fatalf("splitObject(%q): %v, encoding/json succeeds", data, err)
		}
		got := make(map[string]json.RawMessage, len(fields))
		for _, f := range fields {
			if !isSubslice(data, f.value) {
				t.Fatalf("splitObject(%q): value %q of %q is not a sub-slice of the input", data, f.value, f.key)
			}
			got[f.key] = f.value // the last duplicate wins, as in encoding/json
		}
		if len(got) != len(want) {
			t.Fatalf("splitObject(%q): %d distinct keys, encoding/json has %d", data, len(got), len(want))
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || !bytes.Equal(g, w) {
				t.Fatalf("splitObject(%q)[%q] = %q (present: %v), encoding/json has %q", data, k, g, ok, w)
			}
		}
	})
}

// fuzzSeeds are the table documents, plus each valid one as a member value
// so that FuzzSplitObject starts from objects of every shape.
func fuzzSeeds() []string {
	var seeds []string
	for _, doc := range append(append([]string{}, validJSONDocs...), invalidJSONDocs...) {
		if len(doc) > 1000 {
			continue // the deep documents would slow every fuzz iteration
		}
		seeds = append(seeds, doc, `{"k":`+doc+`,"k":0}`)
	}
	seeds = append(seeds, `{"a\u0062":1}`, "{\"\xff\":1}", scanBenchMessage(64), scanBenchNumbers(256))
	return seeds
}

func isSubslice(outer, inner []byte) bool {
	if len(inner) == 0 {
		return false // every JSON value has at least one byte
	}
	for i := range outer {
		if &outer[i] == &inner[0] {
			return i+len(inner) <= len(outer)
		}
	}
	return false
}

// scanBenchMessage is a message object whose body JSON is about n bytes of
// mostly string content, the shape the sailor decodes on every delivery.
func scanBenchMessage(n int) string {
	const head = `{"subject":"Quarterly product webinar","seats":250,"text":"`
	var text strings.Builder
	words := []string{"Welcome ", "to the ", "session, ", `\"Q&A\" `, "follows. ", "Café ", "über ", `\n`, "agenda: ", "pricing "}
	for i := 0; text.Len() < n-len(head)-2; i++ {
		text.WriteString(words[i%len(words)])
	}
	body := head + text.String() + `"}`
	return `{"id":"0d7d3f0e-8c55-4f6e-b5a3-6f5a1c2b3d4e","attachments":{},"body":` + body +
		`,"headers":{},"metadata":{}}`
}

// scanBenchNumbers is a message whose body is an array of about n bytes of
// numbers, the worst case for the scanner relative to string content.
func scanBenchNumbers(n int) string {
	var samples strings.Builder
	values := []string{"12.5", "-3", "1e-3", "1024", "0.000125", "-98765.4321", "7", "3.14159E+2"}
	for i := 0; samples.Len() < n-len(`{"samples":[]}`); i++ {
		if i > 0 {
			samples.WriteByte(',')
		}
		samples.WriteString(values[i%len(values)])
	}
	return `{"id":"0d7d3f0e-8c55-4f6e-b5a3-6f5a1c2b3d4e","attachments":{},"body":{"samples":[` +
		samples.String() + `]},"headers":{},"metadata":{}}`
}

var scanBenchInputs = []struct {
	name string
	doc  []byte
}{
	{"64B", []byte(scanBenchMessage(64))},
	{"10KB", []byte(scanBenchMessage(10 << 10))},
	{"100KB", []byte(scanBenchMessage(100 << 10))},
	{"100KB-numbers", []byte(scanBenchNumbers(100 << 10))},
}

func BenchmarkValidJSON(b *testing.B) {
	for _, in := range scanBenchInputs {
		b.Run(in.name+"/jsonscan", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.doc)))
			for b.Loop() {
				if !validJSON(in.doc) {
					b.Fatal("invalid")
				}
			}
		})
		b.Run(in.name+"/encoding_json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.doc)))
			for b.Loop() {
				if !json.Valid(in.doc) {
					b.Fatal("invalid")
				}
			}
		})
	}
}

func BenchmarkSplitObject(b *testing.B) {
	for _, in := range scanBenchInputs {
		b.Run(in.name+"/jsonscan", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.doc)))
			for b.Loop() {
				if _, err := splitObject(in.doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.name+"/encoding_json", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in.doc)))
			for b.Loop() {
				var fields map[string]json.RawMessage
				if err := json.Unmarshal(in.doc, &fields); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
