package cipher

import "encoding/base64"

// Protocol version 1 bodies are padded standard base64, and at 100 KB
// bodies encoding/base64 costs about as much as the AES around it. The
// functions here let an architecture kernel do the clean bulk of the text
// and leave everything else (tails, padding, line breaks, errors) to
// encoding/base64, so that results and errors stay exactly its own.

// encodeBase64 is base64.StdEncoding.Encode: dst must hold
// EncodedLen(len(src)) bytes.
func encodeBase64(dst, src []byte) {
	enc := base64.StdEncoding
	// Short dst panics here as it would in the standard library, before
	// the kernel writes anything.
	dst = dst[:enc.EncodedLen(len(src))]
	n := encodeBase64Blocks(dst, src)
	enc.Encode(dst[n/3*4:], src[n:])
}

// encodeBase64Blocks encodes the whole 24-byte blocks of src with the
// kernel, if there is one, and returns their length.
func encodeBase64Blocks(dst, src []byte) int {
	n := encodeBase64Bulk(dst, src)
	if base64Kernels && len(src)-n >= 24 {
		// The kernel reads 4 bytes past a block, so it leaves the last
		// one of a 24-byte multiple (EncodeBody's chunks) to the std
		// library, which is slow at that; a copy with room is not.
		var last [28]byte
		copy(last[:], src[n:n+24])
		n += encodeBase64Bulk(dst[n/3*4:], last[:])
	}
	return n
}

// decodeBase64 is base64.StdEncoding.Decode, with the same n and error
// for every input; dst must hold DecodedLen(len(src)) bytes.
func decodeBase64(dst, src []byte) (int, error) {
	enc := base64.StdEncoding
	if len(dst) < enc.DecodedLen(len(src)) {
		// Whatever the standard library makes of a short dst (a panic,
		// or success when line breaks shrink the output) is the answer.
		return enc.Decode(dst, src)
	}
	// The last quantum, where padding lives, never goes to the kernel,
	// which would take '=' for a bad block.
	bulk := 0
	if len(src) > 4 {
		bulk = decodeBase64Bulk(dst, src[:len(src)-4])
	}
	n, err := enc.Decode(dst[bulk/4*3:], src[bulk:])
	if err == nil {
		return bulk/4*3 + n, nil
	}
	if bulk == 0 {
		return n, err
	}
	// Once more on the whole input, so that n and the error's offset are
	// the std library's own rather than arithmetic on the tail's. The
	// bytes the kernel wrote are the ones this writes there too.
	return enc.Decode(dst, src)
}
