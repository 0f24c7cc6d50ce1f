package cipher

import (
	"bytes"
	"crypto/aes"
	stdcipher "crypto/cipher"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The oracle for every CBC test here is crypto/cipher's CBC over
// crypto/aes.

func TestSbox(t *testing.T) {
	t.Parallel()
	// FIPS-197 figure 7 and the worked example of 5.1.1.
	assert.Equal(t, byte(0x63), sbox(0x00))
	assert.Equal(t, byte(0x7c), sbox(0x01))
	assert.Equal(t, byte(0xed), sbox(0x53))
	assert.Equal(t, byte(0x16), sbox(0xff))
	var seen [256]bool
	for x := range 256 {
		seen[sbox(byte(x))] = true
	}
	assert.NotContains(t, seen, false, "the S-box is a permutation")
}

func TestExpandKey256(t *testing.T) {
	t.Parallel()
	// FIPS-197 appendix A.3: the first and last words of the schedule.
	key := [32]byte(mustHex(t, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"))
	w := expandKey256(&key)
	assert.Equal(t, key[:], w[:32])
	assert.Equal(t, "9ba354118e6925afa51a8b5f2067fcdea8b09c1a93d194cdbe49846eb75d5b9a", hex.EncodeToString(w[32:64]))
	assert.Equal(t, "fe4890d1e6188d0b046df344706c631e", hex.EncodeToString(w[roundKeysLen-16:]))
}

func TestInvMixColumns(t *testing.T) {
	t.Parallel()
	// FIPS-197 appendix B, round 1, undone: the state after MixColumns
	// back to the one after ShiftRows.
	b := [16]byte(mustHex(t, "046681e5e0cb199a48f8d37a2806264c"))
	invMixColumns(&b)
	assert.Equal(t, "d4bf5d30e0b452aeb84111f11e2798e5", hex.EncodeToString(b[:]))
}

// requireAESNI skips where the assembly is not built or not usable.
func requireAESNI(t testing.TB) {
	t.Helper()
	if !useAESNI {
		t.Skip("no AES-NI CBC in this build or on this CPU")
	}
}

// cbcPair is one key and IV with both implementations of each direction.
type cbcPair struct {
	keys  *cbcKeys
	block stdcipher.Block
	iv    [aes.BlockSize]byte
}

func newCBCPair(t testing.TB, key *[32]byte, iv *[aes.BlockSize]byte) *cbcPair {
	t.Helper()
	block, err := aes.NewCipher(key[:])
	require.NoError(t, err)
	return &cbcPair{keys: newCBCKeys(key), block: block, iv: *iv}
}

func randomCBCPair(t testing.TB, rng *rand.Rand) *cbcPair {
	t.Helper()
	var key [32]byte
	var iv [aes.BlockSize]byte
	fillRandom(rng, key[:])
	fillRandom(rng, iv[:])
	return newCBCPair(t, &key, &iv)
}

func fillRandom(rng *rand.Rand, b []byte) {
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
}

func (p *cbcPair) enc() stdcipher.BlockMode { return newCBCEncrypter(p.keys, &p.iv) }
func (p *cbcPair) dec() stdcipher.BlockMode { return newCBCDecrypter(p.keys, &p.iv) }
func (p *cbcPair) stdEnc() stdcipher.BlockMode {
	return stdcipher.NewCBCEncrypter(p.block, p.iv[:])
}
func (p *cbcPair) stdDec() stdcipher.BlockMode {
	return stdcipher.NewCBCDecrypter(p.block, p.iv[:])
}

// check compares both directions with the oracle on data, out of place,
// in place and in chunks of the given block counts through one mode.
func (p *cbcPair) check(t *testing.T, data []byte, chunks []int) {
	t.Helper()
	want := make([]byte, len(data))
	p.stdEnc().CryptBlocks(want, data)
	wantPlain := make([]byte, len(data))
	p.stdDec().CryptBlocks(wantPlain, data)

	got := make([]byte, len(data)+aes.BlockSize) // a longer dst is allowed
	p.enc().CryptBlocks(got, data)
	require.Equal(t, want, got[:len(data)], "encrypt, out of place")
	p.dec().CryptBlocks(got, data)
	require.Equal(t, wantPlain, got[:len(data)], "decrypt, out of place")

	inPlace := bytes.Clone(data)
	p.enc().CryptBlocks(inPlace, inPlace)
	require.Equal(t, want, inPlace, "encrypt, in place")
	p.dec().CryptBlocks(inPlace, inPlace)
	require.Equal(t, data, inPlace, "decrypt of the ciphertext, in place")
	inPlace = bytes.Clone(data)
	p.dec().CryptBlocks(inPlace, inPlace)
	require.Equal(t, wantPlain, inPlace, "decrypt, in place")

	for _, dir := range []struct {
		name string
		mode stdcipher.BlockMode
		want []byte
	}{{"encrypt", p.enc(), want}, {"decrypt", p.dec(), wantPlain}} {
		buf := bytes.Clone(data)
		rest := buf
		for _, n := range chunks {
			n = min(n*aes.BlockSize, len(rest))
			dir.mode.CryptBlocks(rest[:n], rest[:n])
			rest = rest[n:]
		}
		dir.mode.CryptBlocks(rest, rest)
		require.Equal(t, dir.want, buf, "%s in chunks %v, in place", dir.name, chunks)
	}
}

func TestCBCKnownVector(t *testing.T) {
	t.Parallel()
	requireAESNI(t)
	// FIPS-197 appendix C.3: with a zero IV one CBC block is the cipher.
	key := [32]byte(mustHex(t, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"))
	p := newCBCPair(t, &key, &[aes.BlockSize]byte{})
	b := mustHex(t, "00112233445566778899aabbccddeeff")
	p.enc().CryptBlocks(b, b)
	assert.Equal(t, "8ea2b7ca516745bfeafc49904b496089", hex.EncodeToString(b))
	p.dec().CryptBlocks(b, b)
	assert.Equal(t, "00112233445566778899aabbccddeeff", hex.EncodeToString(b))
}

func TestCBCMatchesStd(t *testing.T) {
	t.Parallel()
	requireAESNI(t)
	rng := rand.New(rand.NewPCG(1, 2))
	// Every length to 300 blocks crosses the 8-block batches with each
	// tail; chunks of 1, 7, 8 and 9 blocks cross them between calls.
	for blocks := range 301 {
		p := randomCBCPair(t, rng)
		data := make([]byte, blocks*aes.BlockSize)
		fillRandom(rng, data)
		p.check(t, data, []int{1, 7, 8, 9, rng.IntN(20)})
	}
	p := randomCBCPair(t, rng)
	data := make([]byte, 100<<10)
	fillRandom(rng, data)
	p.check(t, data, []int{chunkSize / aes.BlockSize, 3, 1000})
}

func TestCBCPanics(t *testing.T) {
	t.Parallel()
	requireAESNI(t)
	p := randomCBCPair(t, rand.New(rand.NewPCG(3, 4)))
	buf := make([]byte, 64)
	for _, mode := range []stdcipher.BlockMode{p.enc(), p.dec()} {
		assert.Equal(t, aes.BlockSize, mode.BlockSize())
		assert.PanicsWithValue(t, "cipher: cbc: input not full blocks", func() { mode.CryptBlocks(buf, buf[:17]) })
		assert.PanicsWithValue(t, "cipher: cbc: output smaller than input", func() { mode.CryptBlocks(buf[:16], buf[:32]) })
		assert.PanicsWithValue(t, "cipher: cbc: invalid buffer overlap", func() { mode.CryptBlocks(buf[16:48], buf[:32]) })
		assert.PanicsWithValue(t, "cipher: cbc: invalid buffer overlap", func() { mode.CryptBlocks(buf[:32], buf[16:48]) })
		assert.NotPanics(t, func() { mode.CryptBlocks(buf[32:], buf[:32]) }, "adjacent")
		assert.NotPanics(t, func() { mode.CryptBlocks(nil, nil) })
	}
}

// TestCipherFallback runs Cipher through crypto/cipher's CBC, as on a CPU
// without AES-NI or a purego build, and checks it agrees with the AES-NI
// one.
func TestCipherFallback(t *testing.T) {
	t.Parallel()
	fast := newVectorCipher(t)
	slow := *fast
	slow.keys = nil
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 15, 16, 17, 127, 128, 129, chunkSize - 1, chunkSize, 3*chunkSize + 5, 100 << 10} {
		plain := make([]byte, n)
		fillRandom(rng, plain)
		for _, v := range []int{1, 2} {
			body := fast.EncodeBody(plain, v)
			require.Equal(t, body, slow.EncodeBody(plain, v), "v%d, %d bytes", v, n)
			require.Equal(t, body, slow.AppendEncodeBody(nil, plain, v), "v%d, %d bytes", v, n)
			for _, c := range []*Cipher{fast, &slow} {
				got, err := c.DecodeBody(body, v)
				require.NoError(t, err)
				require.Equal(t, plain, append([]byte{}, got...), "v%d, %d bytes", v, n)
			}
		}
	}
}

// TestNewWithoutAESNI checks New's choice on a CPU without AES-NI. It
// writes useAESNI, so it must not run in parallel.
func TestNewWithoutAESNI(t *testing.T) {
	saved := useAESNI
	t.Cleanup(func() { useAESNI = saved })
	useAESNI = false
	c := newVectorCipher(t)
	assert.Nil(t, c.keys)
	assert.Equal(t, vecV2Hex, hex.EncodeToString(c.EncodeBody([]byte(vecPlain), 2)))
}

func FuzzCBC(f *testing.F) {
	f.Add(make([]byte, 48), uint8(0))
	f.Add(bytes.Repeat([]byte{0xa5}, 48+16*17), uint8(3))
	f.Add(bytes.Repeat([]byte{0x5a}, 48+16*300+7), uint8(8))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		requireAESNI(t)
		if len(data) < 48 {
			return
		}
		key, iv := [32]byte(data), [aes.BlockSize]byte(data[32:])
		data = data[48:]
		data = data[:len(data)/aes.BlockSize*aes.BlockSize]
		newCBCPair(t, &key, &iv).check(t, data, []int{int(chunk), int(chunk) + 1})
	})
}

func BenchmarkCBC(b *testing.B) {
	requireAESNI(b)
	p := randomCBCPair(b, rand.New(rand.NewPCG(7, 8)))
	for _, impl := range []struct {
		name     string
		enc, dec func() stdcipher.BlockMode
	}{{"aesni", p.enc, p.dec}, {"std", p.stdEnc, p.stdDec}} {
		for _, dir := range []struct {
			name string
			mode func() stdcipher.BlockMode
		}{{"encrypt", impl.enc}, {"decrypt", impl.dec}} {
			for _, n := range benchSizes {
				buf := make([]byte, n)
				b.Run(fmt.Sprintf("%s/%s/%dB", dir.name, impl.name, n), func(b *testing.B) {
					b.SetBytes(int64(n))
					b.ReportAllocs()
					for b.Loop() {
						dir.mode().CryptBlocks(buf, buf)
					}
				})
			}
		}
	}
}
