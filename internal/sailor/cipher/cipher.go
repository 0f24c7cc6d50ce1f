package cipher

import (
	"crypto/aes"
	stdcipher "crypto/cipher"
	"crypto/sha256"
	"errors"
	"fmt"
)

// IVSize is the required length in bytes of the IV.
const IVSize = aes.BlockSize

// Errors returned (wrapped) by this package.
var (
	// ErrInvalidIV: the IV is not IVSize bytes long.
	ErrInvalidIV = errors.New("iv must be 16 bytes")
	// ErrEmpty: there is nothing to decrypt.
	ErrEmpty = errors.New("empty input")
	// ErrMalformed: the input is not valid base64, not a whole number of
	// blocks, or its padding is wrong (typically: another password or IV).
	ErrMalformed = errors.New("malformed ciphertext")
)

// Cipher encrypts and decrypts message bodies with one password and IV.
// It is safe for concurrent use.
type Cipher struct {
	block stdcipher.Block // nil: no password, bodies pass in clear
	keys  *cbcKeys        // for the AES-NI CBC; nil: crypto/cipher's over block
	iv    [IVSize]byte
}

// New returns a Cipher for password and iv. iv must be exactly 16 bytes
// once UTF-8 encoded. An empty password disables encryption altogether
// (plaintext passes through, base64 is still applied for version 1), as
// the Node sailor does; neither value appears in an error.
func New(password, iv string) (*Cipher, error) {
	if len(iv) != IVSize {
		return nil, fmt.Errorf("cipher: new: %w", ErrInvalidIV)
	}
	c := &Cipher{}
	copy(c.iv[:], iv)
	if password == "" {
		return c, nil
	}
	key := sha256.Sum256([]byte(password))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, fmt.Errorf("cipher: new: %w", err) // impossible: the key is 32 bytes
	}
	c.block = block
	c.keys = newCBCKeys(&key)
	return c, nil
}

// Encrypt returns the padded ciphertext of plain in a new slice. Without a
// password it returns plain itself.
func (c *Cipher) Encrypt(plain []byte) []byte {
	if c.block == nil {
		return plain
	}
	out := make([]byte, paddedLen(len(plain)))
	copy(out, plain)
	pad(out, len(plain))
	c.encrypter().CryptBlocks(out, out)
	return out
}

// Decrypt returns the plaintext of ct in a new slice, after checking that
// ct is a non-empty whole number of blocks with valid padding. Without a
// password it returns ct itself (still refusing an empty input). ct is
// not modified.
func (c *Cipher) Decrypt(ct []byte) ([]byte, error) {
	if len(ct) == 0 {
		return nil, fmt.Errorf("cipher: decrypt: %w", ErrEmpty)
	}
	if c.block == nil {
		return ct, nil
	}
	if len(ct)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("cipher: decrypt: %w: length %d is not a multiple of %d",
			ErrMalformed, len(ct), aes.BlockSize)
	}
	out := make([]byte, len(ct))
	return c.decryptInPlace(out, ct)
}

// decryptInPlace decrypts src into dst (which may be src itself) and
// strips the padding.
func (c *Cipher) decryptInPlace(dst, src []byte) ([]byte, error) {
	c.decrypter().CryptBlocks(dst, src)
	n, ok := unpaddedLen(dst)
	if !ok {
		return nil, fmt.Errorf("cipher: decrypt: %w: bad padding", ErrMalformed)
	}
	return dst[:n], nil
}

func (c *Cipher) encrypter() stdcipher.BlockMode {
	if c.keys != nil {
		return newCBCEncrypter(c.keys, &c.iv)
	}
	return stdcipher.NewCBCEncrypter(c.block, c.iv[:])
}

func (c *Cipher) decrypter() stdcipher.BlockMode {
	if c.keys != nil {
		return newCBCDecrypter(c.keys, &c.iv)
	}
	return stdcipher.NewCBCDecrypter(c.block, c.iv[:])
}

// paddedLen is the ciphertext length of n plaintext bytes: PKCS#7 always
// adds 1 to 16 bytes.
func paddedLen(n int) int {
	return n + aes.BlockSize - n%aes.BlockSize
}

// pad fills b[n:] with PKCS#7 padding; len(b) must be paddedLen(n) or n
// rounded the same way within a chunk.
func pad(b []byte, n int) {
	p := byte(len(b) - n)
	for i := n; i < len(b); i++ {
		b[i] = p
	}
}

// unpaddedLen checks the PKCS#7 padding of b and returns the length
// without it. The check looks at every padding byte in one pass, so a
// corrupt message is refused however it is corrupted.
func unpaddedLen(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	p := int(b[len(b)-1])
	if p == 0 || p > aes.BlockSize || p > len(b) {
		return 0, false
	}
	var diff byte
	for _, x := range b[len(b)-p:] {
		diff |= x ^ byte(p)
	}
	if diff != 0 {
		return 0, false
	}
	return len(b) - p, true
}
