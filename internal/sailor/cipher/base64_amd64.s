//go:build amd64 && !purego

#include "textflag.h"

// AVX2 kernels for standard base64 (RFC 4648 alphabet), after Wojciech
// Muła and Daniel Lemire, "Faster Base64 Encoding and Decoding Using AVX2
// Instructions" (ACM TOMS 2018) and Muła's notes at 0x80.pl. They only do
// whole blocks of clean data; padding, tails and anything unusual are left
// to encoding/base64 by the Go callers in base64.go.
//
// Loads are unaligned (VMOVDQU, VINSERTI128 from memory) and never reach
// past len(src): the loop bounds leave the last bytes to Go. Stores stay
// inside what the block produces. Every path that touched a Y register
// ends with VZEROUPPER so that SSE code after us pays no transition
// penalty. Go's ABI0 has no callee-saved flags or vector registers, so
// nothing else needs restoring.

// encShuffle spreads each 3-byte group [b0 b1 b2] of a 16-byte lane into a
// 32-bit word as bytes [b1 b0 b2 b1] (Muła's "reshuffle" step): the low
// 16-bit half then holds b0:b1, where the first two sextets lie, and the
// high half b1:b2, where the last two lie, so one multiply per half can
// move each sextet into its own byte.
DATA encShuffle<>+0x00(SB)/8, $0x0405030401020001
DATA encShuffle<>+0x08(SB)/8, $0x0a0b090a07080607
DATA encShuffle<>+0x10(SB)/8, $0x0405030401020001
DATA encShuffle<>+0x18(SB)/8, $0x0a0b090a07080607
GLOBL encShuffle<>(SB), RODATA|NOPTR, $32

// The four constants of Muła's multiply-based shift: sextets 0 and 2 are
// shifted right by 10 and 6 with a high multiply (VPMULHUW), sextets 1 and
// 3 left by 4 and 8 with a low multiply (VPMULLW), since AVX2 has no
// per-16-bit-lane variable shift.
DATA encMaskHi<>+0x00(SB)/4, $0x0fc0fc00
GLOBL encMaskHi<>(SB), RODATA|NOPTR, $4
DATA encMulHi<>+0x00(SB)/4, $0x04000040
GLOBL encMulHi<>(SB), RODATA|NOPTR, $4
DATA encMaskLo<>+0x00(SB)/4, $0x003f03f0
GLOBL encMaskLo<>(SB), RODATA|NOPTR, $4
DATA encMulLo<>+0x00(SB)/4, $0x01000010
GLOBL encMulLo<>(SB), RODATA|NOPTR, $4

// encOffsets is the per-range offset added to a sextet to get its ASCII
// letter, indexed by the range code of encodeAVX2's translation step:
// 0 for 26..51 ('a'-26), 1..10 for 52..61 ('0'-52), 11 for 62 ('+'-62),
// 12 for 63 ('/'-63), 13 for 0..25 ('A').
DATA encOffsets<>+0x00(SB)/8, $0xfcfcfcfcfcfcfc47
DATA encOffsets<>+0x08(SB)/8, $0x000041f0edfcfcfc
DATA encOffsets<>+0x10(SB)/8, $0xfcfcfcfcfcfcfc47
DATA encOffsets<>+0x18(SB)/8, $0x000041f0edfcfcfc
GLOBL encOffsets<>(SB), RODATA|NOPTR, $32

// Range bounds of the translation step: sextets above 51 are the digits
// and '+' '/', those below 26 the upper case letters (code 13).
DATA encSat<>+0x00(SB)/1, $51
GLOBL encSat<>(SB), RODATA|NOPTR, $1
DATA encUpper<>+0x00(SB)/1, $26
GLOBL encUpper<>(SB), RODATA|NOPTR, $1
DATA encUpperCode<>+0x00(SB)/1, $13
GLOBL encUpperCode<>(SB), RODATA|NOPTR, $1

// func encodeAVX2(dst, src []byte) int
//
// Encodes whole 24-byte blocks of src into 32 characters each while a
// block and 4 more bytes remain (the second lane's 16-byte load reaches 4
// bytes past its 12), and returns how many bytes of src it used, a
// multiple of 24. dst must hold 4/3 of that.
TEXT ·encodeAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	XORQ AX, AX
	CMPQ CX, $28
	JB   encDone
	SUBQ $28, CX // last block start allowed

	VMOVDQU      encShuffle<>(SB), Y8
	VPBROADCASTD encMaskHi<>(SB), Y9
	VPBROADCASTD encMulHi<>(SB), Y10
	VPBROADCASTD encMaskLo<>(SB), Y11
	VPBROADCASTD encMulLo<>(SB), Y12
	VMOVDQU      encOffsets<>(SB), Y13
	VPBROADCASTB encSat<>(SB), Y14
	VPBROADCASTB encUpper<>(SB), Y15
	VPBROADCASTB encUpperCode<>(SB), Y7

encLoop:
	// Bytes 0..11 of the block into the low lane and 12..23 into the high
	// one, each at the lane's start, so that one in-lane VPSHUFB serves
	// both (VPSHUFB cannot cross lanes).
	VMOVDQU     (SI)(AX*1), X0
	VINSERTI128 $1, 12(SI)(AX*1), Y0, Y0
	VPSHUFB     Y8, Y0, Y0

	// Muła's multishift: each byte of Y0 becomes one sextet, in output
	// order.
	VPAND    Y9, Y0, Y1
	VPMULHUW Y10, Y1, Y1
	VPAND    Y11, Y0, Y2
	VPMULLW  Y12, Y2, Y2
	VPOR     Y1, Y2, Y0

	// Muła's range-based translation: saturating subtract maps 52..63 to
	// 1..12 and the rest to 0; a signed compare marks 0..25, which get
	// code 13. The code picks the offset with a 16-entry VPSHUFB lookup.
	VPSUBUSB Y14, Y0, Y1
	VPCMPGTB Y0, Y15, Y2
	VPAND    Y7, Y2, Y2
	VPOR     Y2, Y1, Y1
	VPSHUFB  Y1, Y13, Y1
	VPADDB   Y1, Y0, Y0

	VMOVDQU Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $24, AX
	CMPQ    AX, CX
	JBE     encLoop

	VZEROUPPER

encDone:
	MOVQ AX, ret+48(FP)
	RET

// Decoding LUTs of Lemire and Muła's nibble-based validation. Each byte is
// looked up twice, by its high and by its low nibble; the high nibble
// gives a class bit (0x10 for nibbles whose whole row is invalid: 0, 1,
// 8..f; 0x01 for 2, 0x02 for 3, 0x04 for 4 and 6, 0x08 for 5 and 7) and
// the low nibble the set of classes in which it is invalid. A byte is in
// the alphabet iff the two lookups share no bit.
DATA decLUTLo<>+0x00(SB)/8, $0x1111111111111115
DATA decLUTLo<>+0x08(SB)/8, $0x1a1b1b1b1a131111
DATA decLUTLo<>+0x10(SB)/8, $0x1111111111111115
DATA decLUTLo<>+0x18(SB)/8, $0x1a1b1b1b1a131111
GLOBL decLUTLo<>(SB), RODATA|NOPTR, $32

DATA decLUTHi<>+0x00(SB)/8, $0x0804080402011010
DATA decLUTHi<>+0x08(SB)/8, $0x1010101010101010
DATA decLUTHi<>+0x10(SB)/8, $0x0804080402011010
DATA decLUTHi<>+0x18(SB)/8, $0x1010101010101010
GLOBL decLUTHi<>(SB), RODATA|NOPTR, $32

// decRoll is what to add to a valid character to get its sextet, indexed
// by its high nibble, except that '/' (high nibble 2, like '+') is moved to
// index 1: 1 '/' +16, 2 '+' +19, 3 digits +4, 4-5 upper case -65, 6-7 lower
// case -71.
DATA decRoll<>+0x00(SB)/8, $0xb9b9bfbf04131000
DATA decRoll<>+0x08(SB)/8, $0x0000000000000000
DATA decRoll<>+0x10(SB)/8, $0xb9b9bfbf04131000
DATA decRoll<>+0x18(SB)/8, $0x0000000000000000
GLOBL decRoll<>(SB), RODATA|NOPTR, $32

// decPack gathers the three significant bytes of each 32-bit word, most
// significant first, into the first 12 bytes of a lane; 0x80 zeroes.
DATA decPack<>+0x00(SB)/8, $0x090a040506000102
DATA decPack<>+0x08(SB)/8, $0x808080800c0d0e08
DATA decPack<>+0x10(SB)/8, $0x090a040506000102
DATA decPack<>+0x18(SB)/8, $0x808080800c0d0e08
GLOBL decPack<>(SB), RODATA|NOPTR, $32

// decLanes is the VPERMD index that closes the gap between the two lanes'
// 12 bytes.
DATA decLanes<>+0x00(SB)/4, $0
DATA decLanes<>+0x04(SB)/4, $1
DATA decLanes<>+0x08(SB)/4, $2
DATA decLanes<>+0x0c(SB)/4, $4
DATA decLanes<>+0x10(SB)/4, $5
DATA decLanes<>+0x14(SB)/4, $6
DATA decLanes<>+0x18(SB)/4, $7
DATA decLanes<>+0x1c(SB)/4, $7
GLOBL decLanes<>(SB), RODATA|NOPTR, $32

// Multipliers that merge sextets pairwise into 12-bit words (VPMADDUBSW:
// a<<6 + b) and words pairwise into 24-bit dwords (VPMADDWD: ab<<12 + cd).
DATA decMergeBytes<>+0x00(SB)/4, $0x01400140
GLOBL decMergeBytes<>(SB), RODATA|NOPTR, $4
DATA decMergeWords<>+0x00(SB)/4, $0x00011000
GLOBL decMergeWords<>(SB), RODATA|NOPTR, $4

DATA decNibble<>+0x00(SB)/1, $0x0f
GLOBL decNibble<>(SB), RODATA|NOPTR, $1
DATA decSlash<>+0x00(SB)/1, $'/'
GLOBL decSlash<>(SB), RODATA|NOPTR, $1

// func decodeAVX2(dst, src []byte) int
//
// Decodes whole 32-character blocks of src into 24 bytes each, and returns
// how many characters it used, a multiple of 32: it stops before the
// first block holding anything outside the alphabet ('=', line breaks,
// garbage), writing nothing for that block. dst must hold 3/4 of len(src)
// rounded down to whole blocks.
TEXT ·decodeAVX2(SB), NOSPLIT, $0-56
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	XORQ AX, AX
	CMPQ CX, $32
	JB   decDone
	SUBQ $32, CX // last block start allowed

	VMOVDQU      decLUTLo<>(SB), Y8
	VMOVDQU      decLUTHi<>(SB), Y9
	VMOVDQU      decRoll<>(SB), Y10
	VMOVDQU      decPack<>(SB), Y11
	VMOVDQU      decLanes<>(SB), Y12
	VPBROADCASTD decMergeBytes<>(SB), Y13
	VPBROADCASTD decMergeWords<>(SB), Y14
	VPBROADCASTB decNibble<>(SB), Y15
	VPBROADCASTB decSlash<>(SB), Y7

decLoop:
	VMOVDQU (SI)(AX*1), Y0

	// Validation: split into nibbles (the 32-bit shift drags bits across
	// bytes, the mask drops them), look both up, and bail out if any byte
	// has a common bit.
	VPSRLD  $4, Y0, Y1
	VPAND   Y15, Y1, Y1
	VPAND   Y15, Y0, Y2
	VPSHUFB Y2, Y8, Y2
	VPSHUFB Y1, Y9, Y3
	VPTEST  Y2, Y3
	JNZ     decBad

	// Translation: the high nibble, less one for '/', selects the
	// offset that maps the character to its sextet.
	VPCMPEQB Y7, Y0, Y2
	VPADDB   Y2, Y1, Y1
	VPSHUFB  Y1, Y10, Y1
	VPADDB   Y1, Y0, Y0

	// Packing: four sextets to three bytes with two multiply-adds, then
	// the byte order fixed and the lanes joined with shuffles.
	VPMADDUBSW Y13, Y0, Y0
	VPMADDWD   Y14, Y0, Y0
	VPSHUFB    Y11, Y0, Y0
	VPERMD     Y0, Y12, Y0

	// 24 bytes exactly, so no store goes past the block's output.
	VMOVDQU      X0, (DI)
	VEXTRACTI128 $1, Y0, X1
	MOVQ         X1, 16(DI)
	ADDQ         $24, DI
	ADDQ         $32, AX
	CMPQ         AX, CX
	JBE          decLoop

decBad:
	VZEROUPPER

decDone:
	MOVQ AX, ret+48(FP)
	RET
