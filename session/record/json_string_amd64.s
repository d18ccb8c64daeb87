//go:build amd64 && !purego

#include "textflag.h"

// func encodeASCII(dst, src []byte, words *[128]uint64) (consumed, written int)
//
// Sixteen bytes of src at a time are stored to dst as they are, and a mask marks the bytes a
// JSON string cannot hold as they are: '"', '\\', and (one signed compare, 0x20 > byte) control
// bytes together with bytes >= 0x80. Without one, both pointers advance by 16. Otherwise they
// advance to the first marked byte; a byte >= 0x80 ends the call, an ASCII one is written as
// its word from words (escape in the low bytes, length in the top byte) and skipped; CR LF is
// written as \r\n in one store. The last fewer than 16 bytes go through the same word store
// one at a time. The caller guarantees room for 6*len(src)+16 bytes in dst, so no store
// reaches past it.
TEXT ·encodeASCII(SB), NOSPLIT, $0-72
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX
	MOVQ words+48(FP), R10
	MOVQ DI, R8
	MOVQ SI, R9

	MOVQ $0x2222222222222222, AX
	MOVQ AX, X4
	PUNPCKLQDQ X4, X4
	MOVQ $0x5c5c5c5c5c5c5c5c, AX
	MOVQ AX, X5
	PUNPCKLQDQ X5, X5
	MOVQ $0x2020202020202020, AX
	MOVQ AX, X6
	PUNPCKLQDQ X6, X6

block:
	CMPQ CX, $16
	JB   tail
	MOVOU (SI), X0
	MOVOU X0, (DI)
	MOVO  X0, X1
	PCMPEQB X4, X1
	MOVO  X0, X2
	PCMPEQB X5, X2
	MOVO  X6, X3
	PCMPGTB X0, X3
	POR   X1, X2
	POR   X2, X3
	PMOVMSKB X3, AX
	TESTL AX, AX
	JNZ   special
	ADDQ  $16, SI
	ADDQ  $16, DI
	SUBQ  $16, CX
	JMP   block

special:
	BSFL AX, AX
	ADDQ AX, SI
	ADDQ AX, DI
	SUBQ AX, CX
	MOVBLZX (SI), BX
	CMPL BX, $0x80
	JAE  done
	CMPL BX, $0x0d
	JNE  escape
	CMPQ CX, $2
	JB   escape
	CMPB 1(SI), $0x0a
	JNE  escape
	MOVL $0x6e5c725c, (DI) // CR LF, the end of every line a TTY prints: \r\n in one store
	ADDQ $4, DI
	ADDQ $2, SI
	SUBQ $2, CX
	JMP  block

escape:
	MOVQ (R10)(BX*8), DX
	MOVQ DX, (DI)
	SHRQ $56, DX
	ADDQ DX, DI
	INCQ SI
	DECQ CX
	JMP  block

tail:
	TESTQ CX, CX
	JZ    done
	MOVBLZX (SI), BX
	CMPL BX, $0x80
	JAE  done
	MOVQ (R10)(BX*8), DX
	MOVQ DX, (DI)
	SHRQ $56, DX
	ADDQ DX, DI
	INCQ SI
	DECQ CX
	JMP  tail

done:
	SUBQ R9, SI
	SUBQ R8, DI
	MOVQ SI, consumed+56(FP)
	MOVQ DI, written+64(FP)
	RET
