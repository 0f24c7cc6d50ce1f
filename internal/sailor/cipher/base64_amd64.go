//go:build amd64 && !purego

package cipher

import "golang.org/x/sys/cpu"

// base64Kernels picks the AVX2 kernels; tests turn it off to run the
// encoding/base64-only path on this machine too.
var base64Kernels = cpu.X86.HasAVX2

// encodeAVX2 encodes whole 24-byte blocks of src while 28 bytes remain
// from the block's start and returns how many bytes it used (a multiple
// of 24); dst must hold their 4/3.
//
//go:noescape
func encodeAVX2(dst, src []byte) int

// decodeAVX2 decodes whole 32-character blocks of src up to the first one
// holding a byte outside the alphabet and returns how many characters it
// used (a multiple of 32); dst must hold 3/4 of len(src) in whole blocks.
//
//go:noescape
func decodeAVX2(dst, src []byte) int

// encodeBase64Bulk encodes a leading part of src into dst and returns its
// length, a multiple of 3, for encodeBase64 to finish.
func encodeBase64Bulk(dst, src []byte) int {
	if !base64Kernels {
		return 0
	}
	return encodeAVX2(dst, src)
}

// decodeBase64Bulk decodes a leading part of src, clean characters in
// whole quanta, into dst and returns its length, a multiple of 4, for
// decodeBase64 to finish.
func decodeBase64Bulk(dst, src []byte) int {
	if !base64Kernels {
		return 0
	}
	return decodeAVX2(dst, src)
}
