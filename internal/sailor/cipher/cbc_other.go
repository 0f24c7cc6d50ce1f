//go:build !amd64 || purego

package cipher

import "crypto/aes"

// useAESNI is false: without the assembly, newCBCKeys gives nil and the
// Cipher runs crypto/cipher's CBC over crypto/aes.
var useAESNI = false

func encryptBlocksCBC(*[roundKeysLen]byte, *[aes.BlockSize]byte, *byte, *byte, int) {
	panic("cipher: cbc: no AES-NI in this build")
}

func decryptBlocksCBC(*[roundKeysLen]byte, *[aes.BlockSize]byte, *byte, *byte, int) {
	panic("cipher: cbc: no AES-NI in this build")
}
