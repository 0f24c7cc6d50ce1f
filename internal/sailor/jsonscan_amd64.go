//go:build amd64 && !purego

package sailor

import "golang.org/x/sys/cpu"

// stringScanKernel picks the AVX2 string scan; tests turn it off to run the
// SWAR-only path on this machine too.
var stringScanKernel = cpu.X86.HasAVX2

// indexStringSpecialAVX2 looks at whole 32-byte blocks of data and returns
// the offset of the first quote, backslash or control byte in them, or,
// when there is none, the length of those blocks (len(data) rounded down
// to a multiple of 32), so that what is left is under 32 bytes.
//
//go:noescape
func indexStringSpecialAVX2(data []byte) int

// indexStringSpecialBulk returns the offset of the first special byte of
// data or an offset before it from which indexStringSpecial carries on.
func indexStringSpecialBulk(data []byte) int {
	if !stringScanKernel {
		return 0
	}
	return indexStringSpecialAVX2(data)
}
