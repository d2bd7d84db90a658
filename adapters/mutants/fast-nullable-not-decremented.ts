import { fastMutant, integerValue, patchedDecoder } from './fast-mutant-support.ts';

/** Reads a nullable integer's raw value without the −1 of §10.6.1 (NULL, 0x80, is still recognised). */
export const fastNullableNotDecremented = fastMutant(
  'fast-nullable-not-decremented',
  'a non-negative nullable integer is not decremented: optional 5 (sent 0x86) decodes as 6',
  ['fast.decode.equivalence', 'fast.decode.malformed'],
  {
    makeDecoder: patchedDecoder('plain', (self, original, type, nullable) => {
      if (!nullable || !(type === 'int32' || type === 'uInt32' || type === 'int64' || type === 'uInt64')) return original(type, nullable);
      const r = self.r;
      const start = r.pos;
      const raw = type === 'int32' || type === 'int64' ? r.readIntBig() : r.readUIntBig();
      if (raw === 0n) return null;
      return integerValue(type, raw, start); // the bug: a positive raw value is the value + 1
    }),
  },
);
