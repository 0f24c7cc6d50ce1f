package cipher

import (
	"crypto/aes"
	"math/bits"
	"unsafe"
)

// aes256Rounds is Nr of FIPS-197 for a 32-byte key; there is one more
// round key than rounds.
const aes256Rounds = 14

// roundKeysLen is the size of one expanded AES-256 schedule, round key r
// at offset 16*r, as the assembly reads it.
const roundKeysLen = (aes256Rounds + 1) * aes.BlockSize

// cbcKeys is an AES-256 key expanded once for the AES-NI CBC loops.
// dec is the schedule of the equivalent inverse cipher (FIPS-197 5.3.5),
// the one AESDEC implements: enc's round keys in reverse order, the middle
// ones passed through InvMixColumns because AESDEC mixes the state before
// adding the key.
type cbcKeys struct {
	enc [roundKeysLen]byte
	dec [roundKeysLen]byte
}

// newCBCKeys expands key for the assembly, or returns nil when this CPU
// or build has none, for the caller to fall back to crypto/cipher.
func newCBCKeys(key *[32]byte) *cbcKeys {
	if !useAESNI {
		return nil
	}
	k := &cbcKeys{enc: expandKey256(key)}
	last := aes256Rounds * aes.BlockSize
	copy(k.dec[:aes.BlockSize], k.enc[last:])
	copy(k.dec[last:], k.enc[:aes.BlockSize])
	for r := 1; r < aes256Rounds; r++ {
		rk := [aes.BlockSize]byte(k.enc[(aes256Rounds-r)*aes.BlockSize:])
		invMixColumns(&rk)
		copy(k.dec[r*aes.BlockSize:], rk[:])
	}
	return k
}

// expandKey256 is the KeyExpansion of FIPS-197 5.2 for Nk = 8, working on
// the schedule as bytes: word i is w[4i:4i+4].
func expandKey256(key *[32]byte) (w [roundKeysLen]byte) {
	copy(w[:], key[:])
	rcon := byte(1)
	for i := len(key); i < len(w); i += 4 {
		t := [4]byte(w[i-4 : i])
		switch i % len(key) {
		case 0: // SubWord(RotWord(t)) xor Rcon
			t = [4]byte{sbox(t[1]) ^ rcon, sbox(t[2]), sbox(t[3]), sbox(t[0])}
			rcon = gmul(rcon, 2)
		case 16: // the extra SubWord that only 256-bit keys have
			t = [4]byte{sbox(t[0]), sbox(t[1]), sbox(t[2]), sbox(t[3])}
		}
		for j := range t {
			w[i+j] = w[i-len(key)+j] ^ t[j]
		}
	}
	return w
}

// invMixColumns applies InvMixColumns (FIPS-197 5.3.3) to each of the four
// columns of b.
func invMixColumns(b *[aes.BlockSize]byte) {
	for c := 0; c < aes.BlockSize; c += 4 {
		a0, a1, a2, a3 := b[c], b[c+1], b[c+2], b[c+3]
		b[c] = gmul(a0, 14) ^ gmul(a1, 11) ^ gmul(a2, 13) ^ gmul(a3, 9)
		b[c+1] = gmul(a0, 9) ^ gmul(a1, 14) ^ gmul(a2, 11) ^ gmul(a3, 13)
		b[c+2] = gmul(a0, 13) ^ gmul(a1, 9) ^ gmul(a2, 14) ^ gmul(a3, 11)
		b[c+3] = gmul(a0, 11) ^ gmul(a1, 13) ^ gmul(a2, 9) ^ gmul(a3, 14)
	}
}

// sbox computes the AES S-box (FIPS-197 5.1.1) rather than tabulating it:
// the key expansion, once per Cipher, is its only user.
func sbox(x byte) byte {
	// The multiplicative inverse is x^254 (0 for 0), by square and multiply.
	inv, sq := byte(1), x
	for e := 254; e > 0; e >>= 1 {
		if e&1 != 0 {
			inv = gmul(inv, sq)
		}
		sq = gmul(sq, sq)
	}
	return inv ^ bits.RotateLeft8(inv, 1) ^ bits.RotateLeft8(inv, 2) ^
		bits.RotateLeft8(inv, 3) ^ bits.RotateLeft8(inv, 4) ^ 0x63
}

// gmul multiplies in GF(2^8) modulo the AES polynomial x^8+x^4+x^3+x+1.
func gmul(a, b byte) byte {
	var p byte
	for ; b != 0; b >>= 1 {
		if b&1 != 0 {
			p ^= a
		}
		carry := a & 0x80
		a <<= 1
		if carry != 0 {
			a ^= 0x1b
		}
	}
	return p
}

// cbcMode is CBC encryption or decryption with AES-NI; like crypto/cipher's
// modes it carries the chain across calls, so a message may be processed
// in chunks.
type cbcMode struct {
	roundKeys *[roundKeysLen]byte
	iv        [aes.BlockSize]byte // the last ciphertext block so far
	blocks    func(rk *[roundKeysLen]byte, iv *[aes.BlockSize]byte, dst, src *byte, n int)
}

func newCBCEncrypter(keys *cbcKeys, iv *[aes.BlockSize]byte) *cbcMode {
	return &cbcMode{roundKeys: &keys.enc, iv: *iv, blocks: encryptBlocksCBC}
}

func newCBCDecrypter(keys *cbcKeys, iv *[aes.BlockSize]byte) *cbcMode {
	return &cbcMode{roundKeys: &keys.dec, iv: *iv, blocks: decryptBlocksCBC}
}

func (x *cbcMode) BlockSize() int { return aes.BlockSize }

func (x *cbcMode) CryptBlocks(dst, src []byte) {
	checkCryptBlocks(dst, src)
	if len(src) == 0 {
		return
	}
	x.blocks(x.roundKeys, &x.iv, &dst[0], &src[0], len(src)/aes.BlockSize)
}

// checkCryptBlocks refuses what crypto/cipher's CBC modes refuse; the
// assembly trusts its lengths and, decrypting, reads each ciphertext block
// before the plaintext block at the same place is written, which is right
// only for dst and src the same or apart.
func checkCryptBlocks(dst, src []byte) {
	if len(src)%aes.BlockSize != 0 {
		panic("cipher: cbc: input not full blocks")
	}
	if len(dst) < len(src) {
		panic("cipher: cbc: output smaller than input")
	}
	if inexactOverlap(dst[:len(src)], src) {
		panic("cipher: cbc: invalid buffer overlap")
	}
}

// inexactOverlap reports whether x and y share memory other than at the
// same offsets.
func inexactOverlap(x, y []byte) bool {
	if len(x) == 0 || len(y) == 0 || &x[0] == &y[0] {
		return false
	}
	x0, x1 := uintptr(unsafe.Pointer(&x[0])), uintptr(unsafe.Pointer(&x[len(x)-1]))
	y0, y1 := uintptr(unsafe.Pointer(&y[0])), uintptr(unsafe.Pointer(&y[len(y)-1]))
	return x0 <= y1 && y0 <= x1
}
