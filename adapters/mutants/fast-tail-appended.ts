import type { DictionaryValue } from '../../reference/fast/dictionary.ts';
import { concatBytes, fastMutant, patchedDecoder, typeDefault } from './fast-mutant-support.ts';

/** A tail longer than its base is appended to the base instead of replacing it (§6.3.8). */
export const fastTailAppended = fastMutant(
  'fast-tail-appended',
  'a tail value longer than the base is appended to the base instead of replacing the whole value',
  ['fast.decode.equivalence'],
  {
    makeDecoder: patchedDecoder('tail', (self, _original, type, op, optional, start) => {
      const ref = op.dictionary!;
      const t = self.plain(type, optional);
      if (t === null) {
        self.dict.setEmpty(ref);
        return null;
      }
      const e = self.dict.get(ref);
      let base: DictionaryValue;
      if (e.state === 'assigned') base = self.checkType(e.value, type, ref, start);
      else if (e.state === 'undefined' && op.initial !== undefined) base = self.initial(op, type, start, 'S4');
      else base = typeDefault(type);
      let v: DictionaryValue;
      if (t.type === 'ascii') {
        const b = (base as { value: string }).value;
        // the bug: a longer tail should replace b entirely
        v = { type: 'ascii', value: t.value.length >= b.length ? b + t.value : b.slice(0, b.length - t.value.length) + t.value };
      } else {
        const b = (base as { value: unknown }).value as Uint8Array;
        const tv = (t as { value: unknown }).value as Uint8Array;
        v = { type: t.type as 'unicode' | 'byteVector', value: tv.length >= b.length ? concatBytes(b, tv) : concatBytes(b.subarray(0, b.length - tv.length), tv) };
      }
      self.dict.set(ref, v);
      return v;
    }),
  },
);
