/**
 * The engine's dictionary: one register per slot of the program (spec/fpga/microcode.md), each
 * undefined, empty or assigned, with the type tag of the value (an entry shared by fields of
 * different types is D4, as in the reference decoder).
 */
export const UNDEF = 0;
export const EMPTY = 1;
export const ASSIGNED = 2;
/** Assigned, the value held in `num` (the JIT's exact-number form); engine code treats it as ASSIGNED. */
export const ASSIGNED_NUM = 3;

/** Dictionary type tags (the FAST types a value can have; exp is int32, mant int64, len uInt32). */
export type Tag = 'i32' | 'u32' | 'i64' | 'u64' | 'dec' | 'ascii' | 'uni' | 'bytes';

export class DictionaryFile {
  readonly state: Uint8Array;
  readonly tag: (Tag | undefined)[];
  readonly value: unknown[];
  /** Numeric values (state ASSIGNED_NUM): no boxing of doubles on every store. */
  readonly num: Float64Array;

  constructor(readonly size: number) {
    this.state = new Uint8Array(size);
    this.num = new Float64Array(size);
    this.tag = new Array<Tag | undefined>(size);
    this.value = new Array<unknown>(size);
  }

  /** Every entry back to undefined; `keep` (mutants only) spares some slots. */
  reset(keep?: (slot: number) => boolean): void {
    for (let i = 0; i < this.size; i++) {
      if (keep?.(i)) continue;
      this.state[i] = UNDEF;
      this.value[i] = undefined;
      this.tag[i] = undefined;
    }
  }

  set(slot: number, tag: Tag, v: unknown): void {
    this.state[slot] = ASSIGNED;
    this.tag[slot] = tag;
    this.value[slot] = v;
  }

  setEmpty(slot: number): void {
    this.state[slot] = EMPTY;
    this.value[slot] = undefined;
  }
}
