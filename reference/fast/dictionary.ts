/**
 * FAST dictionaries (§6.3.1): the previous values that operators read and write. An entry is
 * undefined (never set since the last reset), empty (set to NULL) or assigned. Entries are
 * keyed by `DictionaryRef.id`, which the template parser resolves from the dictionary scope,
 * its qualifier and the key, so one flat table holds every dictionary of a codec.
 *
 * Two ways in, one storage: `get` / `set` / `setEmpty` by reference, and a slot fast path for
 * the decoder, which resolves each reference to a slot once per template (`slot`) and then
 * reads and writes by index (`typeAt` / `payloadAt` / `assignAt` / `emptyAt`) without a hash
 * lookup or an object per access.
 *
 * Values are typed so that an operator reading an entry written by a field of another type can
 * detect it (D4).
 */
import type { DictionaryRef } from './template-model.ts';

/**
 * A 64-bit integer value, exact: a number while it is a safe integer (|v| < 2^53, the common
 * case, kept off bigint arithmetic), otherwise a bigint. Readers must accept either form for
 * any value (a bigint in the safe range is legal too, only slower).
 */
export type Int64Value = number | bigint;

/** 32-bit integers and exponents are exact JS numbers; 64-bit integers are `Int64Value`. */
export type DictionaryValue =
  | { readonly type: 'int32' | 'uInt32'; readonly value: number }
  | { readonly type: 'int64' | 'uInt64'; readonly value: Int64Value }
  | { readonly type: 'decimal'; readonly exponent: number; readonly mantissa: Int64Value }
  | { readonly type: 'ascii'; readonly value: string }
  /** unicode holds the UTF-8 bytes: delta and tail work on bytes (§6.3.7.3, §6.3.8). */
  | { readonly type: 'unicode' | 'byteVector'; readonly value: Uint8Array };

export type DictionaryValueType = DictionaryValue['type'];

export type DictionaryEntry =
  | { readonly state: 'undefined' }
  | { readonly state: 'empty' }
  | { readonly state: 'assigned'; readonly value: DictionaryValue };

/** A value without its type: an integer, a decimal (see `DecimalPayload`), a string, bytes. */
export type Payload = Int64Value | DecimalPayload | string | Uint8Array;

/** The payload of a decimal value. */
export interface DecimalPayload {
  readonly exponent: number;
  readonly mantissa: Int64Value;
}

/** A slot's content: the value when assigned, null when empty, undefined when undefined. */
export type SlotContent = DictionaryValue | null | undefined;

const UNDEFINED: DictionaryEntry = { state: 'undefined' };
const EMPTY: DictionaryEntry = { state: 'empty' };

export class Dictionary {
  /** `DictionaryRef.id` -> slot. Kept across resets, so slots resolved once stay valid. */
  private readonly slots = new Map<string, number>();
  /**
   * A slot's content is stored unboxed, as its type and its payload, so that assigning an
   * integer allocates nothing: the type (null when empty, undefined when undefined), and the
   * payload (meaningful only when assigned; a stale one may stay behind an empty or reset
   * entry). Payloads start undefined, which keeps the array generic: V8 never switches it to
   * unboxed doubles, which it would box again on every read.
   */
  private readonly types: (DictionaryValueType | null | undefined)[] = [];
  private readonly payloads: (Payload | undefined)[] = [];

  /** The slot of an entry (allocated on first use; stable for the dictionary's lifetime). */
  slot(ref: DictionaryRef): number {
    let s = this.slots.get(ref.id);
    if (s === undefined) {
      s = this.types.length;
      this.slots.set(ref.id, s);
      this.types.push(undefined);
      this.payloads.push(undefined);
    }
    return s;
  }

  /** Fast path: the type of a slot's value, null when empty, undefined when undefined. */
  typeAt(slot: number): DictionaryValueType | null | undefined {
    return this.types[slot];
  }

  /** Fast path: the payload of an assigned slot (whose type `typeAt` gives). */
  payloadAt(slot: number): Payload {
    return this.payloads[slot]!;
  }

  /** Fast path: assigns a value, as its type and payload. */
  assignAt(slot: number, type: DictionaryValueType, payload: Payload): void {
    this.types[slot] = type;
    this.payloads[slot] = payload;
  }

  /** Fast path: marks a slot empty. */
  emptyAt(slot: number): void {
    this.types[slot] = null;
  }

  /** The content of a slot from `slot()`, as a value object (allocated; for tests and tools). */
  at(slot: number): SlotContent {
    const type = this.types[slot];
    return type == null ? type : valueOf(type, this.payloads[slot]!);
  }

  /** Assigns a value (or null: empty) to a slot from `slot()`. */
  setAt(slot: number, value: DictionaryValue | null): void {
    if (value === null) this.emptyAt(slot);
    else this.assignAt(slot, value.type, payloadOf(value));
  }

  /** The entry's state; 'undefined' for an entry never set since the last reset. */
  get(ref: DictionaryRef): DictionaryEntry {
    const v = this.at(this.slot(ref));
    return v === undefined ? UNDEFINED : v === null ? EMPTY : { state: 'assigned', value: v };
  }

  /** Assigns a value. */
  set(ref: DictionaryRef, value: DictionaryValue): void {
    this.setAt(this.slot(ref), value);
  }

  /** Marks the entry empty (a NULL was received or sent under copy, increment or tail). */
  setEmpty(ref: DictionaryRef): void {
    this.emptyAt(this.slot(ref));
  }

  /** Every entry of every dictionary back to undefined (§6.3.1 reset). */
  reset(): void {
    this.types.fill(undefined);
  }

  /** Number of entries that are not undefined (for tests and diagnostics). */
  get size(): number {
    let n = 0;
    for (const t of this.types) if (t !== undefined) n++;
    return n;
  }
}

/** The payload of a value: what `Dictionary` stores beside its type. */
export function payloadOf(v: DictionaryValue): Payload {
  return v.type === 'decimal' ? { exponent: v.exponent, mantissa: v.mantissa } : v.value;
}

/** The value of a type and a payload (the payload must suit the type). */
export function valueOf(type: DictionaryValueType, payload: Payload): DictionaryValue {
  if (type === 'decimal') {
    const d = payload as DecimalPayload;
    return { type, exponent: d.exponent, mantissa: d.mantissa };
  }
  return { type, value: payload } as DictionaryValue;
}
