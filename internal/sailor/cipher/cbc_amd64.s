//go:build amd64 && !purego

#include "textflag.h"

// CBC with AES-256 on AES-NI. Round key r is at 16*r(AX); the decryption
// schedule (cbcKeys.dec) is already reversed and InvMixColumns'd, because
// AESDEC is a round of the equivalent inverse cipher: it mixes the state
// before adding the round key, so the key must be mixed the same way.

// func encryptBlocksCBC(rk *[240]byte, iv *[16]byte, dst, src *byte, n int)
//
// Each block's input is the previous block's output, so encryption is one
// serial chain at the latency of 14 rounds; what the loop saves is the
// call and the key loads per block. Round keys 0..13 stay in X2..X15,
// X0 is the chain, X1 the plaintext block and then round key 14.
TEXT ·encryptBlocksCBC(SB), NOSPLIT, $0-40
	MOVQ rk+0(FP), AX
	MOVQ iv+8(FP), BX
	MOVQ dst+16(FP), DI
	MOVQ src+24(FP), SI
	MOVQ n+32(FP), CX
	MOVOU 0(AX), X2
	MOVOU 16(AX), X3
	MOVOU 32(AX), X4
	MOVOU 48(AX), X5
	MOVOU 64(AX), X6
	MOVOU 80(AX), X7
	MOVOU 96(AX), X8
	MOVOU 112(AX), X9
	MOVOU 128(AX), X10
	MOVOU 144(AX), X11
	MOVOU 160(AX), X12
	MOVOU 176(AX), X13
	MOVOU 192(AX), X14
	MOVOU 208(AX), X15
	MOVOU (BX), X0

enc_loop:
	// Plaintext xor round key 0 does not wait for the chain.
	MOVOU (SI), X1
	PXOR X2, X1
	PXOR X1, X0
	AESENC X3, X0
	AESENC X4, X0
	AESENC X5, X0
	AESENC X6, X0
	AESENC X7, X0
	AESENC X8, X0
	AESENC X9, X0
	AESENC X10, X0
	AESENC X11, X0
	AESENC X12, X0
	AESENC X13, X0
	AESENC X14, X0
	AESENC X15, X0
	MOVOU 224(AX), X1
	AESENCLAST X1, X0
	MOVOU X0, (DI)
	ADDQ $16, SI
	ADDQ $16, DI
	DECQ CX
	JNZ enc_loop

	MOVOU X0, (BX)
	RET

// One decryption round of the 8 blocks in X0..X7 with round key off(AX).
#define DEC8(off) \
	MOVOU off(AX), X8; \
	AESDEC X8, X0; \
	AESDEC X8, X1; \
	AESDEC X8, X2; \
	AESDEC X8, X3; \
	AESDEC X8, X4; \
	AESDEC X8, X5; \
	AESDEC X8, X6; \
	AESDEC X8, X7

// func decryptBlocksCBC(rk *[240]byte, iv *[16]byte, dst, src *byte, n int)
//
// P_i = D(C_i) xor C_(i-1) has no chain through D, so blocks are decrypted
// 8 at a time: an AESDEC's result is ready about 4 cycles after it starts
// and a core starts 1 (Skylake) or 2 (Zen 3, Ice Lake) per cycle, so it
// takes 4 to 8 independent blocks to keep the AES units busy, where one
// block would leave them idle most of the time. 8 blocks need X0..X7, so
// round keys are loaded as used (X8) and X9 carries C_(i-1). A remainder
// under 8 goes one block at a time.
//
// dst may be src: every ciphertext block a batch needs, including the
// next batch's chain, is read before the batch's first store.
TEXT ·decryptBlocksCBC(SB), NOSPLIT, $0-40
	MOVQ rk+0(FP), AX
	MOVQ iv+8(FP), BX
	MOVQ dst+16(FP), DI
	MOVQ src+24(FP), SI
	MOVQ n+32(FP), CX
	MOVOU (BX), X9
	CMPQ CX, $8
	JB dec_tail

dec_loop8:
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	MOVOU 64(SI), X4
	MOVOU 80(SI), X5
	MOVOU 96(SI), X6
	MOVOU 112(SI), X7
	MOVOU 0(AX), X8
	PXOR X8, X0
	PXOR X8, X1
	PXOR X8, X2
	PXOR X8, X3
	PXOR X8, X4
	PXOR X8, X5
	PXOR X8, X6
	PXOR X8, X7
	DEC8(16)
	DEC8(32)
	DEC8(48)
	DEC8(64)
	DEC8(80)
	DEC8(96)
	DEC8(112)
	DEC8(128)
	DEC8(144)
	DEC8(160)
	DEC8(176)
	DEC8(192)
	DEC8(208)
	MOVOU 224(AX), X8
	AESDECLAST X8, X0
	AESDECLAST X8, X1
	AESDECLAST X8, X2
	AESDECLAST X8, X3
	AESDECLAST X8, X4
	AESDECLAST X8, X5
	AESDECLAST X8, X6
	AESDECLAST X8, X7
	PXOR X9, X0
	MOVOU 0(SI), X8
	PXOR X8, X1
	MOVOU 16(SI), X8
	PXOR X8, X2
	MOVOU 32(SI), X8
	PXOR X8, X3
	MOVOU 48(SI), X8
	PXOR X8, X4
	MOVOU 64(SI), X8
	PXOR X8, X5
	MOVOU 80(SI), X8
	PXOR X8, X6
	MOVOU 96(SI), X8
	PXOR X8, X7
	MOVOU 112(SI), X9
	MOVOU X0, 0(DI)
	MOVOU X1, 16(DI)
	MOVOU X2, 32(DI)
	MOVOU X3, 48(DI)
	MOVOU X4, 64(DI)
	MOVOU X5, 80(DI)
	MOVOU X6, 96(DI)
	MOVOU X7, 112(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $8, CX
	CMPQ CX, $8
	JAE dec_loop8

dec_tail:
	TESTQ CX, CX
	JZ dec_done

dec_loop1:
	MOVOU (SI), X0
	MOVOU X0, X10 // the next block's C_(i-1), kept before dst overwrites it
	MOVOU 0(AX), X8
	PXOR X8, X0
	MOVOU 16(AX), X8
	AESDEC X8, X0
	MOVOU 32(AX), X8
	AESDEC X8, X0
	MOVOU 48(AX), X8
	AESDEC X8, X0
	MOVOU 64(AX), X8
	AESDEC X8, X0
	MOVOU 80(AX), X8
	AESDEC X8, X0
	MOVOU 96(AX), X8
	AESDEC X8, X0
	MOVOU 112(AX), X8
	AESDEC X8, X0
	MOVOU 128(AX), X8
	AESDEC X8, X0
	MOVOU 144(AX), X8
	AESDEC X8, X0
	MOVOU 160(AX), X8
	AESDEC X8, X0
	MOVOU 176(AX), X8
	AESDEC X8, X0
	MOVOU 192(AX), X8
	AESDEC X8, X0
	MOVOU 208(AX), X8
	AESDEC X8, X0
	MOVOU 224(AX), X8
	AESDECLAST X8, X0
	PXOR X9, X0
	MOVOU X10, X9
	MOVOU X0, (DI)
	ADDQ $16, SI
	ADDQ $16, DI
	DECQ CX
	JNZ dec_loop1

dec_done:
	MOVOU X9, (BX)
	RET
