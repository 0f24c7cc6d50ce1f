//go:build nodewire

package wire_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"testing"
)

// The fixture secrets of the Node sailor's integration tests.
const (
	cryptoPassword = "testCryptoPassword"
	cryptoIV       = "iv=any16_symbols"
)

// The test encrypts and decrypts on its own rather than with the sailor's
// cipher package, so that a bug there cannot hide by agreeing with itself;
// TestCryptoVector pins it to the protocol's test vector.

func cryptoKey() []byte {
	k := sha256.Sum256([]byte(cryptoPassword))
	return k[:]
}

// encrypt is AES-256-CBC with PKCS#7 padding and the static IV.
func encrypt(plain []byte) []byte {
	block, _ := aes.NewCipher(cryptoKey())
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	buf := append(bytes.Clone(plain), bytes.Repeat([]byte{byte(pad)}, pad)...)
	cipher.NewCBCEncrypter(block, []byte(cryptoIV)).CryptBlocks(buf, buf)
	return buf
}

func decrypt(ct []byte) ([]byte, error) {
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, errors.New("ciphertext is not a whole number of AES blocks")
	}
	block, _ := aes.NewCipher(cryptoKey())
	buf := bytes.Clone(ct)
	cipher.NewCBCDecrypter(block, []byte(cryptoIV)).CryptBlocks(buf, buf)
	pad := int(buf[len(buf)-1])
	if pad == 0 || pad > aes.BlockSize || !bytes.Equal(buf[len(buf)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, errors.New("bad PKCS#7 padding")
	}
	return buf[:len(buf)-pad], nil
}

// encodeV1 is a protocol version 1 body: base64 text of the ciphertext.
func encodeV1(plain []byte) []byte {
	return []byte(base64.StdEncoding.EncodeToString(encrypt(plain)))
}

func decodeBase64(text []byte) ([]byte, error) {
	ct, err := base64.StdEncoding.DecodeString(string(text))
	if err != nil {
		return nil, err
	}
	return decrypt(ct)
}

// decodeBody reads a body by the protocolVersion header it came with.
func decodeBody(body []byte, version int) ([]byte, error) {
	if version >= 2 {
		return decrypt(body)
	}
	return decodeBase64(body)
}

// TestCryptoVector checks the helpers against sailor-protocol.md 5.1.
func TestCryptoVector(t *testing.T) {
	const plain = `{"body":{"hello":"world"},"headers":{}}`
	const v1 = "axyl/YcFb4wgFzIyJ9McA80xvYzVgIv3k9DafhwAIry1MWBa8X1lcP9eLV4ASQ6q"
	if got := string(encodeV1([]byte(plain))); got != v1 {
		t.Fatalf("encodeV1 = %s, want %s", got, v1)
	}
	back, err := decodeBody([]byte(v1), 1)
	if err != nil || string(back) != plain {
		t.Fatalf("decodeBody = %q, %v; want %q", back, err, plain)
	}
}
