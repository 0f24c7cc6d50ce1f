// Package cipher encrypts and decrypts elastic.io message bodies the way
// every sailor does (sailor-protocol.md §5.1): AES-256-CBC with PKCS#7
// padding, key = SHA-256 of the password, and one static IV (the 16 UTF-8
// bytes of ELASTICIO_MESSAGE_CRYPTO_IV). Protocol version 1 bodies carry
// the ciphertext as padded standard base64 text, version 2 bodies carry it
// raw.
//
// The static IV is a protocol constraint shared with the other sailors,
// not a choice: equal plaintexts give equal ciphertexts.
//
// On amd64 the CBC modes and base64 run in assembly (AES-NI, AVX2) when the
// CPU has those instructions: Go's own CBC has no amd64 assembly, and at
// 100 KB bodies crypto and base64 were half of a worker's CPU. Everywhere
// else, and with the purego build tag, crypto/cipher and encoding/base64 do
// the work; the tests hold both paths to them.
package cipher
