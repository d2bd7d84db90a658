/**
 * The encoder's copy of the decoder's dictionary state (§6.3): each entry is undefined (not in
 * the map), empty (`EMPTY`) or assigned (a typed value). The encoder must end every message in
 * exactly the state a decoder reaches after decoding its bytes, and must not change that state
 * when it rejects a message; so every change is journaled and can be rolled back to a mark.
 * (dictionary.ts, the decoder's, cannot return an entry to undefined, hence this class; the
 * states, value types and D4 rule are the same.)
 */

/**
 * An assigned value, tagged with the exact field type as in dictionary.ts (an entry read by a
 * field of another type is D4 there). Strings are kept as bytes (ascii codes, UTF-8 for
 * unicode): delta and tail work on bytes.
 */
export type DictionaryValue =
  | { readonly kind: 'int32' | 'uInt32' | 'int64' | 'uInt64'; readonly v: bigint }
  | { readonly kind: 'decimal'; readonly exponent: number; readonly mantissa: bigint }
  | { readonly kind: 'ascii' | 'unicode' | 'byteVector'; readonly bytes: Uint8Array };

/** The state "empty": the entry holds NULL. */
export const EMPTY: unique symbol = Symbol('empty');

export type DictionaryEntry = undefined | typeof EMPTY | DictionaryValue;

/** A journal entry: the id changed and its old entry, or (for a reset) the whole old map. */
type JournalKey = string | Map<string, DictionaryEntry>;

export class JournaledDictionary {
  private map = new Map<string, DictionaryEntry>();
  private readonly keys: JournalKey[] = [];
  private readonly olds: DictionaryEntry[] = [];

  get(id: string): DictionaryEntry {
    return this.map.get(id);
  }

  set(id: string, value: DictionaryValue | typeof EMPTY): void {
    this.keys.push(id);
    this.olds.push(this.map.get(id));
    this.map.set(id, value);
  }

  /** Every entry back to undefined (§6.3 reset). */
  reset(): void {
    this.keys.push(this.map);
    this.olds.push(undefined);
    this.map = new Map();
  }

  /** A point to roll back to. */
  mark(): number {
    return this.keys.length;
  }

  /** Undo every change made since `mark`. */
  rollback(mark: number): void {
    while (this.keys.length > mark) {
      const key = this.keys.pop()!;
      const old = this.olds.pop();
      if (typeof key !== 'string') this.map = key;
      else if (old === undefined) this.map.delete(key);
      else this.map.set(key, old);
    }
  }

  /** Keep every change made so far (forget the journal). */
  commit(): void {
    this.keys.length = 0;
    this.olds.length = 0;
  }

  /** Number of entries that are not undefined (for tests). */
  get size(): number {
    return this.map.size;
  }
}
