package cipher

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vectors of sailor-protocol.md §5.1 (the integration-test fixtures).
const (
	vecPassword  = "testCryptoPassword"
	vecIV        = "iv=any16_symbols"
	vecKeyHex    = "199c41243a183f4696aad0fbe4cf44490111bf9f73767aaa31016a9b6a1ec0d2"
	vecIVHex     = "69763d616e7931365f73796d626f6c73"
	vecPlain     = `{"body":{"hello":"world"},"headers":{}}`
	vecV1Body    = "axyl/YcFb4wgFzIyJ9McA80xvYzVgIv3k9DafhwAIry1MWBa8X1lcP9eLV4ASQ6q"
	vecV2Hex     = "6b1ca5fd87056f8c2017323227d31c03cd31bd8cd5808bf793d0da7e1c0022bcb531605af17d6570ff5e2d5e00490eaa"
	vecErrPlain  = `{"name":"Error","message":"boom","stack":"Not Available"}`
	vecErrBase64 = "+PAlXNRj+5HdYNSuw3cyrcwe2/G86AfL5nfMe6TSI1ffqtpnv4C9494KeuRH0z4mwDV7lxo0styb4MNU5fH2kw=="
)

func newVectorCipher(t testing.TB) *Cipher {
	t.Helper()
	c, err := New(vecPassword, vecIV)
	require.NoError(t, err)
	return c
}

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestVectorKeyAndIV(t *testing.T) {
	t.Parallel()
	key := sha256.Sum256([]byte(vecPassword))
	assert.Equal(t, vecKeyHex, hex.EncodeToString(key[:]))
	c := newVectorCipher(t)
	assert.Equal(t, vecIVHex, hex.EncodeToString(c.iv[:]))
}

func TestVectorV1(t *testing.T) {
	t.Parallel()
	c := newVectorCipher(t)
	assert.Equal(t, vecV1Body, string(c.EncodeBody([]byte(vecPlain), 1)))
	assert.Equal(t, vecV1Body, string(c.EncodeBody([]byte(vecPlain), 0)), "below 2 is base64")

	plain, err := c.DecodeBody([]byte(vecV1Body), 1)
	require.NoError(t, err)
	assert.Equal(t, vecPlain, string(plain))

	plain, err = c.DecodeBody([]byte("\n "+vecV1Body+"\r\n"), 1)
	require.NoError(t, err)
	assert.Equal(t, vecPlain, string(plain), "surrounding white space ignored")
}

func TestVectorV2(t *testing.T) {
	t.Parallel()
	c := newVectorCipher(t)
	raw := mustHex(t, vecV2Hex)
	require.Len(t, raw, 48)
	assert.Equal(t, raw, c.EncodeBody([]byte(vecPlain), 2))
	assert.Equal(t, raw, c.EncodeBody([]byte(vecPlain), 3), "2 and above are raw")
	assert.Equal(t, raw, c.Encrypt([]byte(vecPlain)))

	orig := bytes.Clone(raw)
	plain, err := c.DecodeBody(raw, 2)
	require.NoError(t, err)
	assert.Equal(t, vecPlain, string(plain))
	assert.Equal(t, orig, raw, "body left untouched")
}

func TestVectorErrorField(t *testing.T) {
	t.Parallel()
	c := newVectorCipher(t)
	assert.Equal(t, vecErrBase64, c.EncryptToBase64([]byte(vecErrPlain)))
	plain, err := c.DecryptBase64(vecErrBase64)
	require.NoError(t, err)
	assert.Equal(t, vecErrPlain, string(plain))
}

func TestNewRejectsBadIV(t *testing.T) {
	t.Parallel()
	for _, iv := range []string{"", "short", "iv=any16_symbols!", "é_any15_symbols!"} {
		_, err := New(vecPassword, iv)
		assert.ErrorIs(t, err, ErrInvalidIV, iv)
	}
	_, err := New("", "iv=any16_symbols")
	assert.NoError(t, err)
}

func TestNoPasswordPassesThrough(t *testing.T) {
	t.Parallel()
	c, err := New("", vecIV)
	require.NoError(t, err)
	plain := []byte(vecPlain)

	v1 := c.EncodeBody(plain, 1)
	assert.Equal(t, base64.StdEncoding.EncodeToString(plain), string(v1))
	assert.Equal(t, plain, c.EncodeBody(plain, 2))

	got, err := c.DecodeBody(v1, 1)
	require.NoError(t, err)
	assert.Equal(t, plain, got)
	got, err = c.DecodeBody(plain, 2)
	require.NoError(t, err)
	assert.Equal(t, plain, got)

	_, err = c.DecodeBody(nil, 2)
	assert.ErrorIs(t, err, ErrEmpty)
}

func TestRoundTripSizes(t *testing.T) {
	t.Parallel()
	c := newVectorCipher(t)
	// Around block, base64-quantum and chunk boundaries.
	sizes := []int{0, 1, 15, 16, 17, 47, 48, 49, chunkSize - 17, chunkSize - 16, chunkSize - 1,
		chunkSize, chunkSize + 1, 2*chunkSize + 5, 100_000}
	for _, n := range sizes {
		plain := bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz0123456789"), n/36+1)[:n]
		want := c.Encrypt(plain)
		for _, v := range []int{1, 2} {
			body := c.EncodeBody(plain, v)
			if v == 1 {
				assert.Equal(t, base64.StdEncoding.EncodeToString(want), string(body), "size %d", n)
			}
			got, err := c.DecodeBody(body, v)
			require.NoError(t, err, "size %d v%d", n, v)
			assert.Equal(t, plain, append([]byte{}, got...), "size %d v%d", n, v)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	c := newVectorCipher(t)
	other, err := New("another password", vecIV)
	require.NoError(t, err)
	raw := mustHex(t, vecV2Hex)

	tests := []struct {
		name    string
		body    []byte
		version int
		want    error
	}{
		{"empty v1", nil, 1, ErrEmpty},
		{"blank v1", []byte("  \n"), 1, ErrEmpty},
		{"empty v2", []byte{}, 2, ErrEmpty},
		{"not base64", []byte("not base64!"), 1, ErrMalformed},
		{"base64 of a partial block", []byte(base64.StdEncoding.EncodeToString(raw[:20])), 1, ErrMalformed},
		{"partial block v2", raw[:47], 2, ErrMalformed},
		{"wrong key v2", other.Encrypt([]byte(vecPlain)), 2, ErrMalformed},
		{"v1 body read as v2", []byte(vecV1Body), 2, ErrMalformed},
		{"raw body read as v1", raw, 1, ErrMalformed},
	}
	for _, tt := range tests {
		_, err := c.DecodeBody(tt.body, tt.version)
		assert.ErrorIs(t, err, tt.want, tt.name)
		assert.True(t, strings.HasPrefix(err.Error(), "cipher: decrypt: "), tt.name)
	}
	_, err = c.Decrypt(nil)
	assert.ErrorIs(t, err, ErrEmpty)
	_, err = c.DecryptBase64("")
	assert.ErrorIs(t, err, ErrEmpty)
}

func TestBadPaddingDetected(t *testing.T) {
	t.Parallel()
	c := newVectorCipher(t)
	// Encrypt blocks whose last byte is not valid padding.
	for _, last := range []byte{0, 17, 0xff} {
		block := bytes.Repeat([]byte{3}, 16)
		block[15] = last
		ct := make([]byte, 16)
		c.encrypter().CryptBlocks(ct, block)
		_, err := c.Decrypt(ct)
		assert.ErrorIs(t, err, ErrMalformed, "last byte %d", last)
	}
	// Padding length right, but an earlier padding byte differs.
	block := bytes.Repeat([]byte{4}, 16)
	block[12] = 5
	ct := make([]byte, 16)
	c.encrypter().CryptBlocks(ct, block)
	_, err := c.Decrypt(ct)
	assert.ErrorIs(t, err, ErrMalformed)
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	c := newVectorCipher(t)
	done := make(chan []byte)
	for range 8 {
		go func() {
			var last []byte
			for range 50 {
				last = c.EncodeBody([]byte(vecPlain), 1)
			}
			done <- last
		}()
	}
	for range 8 {
		assert.Equal(t, vecV1Body, string(<-done))
	}
}

// AppendEncodeBody writes what EncodeBody returns after whatever dst
// holds, reusing dst's capacity, in both versions, with and without a
// password; its result never shares memory with the plaintext.
func TestAppendEncodeBodyMatchesEncodeBody(t *testing.T) {
	t.Parallel()
	keyed, err := New("testCryptoPassword", "iv=any16_symbols")
	require.NoError(t, err)
	open, err := New("", "iv=any16_symbols")
	require.NoError(t, err)
	for _, c := range []*Cipher{keyed, open} {
		for _, version := range []int{1, 2} {
			for _, n := range []int{0, 1, 15, 16, 17, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 5, 100_000} {
				plain := bytes.Repeat([]byte{'p'}, n)
				want := c.EncodeBody(plain, version)

				got := c.AppendEncodeBody([]byte("head:"), plain, version)
				assert.Equal(t, "head:"+string(want), string(got), "v%d n=%d, short dst", version, n)

				roomy := make([]byte, 0, len(want)+64)
				got = c.AppendEncodeBody(roomy, plain, version)
				assert.Equal(t, string(want), string(got), "v%d n=%d, roomy dst", version, n)
				if len(got) > 0 {
					assert.Same(t, &roomy[:1][0], &got[0], "v%d n=%d: dst's memory is reused", version, n)
				}
				if n > 0 {
					plain[0] = 'X'
					assert.NotEqual(t, byte('X'), got[0], "v%d n=%d: the result is not the plaintext", version, n)
				}
			}
		}
	}
}
