import { errorClassOf, type FastErrorCode } from '../fast/errors.ts';
import type { CanonicalErrorBody } from '../fast/canonical.ts';

/**
 * FAST error codes as the 8-bit numbers the DMA engine writes in error and report slots
 * (spec/fpga/dma-record.md): S1..S5 = 1..5, D1..D12 = 17..28, R1..R9 = 33..41.
 */
export function codeNumber(code: FastErrorCode): number {
  const n = Number(code.slice(1));
  return code[0] === 'S' ? n : code[0] === 'D' ? 16 + n : 32 + n;
}

export function codeOf(n: number): FastErrorCode | undefined {
  const [letter, base, max] = n >= 33 ? ['R', 32, 9] : n >= 17 ? ['D', 16, 12] : ['S', 0, 5];
  const k = n - (base as number);
  return k >= 1 && k <= (max as number) ? (`${letter}${k}` as FastErrorCode) : undefined;
}

/** The slot word of an error / report: code number in bits 0..7, byte offset above (as u32 halves). */
export function errorWord(code: FastErrorCode, offset: number): [number, number] {
  const off = Math.max(0, offset);
  return [(codeNumber(code) | ((off & 0xffffff) << 8)) >>> 0, Math.floor(off / 0x1000000)];
}

export function errorBody(word: bigint): CanonicalErrorBody | undefined {
  const code = codeOf(Number(word & 0xffn));
  if (code === undefined) return undefined;
  const offset = Number(word >> 8n);
  return { code, class: errorClassOf(code), offset, message: `${code} at byte ${offset} (from the FPGA ring)` };
}
