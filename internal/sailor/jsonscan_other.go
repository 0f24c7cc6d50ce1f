//go:build !amd64 || purego

package sailor

// Without the assembly kernel the SWAR loop of indexStringSpecial does all
// of the scanning.

// stringScanKernel is never true here; tests set it as on amd64.
var stringScanKernel = false

func indexStringSpecialBulk(data []byte) int { return 0 }
