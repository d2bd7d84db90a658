import { valueOf, type Payload } from '../../reference/fast/dictionary.ts';
import { FastError } from '../../reference/fast/errors.ts';
import { concatBytes, fastMutant, patchedDecoder } from './fast-mutant-support.ts';

/**
 * A negative subtraction length removes |length| characters from the front, forgetting the
 * excess-1 rule of §6.3.7.3 (−1 means "remove none, prepend").
 */
export const fastStringDeltaFrontOffByOne = fastMutant(
  'fast-string-delta-front-off-by-one',
  'string delta with a negative subtraction length removes one character too many from the front (no excess-1)',
  ['fast.decode.equivalence'],
  {
    makeDecoder: patchedDecoder('delta', (self, original, type, op, optional, start) => {
      if (type !== 'ascii' && type !== 'unicode' && type !== 'byteVector') return original(type, op, optional, start);
      const r = self.r;
      const lenStart = r.pos;
      const sub = optional ? r.readIntNullable() : r.readInt();
      if (sub === null) return null;
      if (sub < -(2 ** 31) || sub > 2 ** 31 - 1) throw new FastError('D7', `subtraction length ${String(sub)} does not fit an int32`, lenStart);
      const part = type === 'ascii' ? r.readAscii(false)! : r.readByteVector(false)!;
      const base = self.deltaBase(type, op, start) as string | Uint8Array;
      const baseLen = base.length;
      const front = sub < 0;
      const remove = front ? -sub : sub; // the bug: should be -sub - 1
      if (remove > baseLen) throw new FastError('D7', `subtraction length ${remove} exceeds the base length ${baseLen}`, lenStart);
      let v: Payload;
      if (type === 'ascii') {
        const b = base as string;
        v = front ? (part as string) + b.slice(remove) : b.slice(0, baseLen - remove) + (part as string);
      } else {
        const b = base as Uint8Array;
        const p = part as Uint8Array;
        v = front ? concatBytes(p, b.subarray(remove)) : concatBytes(b.subarray(0, baseLen - remove), p);
      }
      self.dict.set(op.dictionary!, valueOf(type, v));
      return v;
    }),
  },
);
