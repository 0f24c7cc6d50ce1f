// Package cipher encrypts and decrypts elastic.io message bodies the way
// every sailor does (sailor-protocol.md §5.1): AES-256-CBC with PKCS#7
// padding, key = SHA-256 of the password, and one static IV (the 16 UTF-8
// bytes of ELASTICIO_MESSAGE_CRYPTO_IV). Protocol version 1 bodies carry
// the ciphertext as padded standard base64 text, version 2 bodies carry it
// raw.
//
// The static IV is a protocol constraint shared with the other sailors,
// not a choice: equal plaintexts give equal ciphertexts.
package cipher
