package sailor

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// indexStringSpecial is held to the byte-by-byte definition on both paths:
// with the AVX2 kernel where this machine has it, and with the SWAR loop
// alone. The kernel only sees runs past the first 64 bytes, so the inputs
// here are long enough to reach it from several starting offsets.

// stringSpecialOracle is the definition, written out independently of the
// lookup table and the word tricks.
func stringSpecialOracle(data []byte, i int) int {
	for ; i < len(data); i++ {
		if c := data[i]; c == '"' || c == '\\' || c < 0x20 {
			return i
		}
	}
	return len(data)
}

// forEachStringScanPath runs f with the kernel as this machine has it and
// with it switched off. Not parallel: stringScanKernel is global.
func forEachStringScanPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, kernel := range []bool{stringScanKernel, false} {
		name := "swar-only"
		if kernel {
			name = "kernel"
		}
		t.Run(name, func(t *testing.T) {
			saved := stringScanKernel
			stringScanKernel = kernel
			t.Cleanup(func() { stringScanKernel = saved })
			f(t)
		})
	}
}

var (
	stringScanStops  = []byte{'"', '\\', 0x00, 0x1f}
	stringScanPasses = []byte{0x20, 0x7f, 0x80, 0xff, '/', '!', '#', '[', ']', 0x9f}
)

// plainRun returns n bytes that do not end a string, each behind a
// capacity filled with quotes: a scan that strays past len(data) finds one
// and reports an offset the oracle never does.
func plainRun(n int) []byte {
	b := make([]byte, n, n+64)
	guard := b[:cap(b)]
	for j := range guard {
		guard[j] = '"'
	}
	for j := range b {
		b[j] = stringScanPasses[j%len(stringScanPasses)]
	}
	return b
}

// scanStarts are the offsets each document is scanned from: some leave the
// kernel a long run, the rest fall around the byte under test.
func scanStarts(n, at int) []int {
	var starts []int
	for _, i := range []int{0, 1, 7, 16, 33, at - 1, at, at + 1} {
		if i >= 0 && i <= n {
			starts = append(starts, i)
		}
	}
	return starts
}

// Every length up to 200 covers the kernel's pair loop, its last single
// block and the Go tail after both, with the byte under test in each.
func TestIndexStringSpecialEveryPosition(t *testing.T) {
	underTest := append(append([]byte{}, stringScanStops...), 0x20, 0x7f, 0x80, 0xff, '/')
	forEachStringScanPath(t, func(t *testing.T) {
		for n := 0; n <= 200; n++ {
			data := plainRun(n)
			for at := 0; at < n; at++ {
				plain := data[at]
				for _, c := range underTest {
					data[at] = c
					stops := c == '"' || c == '\\' || c < 0x20
					for _, i := range scanStarts(n, at) {
						// Written out rather than asked of the oracle, which
						// under -race would cost most of this test's time.
						want := n
						if stops && i <= at {
							want = at
						}
						if got := indexStringSpecial(data, i); got != want {
							t.Fatalf("n=%d byte %#02x at %d, from %d: got %d, want %d", n, c, at, i, got, want)
						}
					}
				}
				data[at] = plain
			}
		}
	})
}

// With a second special byte after the first, the first must win.
func TestIndexStringSpecialFirstOfTwo(t *testing.T) {
	forEachStringScanPath(t, func(t *testing.T) {
		for n := 2; n <= 140; n++ {
			for at := 0; at < n-1; at++ {
				for _, later := range []int{at + 1, at + 8, at + 31, at + 32, n - 1} {
					if later >= n {
						continue
					}
					data := plainRun(n)
					data[at] = stringScanStops[at%len(stringScanStops)]
					data[later] = stringScanStops[(at+1)%len(stringScanStops)]
					for _, i := range []int{0, at} {
						require.Equal(t, at, indexStringSpecial(data, i), "n=%d at %d later %d from %d", n, at, later, i)
					}
				}
			}
		}
	})
}

func TestIndexStringSpecialRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	forEachStringScanPath(t, func(t *testing.T) {
		for range 20000 {
			n := r.IntN(600)
			data := plainRun(n)
			// Sparse specials make long runs; dense ones exercise
			// back-to-back stops.
			density := []int{0, 2, 40, 1000, 100000}[r.IntN(5)]
			for j := range data {
				data[j] = byte(r.Uint32())
				if stringSpecial[data[j]] && (density == 0 || r.IntN(density) != 0) {
					data[j] = stringScanPasses[r.IntN(len(stringScanPasses))]
				}
			}
			// Walk the whole run as skipString does, stop by stop.
			for i := r.IntN(n + 1); ; i++ {
				want := stringSpecialOracle(data, i)
				got := indexStringSpecial(data, i)
				require.Equal(t, want, got, "from %d in %q", i, data)
				i = got
				if i >= n {
					break
				}
			}
		}
	})
}

// The bulk step may stop early but never past the first special byte; the
// kernel stops exactly there or at the last whole 32-byte block.
func TestIndexStringSpecialBulk(t *testing.T) {
	forEachStringScanPath(t, func(t *testing.T) {
		for n := 0; n <= 200; n++ {
			for at := 0; at <= n; at++ {
				data := plainRun(n)
				if at < n {
					data[at] = stringScanStops[at%len(stringScanStops)]
				}
				got := indexStringSpecialBulk(data)
				require.LessOrEqual(t, got, at, "n=%d special at %d", n, at)
				if stringScanKernel {
					require.Equal(t, min(at, n&^31), got, "n=%d special at %d", n, at)
				} else {
					require.Zero(t, got)
				}
			}
		}
	})
}

func FuzzIndexStringSpecial(f *testing.F) {
	// The kernel takes over 64 bytes into a run and needs 32 more, so the
	// seeds are long enough for the mutations to reach it.
	f.Add(append(plainRun(200), '"'), uint(3))
	f.Add(append(plainRun(130), '\\', 'n', 0x1f), uint(0))
	f.Add([]byte(scanBenchMessage(300)), uint(0))
	f.Fuzz(func(t *testing.T, data []byte, start uint) {
		i := int(start % uint(len(data)+1))
		want := stringSpecialOracle(data, i)
		for _, kernel := range []bool{true, false} {
			saved := stringScanKernel
			stringScanKernel = kernel && saved
			got := indexStringSpecial(data, i)
			stringScanKernel = saved
			if got != want {
				t.Fatalf("kernel %v, from %d: got %d, want %d", kernel, i, got, want)
			}
		}
	})
}

// BenchmarkIndexStringSpecial scans plain runs of several lengths up to a
// quote, with plenty of input after it as inside a message, on both paths.
func BenchmarkIndexStringSpecial(b *testing.B) {
	for _, n := range []int{4, 20, 36, 64, 80, 100, 1000, 100 << 10} {
		data := plainRun(n + 256)
		data[n] = '"'
		for _, kernel := range []bool{true, false} {
			name := fmt.Sprintf("%d/swar-only", n)
			if kernel {
				name = fmt.Sprintf("%d/kernel", n)
			}
			b.Run(name, func(b *testing.B) {
				if kernel && !stringScanKernel {
					b.Skip("no kernel on this machine")
				}
				saved := stringScanKernel
				stringScanKernel = kernel
				b.Cleanup(func() { stringScanKernel = saved })
				b.SetBytes(int64(n + 1))
				for b.Loop() {
					if indexStringSpecial(data, 0) != n {
						b.Fatal("wrong stop")
					}
				}
			})
		}
	}
}
