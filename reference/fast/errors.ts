/**
 * FAST error codes (spec Appendix 4): static S1–S5 (templates), dynamic D1–D12 (streams),
 * reportable R1–R9 (overlong encodings, out-of-range values). Conformance compares the error
 * class, not the exact code: implementations disagree on codes for the same fault.
 */
export type FastErrorClass = 'static' | 'dynamic' | 'reportable';

export type StaticCode = 'S1' | 'S2' | 'S3' | 'S4' | 'S5';
export type DynamicCode = 'D1' | 'D2' | 'D3' | 'D4' | 'D5' | 'D6' | 'D7' | 'D8' | 'D9' | 'D10' | 'D11' | 'D12';
export type ReportableCode = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9';
export type FastErrorCode = StaticCode | DynamicCode | ReportableCode;

export function errorClassOf(code: FastErrorCode): FastErrorClass {
  return code[0] === 'S' ? 'static' : code[0] === 'D' ? 'dynamic' : 'reportable';
}

/** Where a static error was found: the template, the field and the XML line. */
export interface StaticErrorSite {
  readonly template?: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
}

export class FastError extends Error {
  override readonly name = 'FastError';
  readonly errorClass: FastErrorClass;
  constructor(
    readonly code: FastErrorCode,
    message: string,
    /** Byte offset in the stream for dynamic / reportable errors; -1 when not applicable. */
    readonly offset: number = -1,
    readonly site: StaticErrorSite = {},
  ) {
    // A FAST error describes the input, not the code path: no stack trace to capture (the
    // fuzzer and the catalogs build one for most damaged streams they decode).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.errorClass = errorClassOf(code);
  }

  /** The canonical error body (spec/fast/canonical.md). */
  toCanonical(): { code: FastErrorCode; class: FastErrorClass; offset: number; message: string } {
    return { code: this.code, class: this.errorClass, offset: this.offset, message: this.message };
  }
}
