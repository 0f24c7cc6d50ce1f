package cipher

import (
	"bytes"
	"crypto/aes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The oracle for encodeBase64 and decodeBase64 is encoding/base64 itself:
// same text, same n, same error, on both the kernel path and the path
// without it.

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 64))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// forEachBase64Path runs f with the kernels as this machine has them and
// with them switched off. Not parallel: base64Kernels is global.
func forEachBase64Path(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, kernels := range []bool{base64Kernels, false} {
		name := "std-only"
		if kernels {
			name = "kernels"
		}
		t.Run(name, func(t *testing.T) {
			saved := base64Kernels
			base64Kernels = kernels
			t.Cleanup(func() { base64Kernels = saved })
			f(t)
		})
	}
}

const base64Guard = 0xa5

// guarded returns an n-byte slice of garbage followed, within its
// capacity, by extra guard bytes that nothing may touch.
func guarded(n, extra int) []byte {
	b := bytes.Repeat([]byte{base64Guard}, n+extra)
	return b[:n]
}

func assertGuardIntact(t *testing.T, b []byte) {
	t.Helper()
	spare := b[len(b):cap(b)]
	assert.Equal(t, bytes.Repeat([]byte{base64Guard}, len(spare)), spare, "bytes past dst written")
}

func base64Lengths() []int {
	var ns []int
	for n := 0; n <= 200; n++ {
		ns = append(ns, n)
	}
	return append(ns, chunkSize, chunkSize+aes.BlockSize, 100<<10, 100<<10+1, 100<<10+2)
}

func TestEncodeBase64MatchesStd(t *testing.T) {
	forEachBase64Path(t, func(t *testing.T) {
		for _, n := range base64Lengths() {
			src := randomBytes(uint64(n), n)
			want := base64.StdEncoding.EncodeToString(src)
			dst := guarded(len(want), 40)
			encodeBase64(dst, src)
			require.Equal(t, want, string(dst), "length %d", n)
			assertGuardIntact(t, dst)
		}
	})
}

func TestEncodeBase64EveryByteEverywhere(t *testing.T) {
	// Each byte value at each offset of a few blocks, so that every
	// sextet comes out of every lane position of the kernel.
	forEachBase64Path(t, func(t *testing.T) {
		src := make([]byte, 3*24+28)
		dst := make([]byte, base64.StdEncoding.EncodedLen(len(src)))
		for pos := range src {
			for v := range 256 {
				src[pos] = byte(v)
				encodeBase64(dst, src)
				if want := base64.StdEncoding.EncodeToString(src); string(dst) != want {
					t.Fatalf("byte %#x at %d: got %q, want %q", v, pos, dst, want)
				}
			}
			src[pos] = byte(pos)
		}
	})
}

func TestEncodeBase64ShortDstPanics(t *testing.T) {
	forEachBase64Path(t, func(t *testing.T) {
		src := randomBytes(1, 100)
		assert.Panics(t, func() { encodeBase64(make([]byte, 132), src) })
	})
}

func TestDecodeBase64MatchesStd(t *testing.T) {
	forEachBase64Path(t, func(t *testing.T) {
		for _, n := range base64Lengths() {
			text := []byte(base64.StdEncoding.EncodeToString(randomBytes(uint64(n), n)))
			assertDecodeLikeStd(t, text, 0)
			assertDecodeLikeStd(t, text, 40)
		}
	})
}

// assertDecodeLikeStd decodes text both ways into dst of DecodedLen plus
// extra garbage bytes and compares everything the caller can see.
func assertDecodeLikeStd(t *testing.T, text []byte, extra int) {
	t.Helper()
	dl := base64.StdEncoding.DecodedLen(len(text))
	want := guarded(dl+extra, 0)
	wantN, wantErr := base64.StdEncoding.Decode(want, text)
	got := guarded(dl+extra, 8)
	orig := bytes.Clone(text)
	gotN, gotErr := decodeBase64(got, text)
	require.Equal(t, wantErr, gotErr, "error for %q", text)
	require.Equal(t, wantN, gotN, "n for %q", text)
	require.Equal(t, want[:wantN], got[:gotN], "bytes for %q", text)
	assertGuardIntact(t, got)
	require.Equal(t, orig, text, "src modified")
}

func TestDecodeBase64EveryByteEverywhere(t *testing.T) {
	// Each byte value in each position of a text long enough for the
	// kernel: the alphabet decodes, everything else goes the std way.
	forEachBase64Path(t, func(t *testing.T) {
		text := []byte(base64.StdEncoding.EncodeToString(randomBytes(7, 3*24+3)))
		for pos := range len(text) - 4 {
			orig := text[pos]
			for v := range 256 {
				text[pos] = byte(v)
				assertDecodeLikeStd(t, text, 0)
			}
			text[pos] = orig
		}
	})
}

func TestDecodeBase64KernelValidation(t *testing.T) {
	// The kernel itself must take a block iff every byte of it is in the
	// alphabet, and must stop before writing the bad block.
	if !base64Kernels {
		t.Skip("no base64 kernels on this machine")
	}
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	inAlphabet := func(b byte) bool { return bytes.IndexByte([]byte(alphabet), b) >= 0 }
	text := []byte(base64.StdEncoding.EncodeToString(randomBytes(9, 72)))
	require.Len(t, text, 96)
	for pos := range text {
		orig := text[pos]
		for v := range 256 {
			text[pos] = byte(v)
			dst := guarded(72, 8)
			used := decodeBase64Bulk(dst, text)
			want := len(text)
			if !inAlphabet(byte(v)) {
				want = pos / 32 * 32
			}
			require.Equal(t, want, used, "byte %#x at %d", v, pos)
			wantBytes, err := base64.StdEncoding.DecodeString(string(text[:used]))
			require.NoError(t, err)
			require.Equal(t, wantBytes, dst[:len(wantBytes)])
			assert.Equal(t, bytes.Repeat([]byte{base64Guard}, 72-len(wantBytes)+8), dst[len(wantBytes):cap(dst)])
		}
		text[pos] = orig
	}
}

func TestBase64KernelsTakeTheBulk(t *testing.T) {
	// The oracle tests pass whatever part the kernels leave to the std
	// library; this one makes sure they leave only the tails.
	if !base64Kernels {
		t.Skip("no base64 kernels on this machine")
	}
	for n := range 300 {
		src := randomBytes(uint64(n), n)
		text := []byte(base64.StdEncoding.EncodeToString(src))
		wantEnc := 0
		if n >= 28 {
			wantEnc = (n - 4) / 24 * 24
		}
		assert.Equal(t, wantEnc, encodeBase64Bulk(make([]byte, len(text)), src), "encode %d", n)
		dst := make([]byte, len(text))
		assert.Equal(t, n/24*24, encodeBase64Blocks(dst, src), "encode blocks %d", n)
		// Padding stops a block, so the kernel is given the text less its
		// last quantum, as decodeBase64 does.
		if len(text) > 4 {
			wantDec := (len(text) - 4) / 32 * 32
			assert.Equal(t, wantDec, decodeBase64Bulk(make([]byte, len(src)), text[:len(text)-4]), "decode %d", n)
		}
	}
}

func TestDecodeBase64InvalidAtEveryPosition(t *testing.T) {
	text := []byte(base64.StdEncoding.EncodeToString(randomBytes(3, 600)))
	replacements := []byte{'!', '=', '\n', '\r', ' ', '-', '_', '.', 0, 0x80, 0xff}
	insertions := []string{"\n", "\r", "\r\n", "=", "==", "x", "A=", " "}
	forEachBase64Path(t, func(t *testing.T) {
		for pos := range len(text) + 1 {
			assertDecodeLikeStd(t, text[:pos], 0)
			for _, ins := range insertions {
				mod := append(append(bytes.Clone(text[:pos]), ins...), text[pos:]...)
				assertDecodeLikeStd(t, mod, 0)
			}
			if pos == len(text) {
				continue
			}
			for _, r := range replacements {
				mod := bytes.Clone(text)
				mod[pos] = r
				assertDecodeLikeStd(t, mod, 0)
			}
		}
	})
}

func TestDecodeBase64Padding(t *testing.T) {
	body := base64.StdEncoding.EncodeToString(randomBytes(4, 96))
	cases := []string{
		"", "=", "==", "===", "====", "A", "AA", "AAA", "AA==", "AAA=", "A===",
		"AB==", // non-zero unused bits: the std decoder is not strict
		"AAAA====", "AA==AA==", "AA=\n=", "AA==\n", "\nAA==", "AA==\r\n",
	}
	forEachBase64Path(t, func(t *testing.T) {
		for _, tail := range cases {
			assertDecodeLikeStd(t, []byte(tail), 0)
			assertDecodeLikeStd(t, []byte(body+tail), 0)
		}
		for _, n := range []int{97, 98} {
			padded := base64.StdEncoding.EncodeToString(randomBytes(5, n))
			trimmed := padded[:len(padded)-1]
			assertDecodeLikeStd(t, []byte(padded), 0)
			assertDecodeLikeStd(t, []byte(trimmed), 0)
			assertDecodeLikeStd(t, []byte(padded+"="), 0)
			assertDecodeLikeStd(t, []byte(trimmed+"A"), 0)
			assertDecodeLikeStd(t, []byte(padded+"AAAA"), 0)
		}
	})
}

func TestDecodeBase64LineWrapped(t *testing.T) {
	// MIME-style text: the std decoder skips the line breaks.
	text := base64.StdEncoding.EncodeToString(randomBytes(6, 3000))
	var wrapped bytes.Buffer
	for len(text) > 76 {
		wrapped.WriteString(text[:76] + "\r\n")
		text = text[76:]
	}
	wrapped.WriteString(text)
	forEachBase64Path(t, func(t *testing.T) {
		assertDecodeLikeStd(t, wrapped.Bytes(), 0)
	})
}

func TestDecodeBase64ShortDst(t *testing.T) {
	text := []byte(base64.StdEncoding.EncodeToString(randomBytes(8, 300)))
	forEachBase64Path(t, func(t *testing.T) {
		assert.Panics(t, func() { _, _ = decodeBase64(make([]byte, 299), text) })
		// Line breaks shrink the output, so a short dst can be enough.
		withBreaks := append(bytes.Repeat([]byte{'\n'}, 8), text...)
		dst := make([]byte, 300)
		n, err := decodeBase64(dst, withBreaks)
		require.NoError(t, err)
		assert.Equal(t, 300, n)
	})
}

func FuzzEncodeBase64(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("f"))
	f.Add(randomBytes(1, 28))
	f.Add(randomBytes(2, 100))
	f.Fuzz(func(t *testing.T, src []byte) {
		want := base64.StdEncoding.EncodeToString(src)
		dst := guarded(len(want), 32)
		encodeBase64(dst, src)
		if string(dst) != want {
			t.Fatalf("got %q, want %q", dst, want)
		}
		assertGuardIntact(t, dst)
	})
}

func FuzzDecodeBase64(f *testing.F) {
	valid := base64.StdEncoding.EncodeToString(randomBytes(1, 100))
	f.Add([]byte{})
	f.Add([]byte("===="))
	f.Add([]byte(valid))
	f.Add([]byte(valid[:50] + "\n" + valid[50:]))
	f.Add([]byte(valid[:40] + "=" + valid[41:]))
	f.Add([]byte(valid[:len(valid)-1]))
	f.Fuzz(func(t *testing.T, text []byte) {
		assertDecodeLikeStd(t, text, 0)
	})
}

func BenchmarkBase64(b *testing.B) {
	std := base64.StdEncoding
	for _, n := range benchSizes {
		src := randomBytes(uint64(n), n)
		text := []byte(std.EncodeToString(src))
		encoded := make([]byte, len(text))
		decoded := make([]byte, std.DecodedLen(len(text)))
		run := func(name string, f func()) {
			b.Run(fmt.Sprintf("%s/%dB", name, n), func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					f()
				}
			})
		}
		run("encode/std", func() { std.Encode(encoded, src) })
		run("encode/fast", func() { encodeBase64(encoded, src) })
		run("decode/std", func() {
			if _, err := std.Decode(decoded, text); err != nil {
				b.Fatal(err)
			}
		})
		run("decode/fast", func() {
			if _, err := decodeBase64(decoded, text); err != nil {
				b.Fatal(err)
			}
		})
	}
}
