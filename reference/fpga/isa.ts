/**
 * The microcode ISA of the FPGA FAST engine (spec/fpga/microcode.md). A program is a list of
 * instructions in the paper's four columns — field (name + presence), field id, command, jump
 * target — plus three tables: dictionary slots, constants, and the jump table template id ->
 * routine.
 */

/** Value types a field instruction decodes. `exp`/`mant` are the halves of a decimal with
 * individual operators; `len` is a sequence length (uInt32). */
export type VType = 'i32' | 'u32' | 'i64' | 'u64' | 'dec' | 'exp' | 'mant' | 'ascii' | 'uni' | 'bytes' | 'len';

export const VTYPES: readonly VType[] = ['i32', 'u32', 'i64', 'u64', 'dec', 'exp', 'mant', 'ascii', 'uni', 'bytes', 'len'];

/** FAST operators as opcodes. */
export type FieldOp = 'none' | 'const' | 'default' | 'copy' | 'incr' | 'delta' | 'tail';

export const FIELD_OPS: readonly FieldOp[] = ['none', 'const', 'default', 'copy', 'incr', 'delta', 'tail'];

/** Control opcodes. */
export type ControlOp =
  | 'next' // at a message boundary: halt if the stream is exhausted; reset dictionaries if asked
  | 'pmap' // pop a presence map from the FIFO and push it
  | 'endpmap' // pop the presence map stack
  | 'tid' // template id: one pmap bit, copy operator, dictionary slot d
  | 'msg' // emit the message header and call the routine of the current template id
  | 'dyn' // emit a nested-template marker (field id) and call the routine of the current template id
  | 'ret' // return from a routine
  | 'enter' // a templateRef: nesting-depth check (static ones are expanded inline)
  | 'endref' // close the nested-template scope a `dyn` opened (writes the end-of-nested marker)
  | 'eom' // end of message: close the DMA record, then continue at the target
  | 'group' // a group: optional ones test a pmap bit and jump to the target when clear
  | 'seq' // sequence element head: jump to the target when no element remains
  | 'jmp'; // unconditional jump

export type Opcode = ControlOp | `${FieldOp}.${VType}`;

export const CONTROL_OPS: readonly ControlOp[] = ['next', 'pmap', 'endpmap', 'tid', 'msg', 'dyn', 'ret', 'enter', 'endref', 'eom', 'group', 'seq', 'jmp'];

export interface Instr {
  /** Column 1: the field this step handles (null for pure control). */
  readonly field: { readonly name: string; readonly optional: boolean } | null;
  /** Column 2: field id written to the DMA record (1..250), or null: dropped / nothing to write. */
  readonly fid: number | null;
  /** Column 3. */
  readonly op: Opcode;
  /** Dictionary slot operand (`d<n>`). */
  readonly slot?: number;
  /** Constant-pool operand (`k<n>`): the initial / constant value. */
  readonly k?: number;
  /** Nesting depth of the group / sequence / templateRef inside its routine (`^n`), for the
   * decoder's depth limit; the engine adds the depth the routine was called at. */
  readonly depth?: number;
  /** Sequence length: elements may be zero bytes wide (`z`), so the count is bounded per
   * message instead of by the bytes remaining. */
  readonly zeroWidth?: boolean;
  /** Column 4: instruction index to jump to, or null. */
  readonly target: number | null;
}

/** Typed constants (initial values, constants). Integers as bigint; strings as bytes. */
export type Const =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'dec'; readonly exponent: number; readonly mantissa: bigint }
  | { readonly kind: 'ascii' | 'uni' | 'bytes'; readonly value: Uint8Array };

/** A dictionary slot: one per distinct dictionary entry (scope, qualifier, key). */
export interface DictSlot {
  readonly scope: string;
  readonly qualifier: string;
  readonly key: string;
}

export interface Program {
  readonly instrs: readonly Instr[];
  readonly consts: readonly Const[];
  readonly slots: readonly DictSlot[];
  /** Template id -> routine entry (instruction index). */
  readonly jumpTable: ReadonlyMap<number, number>;
  /** Instruction index -> label (routine names and branch targets), for listings. */
  readonly labels: ReadonlyMap<number, string>;
}

/** Reserved field ids in DMA slots (spec/fpga/dma-record.md). Template nodes use 1..MAX_NODE_ID. */
export const FID = {
  empty: 0x00,
  report: 0xfb,
  error: 0xfc,
  header: 0xfd,
  endNested: 0xfe,
  continuation: 0xff,
} as const;
export const MAX_NODE_ID = 0xfa;

export function splitOpcode(op: Opcode): { op: FieldOp; type: VType } | null {
  const dot = op.indexOf('.');
  if (dot < 0) return null;
  return { op: op.slice(0, dot) as FieldOp, type: op.slice(dot + 1) as VType };
}

export function isOpcode(s: string): s is Opcode {
  if ((CONTROL_OPS as readonly string[]).includes(s)) return true;
  const dot = s.indexOf('.');
  return dot > 0 && (FIELD_OPS as readonly string[]).includes(s.slice(0, dot)) && (VTYPES as readonly string[]).includes(s.slice(dot + 1));
}
