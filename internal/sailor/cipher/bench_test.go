package cipher

import (
	"bytes"
	"fmt"
	"testing"
)

var benchSizes = []int{64, 10 << 10, 100 << 10}

func benchPlain(n int) []byte {
	return bytes.Repeat([]byte(`{"k":"v"}`), n/9+1)[:n]
}

func BenchmarkEncodeBody(b *testing.B) {
	c := newVectorCipher(b)
	for _, v := range []int{1, 2} {
		for _, n := range benchSizes {
			plain := benchPlain(n)
			b.Run(fmt.Sprintf("v%d/%dB", v, n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(n))
				for b.Loop() {
					c.EncodeBody(plain, v)
				}
			})
		}
	}
}

func BenchmarkDecodeBody(b *testing.B) {
	c := newVectorCipher(b)
	for _, v := range []int{1, 2} {
		for _, n := range benchSizes {
			body := c.EncodeBody(benchPlain(n), v)
			b.Run(fmt.Sprintf("v%d/%dB", v, n), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(n))
				for b.Loop() {
					if _, err := c.DecodeBody(body, v); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
