import { payloadOf, valueOf, type Payload } from '../../reference/fast/dictionary.ts';
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
      let base: Payload;
      if (e.state === 'assigned') {
        self.checkType(e.value.type, type, ref, start);
        base = payloadOf(e.value);
      } else if (e.state === 'undefined' && op.initial !== undefined) base = self.initial(op, type, start, 'S4');
      else base = typeDefault(type);
      let v: Payload;
      if (type === 'ascii') {
        const b = base as string;
        const tv = t as string;
        // the bug: a longer tail should replace b entirely
        v = tv.length >= b.length ? b + tv : b.slice(0, b.length - tv.length) + tv;
      } else {
        const b = base as Uint8Array;
        const tv = t as Uint8Array;
        v = tv.length >= b.length ? concatBytes(b, tv) : concatBytes(b.subarray(0, b.length - tv.length), tv);
      }
      self.dict.set(ref, valueOf(type, v));
      return v;
    }),
  },
);
