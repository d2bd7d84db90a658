/**
 * FAST dictionaries (§6.3.1): the previous values that operators read and write. An entry is
 * undefined (never set since the last reset), empty (set to NULL) or assigned. Entries are
 * keyed by `DictionaryRef.id`, which the template parser resolves from the dictionary scope,
 * its qualifier and the key, so one flat map holds every dictionary of a codec.
 *
 * Shared by the decoder and the encoder. Values are typed so that an operator reading an entry
 * written by a field of another type can detect it (D4).
 */
import type { DictionaryRef } from './template-model.ts';

/** 32-bit integers and exponents are exact JS numbers; 64-bit integers are bigints. */
export type DictionaryValue =
  | { readonly type: 'int32' | 'uInt32'; readonly value: number }
  | { readonly type: 'int64' | 'uInt64'; readonly value: bigint }
  | { readonly type: 'decimal'; readonly exponent: number; readonly mantissa: bigint }
  | { readonly type: 'ascii'; readonly value: string }
  /** unicode holds the UTF-8 bytes: delta and tail work on bytes (§6.3.7.3, §6.3.8). */
  | { readonly type: 'unicode' | 'byteVector'; readonly value: Uint8Array };

export type DictionaryValueType = DictionaryValue['type'];

export type DictionaryEntry =
  | { readonly state: 'undefined' }
  | { readonly state: 'empty' }
  | { readonly state: 'assigned'; readonly value: DictionaryValue };

const UNDEFINED: DictionaryEntry = { state: 'undefined' };
const EMPTY: DictionaryEntry = { state: 'empty' };

export class Dictionary {
  private readonly entries = new Map<string, DictionaryEntry>();

  /** The entry's state; 'undefined' for an entry never set since the last reset. */
  get(ref: DictionaryRef): DictionaryEntry {
    return this.entries.get(ref.id) ?? UNDEFINED;
  }

  /** Assigns a value. */
  set(ref: DictionaryRef, value: DictionaryValue): void {
    this.entries.set(ref.id, { state: 'assigned', value });
  }

  /** Marks the entry empty (a NULL was received or sent under copy, increment or tail). */
  setEmpty(ref: DictionaryRef): void {
    this.entries.set(ref.id, EMPTY);
  }

  /** Every entry of every dictionary back to undefined (§6.3.1 reset). */
  reset(): void {
    this.entries.clear();
  }

  /** Number of entries that are not undefined (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }
}
