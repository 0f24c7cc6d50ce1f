//go:build amd64 && !purego

package cipher

import (
	"crypto/aes"

	"golang.org/x/sys/cpu"
)

// useAESNI picks the assembly CBC when the CPU has the AES instructions.
var useAESNI = cpu.X86.HasAES

// encryptBlocksCBC encrypts n blocks of src into dst, chaining from *iv,
// and leaves the last ciphertext block in *iv. n > 0.
//
//go:noescape
func encryptBlocksCBC(rk *[roundKeysLen]byte, iv *[aes.BlockSize]byte, dst, src *byte, n int)

// decryptBlocksCBC decrypts n blocks of src into dst (which may be src
// itself), chaining from *iv, and leaves the last ciphertext block in *iv.
// n > 0.
//
//go:noescape
func decryptBlocksCBC(rk *[roundKeysLen]byte, iv *[aes.BlockSize]byte, dst, src *byte, n int)
