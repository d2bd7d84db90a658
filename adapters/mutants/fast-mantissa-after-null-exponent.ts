import { FastError } from '../../reference/fast/errors.ts';
import { fastMutant, patchedDecoder } from './fast-mutant-support.ts';

/**
 * An optional decimal with individual operators: when the exponent is NULL the mantissa is not
 * in the stream (§6.2.5), but this decoder reads it (its bytes and its presence-map bit) anyway.
 */
export const fastMantissaAfterNullExponent = fastMutant(
  'fast-mantissa-after-null-exponent',
  'reads the mantissa of an optional individual-operator decimal even when its exponent is NULL',
  ['fast.decode.equivalence'],
  {
    makeDecoder: patchedDecoder('decimal', (self, original, f, pmap, start) => {
      const ops = f.operators;
      if (ops.form === 'single' || f.presence === 'mandatory') return original(f, pmap, start);
      const e = self.scalar('int32', ops.exponent, true, pmap, start);
      if (e === null) {
        self.scalar('int64', ops.mantissa, false, pmap, start); // the bug
        return null;
      }
      const exponent = e as number;
      if (exponent < -63 || exponent > 63) throw new FastError('R1', `decimal "${f.name}": exponent ${exponent} outside [-63, 63]`, start);
      const m = self.scalar('int64', ops.mantissa, false, pmap, start)!;
      return { exponent, mantissa: (m as number | bigint).toString() };
    }),
  },
);
