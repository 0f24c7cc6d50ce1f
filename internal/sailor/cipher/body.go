package cipher

import (
	"bytes"
	"crypto/aes"
	"encoding/base64"
	"fmt"
	"slices"
	"sync"
	"unsafe"
)

// chunkSize is how much plaintext EncodeBody encrypts at a time before
// base64-encoding it: a multiple of both the AES block (16) and a base64
// quantum (3), so chunks encode independently, and big enough to amortise
// the calls.
const chunkSize = 85 * 48 // 4080

// scratchPool holds chunk buffers; the extra block holds the final
// chunk's padding.
var scratchPool = sync.Pool{New: func() any { return new([chunkSize + aes.BlockSize]byte) }}

// EncodeBody encrypts plain into an AMQP body for protocolVersion: below 2
// the padded standard base64 text of the ciphertext, from 2 on the raw
// ciphertext. Without a password the v2 result is plain itself.
func (c *Cipher) EncodeBody(plain []byte, protocolVersion int) []byte {
	if protocolVersion >= 2 {
		return c.Encrypt(plain)
	}
	return c.encryptBase64(nil, plain)
}

// AppendEncodeBody is EncodeBody writing into dst's spare capacity (growing
// it when short) and returning dst extended by the body, so that a caller
// can reuse one buffer for many bodies. Unlike EncodeBody, the result never
// shares memory with plain, also without a password.
func (c *Cipher) AppendEncodeBody(dst, plain []byte, protocolVersion int) []byte {
	if protocolVersion < 2 {
		return c.encryptBase64(dst, plain)
	}
	if c.block == nil {
		return append(dst, plain...)
	}
	out, tail := grow(dst, paddedLen(len(plain)))
	copy(tail, plain)
	pad(tail, len(plain))
	c.encrypter().CryptBlocks(tail, tail)
	return out
}

// grow extends b by n bytes and returns the extended slice and its new
// last n bytes, which callers overwrite in full.
func grow(b []byte, n int) (out, tail []byte) {
	out = slices.Grow(b, n)[:len(b)+n]
	return out, out[len(b):]
}

// DecodeBody returns the plaintext of an AMQP body encoded for
// protocolVersion (see EncodeBody). A version 1 body may be surrounded by
// white space. It never panics; malformed input gives an error wrapping
// ErrEmpty or ErrMalformed. body is not modified, but without a password
// a v2 result is body itself.
func (c *Cipher) DecodeBody(body []byte, protocolVersion int) ([]byte, error) {
	if protocolVersion >= 2 {
		return c.Decrypt(body)
	}
	return c.decryptBase64(bytes.TrimSpace(body))
}

// EncryptToBase64 returns the base64 text of the ciphertext of plain, the
// encoding of the error and errorInput fields of error messages whatever
// the protocol version.
func (c *Cipher) EncryptToBase64(plain []byte) string {
	b := c.encryptBase64(nil, plain)
	if len(b) == 0 {
		return ""
	}
	// b is new and never written again, so it can back the string without
	// a copy; bodies reach megabytes.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// DecryptBase64 is the inverse of EncryptToBase64; surrounding white space
// is ignored.
func (c *Cipher) DecryptBase64(s string) ([]byte, error) {
	return c.decryptBase64(bytes.TrimSpace([]byte(s)))
}

// encryptBase64 encrypts and encodes chunk by chunk, appending to dst in
// one piece of the final size, so no ciphertext-sized intermediate is
// allocated.
func (c *Cipher) encryptBase64(dst, plain []byte) []byte {
	enc := base64.StdEncoding
	if c.block == nil {
		out, tail := grow(dst, enc.EncodedLen(len(plain)))
		encodeBase64(tail, plain)
		return out
	}
	out, dst := grow(dst, enc.EncodedLen(paddedLen(len(plain))))
	scratch := scratchPool.Get().(*[chunkSize + aes.BlockSize]byte)
	defer scratchPool.Put(scratch)
	mode := c.encrypter()
	for len(plain) >= chunkSize {
		chunk := scratch[:chunkSize]
		copy(chunk, plain)
		mode.CryptBlocks(chunk, chunk)
		encodeBase64(dst, chunk)
		dst = dst[enc.EncodedLen(chunkSize):]
		plain = plain[chunkSize:]
	}
	last := scratch[:paddedLen(len(plain))]
	copy(last, plain)
	pad(last, len(plain))
	mode.CryptBlocks(last, last)
	encodeBase64(dst, last)
	return out
}

// decryptBase64 decodes into one new buffer and decrypts it in place.
func (c *Cipher) decryptBase64(text []byte) ([]byte, error) {
	if len(text) == 0 {
		return nil, fmt.Errorf("cipher: decrypt: %w", ErrEmpty)
	}
	enc := base64.StdEncoding
	buf := make([]byte, enc.DecodedLen(len(text)))
	n, err := decodeBase64(buf, text)
	if err != nil {
		return nil, fmt.Errorf("cipher: decrypt: %w: %w", ErrMalformed, err)
	}
	buf = buf[:n]
	if n == 0 {
		return nil, fmt.Errorf("cipher: decrypt: %w", ErrEmpty)
	}
	if c.block == nil {
		return buf, nil
	}
	if n%aes.BlockSize != 0 {
		return nil, fmt.Errorf("cipher: decrypt: %w: length %d is not a multiple of %d",
			ErrMalformed, n, aes.BlockSize)
	}
	return c.decryptInPlace(buf, buf)
}
