/**
 * The encoder's copy of the decoder's dictionary state (§6.3): each entry is undefined (not in
 * the map), empty (`EMPTY`) or assigned (a typed value). The encoder must end every message in
 * exactly the state a decoder reaches after decoding its bytes, and must not change that state
 * when it rejects a message; so every change is journaled and can be rolled back to a mark.
 */

/** An assigned value. Strings are kept as bytes (ascii codes, UTF-8 for unicode): delta and tail work on bytes. */
export type DictionaryValue =
  | { readonly kind: 'int'; readonly v: bigint }
  | { readonly kind: 'decimal'; readonly exponent: number; readonly mantissa: bigint }
  | { readonly kind: 'ascii' | 'unicode' | 'byteVector'; readonly bytes: Uint8Array };

/** The state "empty": the entry holds NULL. */
export const EMPTY: unique symbol = Symbol('empty');

export type DictionaryEntry = undefined | typeof EMPTY | DictionaryValue;

type JournalRecord = { readonly id: string; readonly old: DictionaryEntry } | { readonly map: Map<string, DictionaryEntry> };

export class JournaledDictionary {
  private map = new Map<string, DictionaryEntry>();
  private readonly journal: JournalRecord[] = [];

  get(id: string): DictionaryEntry {
    return this.map.get(id);
  }

  set(id: string, value: DictionaryValue | typeof EMPTY): void {
    this.journal.push({ id, old: this.map.get(id) });
    this.map.set(id, value);
  }

  /** Every entry back to undefined (§6.3 reset). */
  reset(): void {
    this.journal.push({ map: this.map });
    this.map = new Map();
  }

  /** A point to roll back to. */
  mark(): number {
    return this.journal.length;
  }

  /** Undo every change made since `mark`. */
  rollback(mark: number): void {
    while (this.journal.length > mark) {
      const r = this.journal.pop()!;
      if ('map' in r) this.map = r.map;
      else if (r.old === undefined) this.map.delete(r.id);
      else this.map.set(r.id, r.old);
    }
  }

  /** Keep every change made so far (forget the journal). */
  commit(): void {
    this.journal.length = 0;
  }

  /** Number of entries that are not undefined (for tests). */
  get size(): number {
    return this.map.size;
  }
}
