//go:build !amd64 || purego

package cipher

// Without the assembly kernels there is no bulk part: encodeBase64 and
// decodeBase64 hand everything to encoding/base64.

// base64Kernels is never true here; tests set it as on amd64.
var base64Kernels = false

func encodeBase64Bulk(dst, src []byte) int { return 0 }

func decodeBase64Bulk(dst, src []byte) int { return 0 }
