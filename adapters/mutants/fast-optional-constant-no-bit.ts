import { fastMutant, mapFields } from './fast-mutant-support.ts';

/**
 * An optional constant takes no presence-map bit here and is always present, as if it were
 * mandatory (Appendix 3.3: an optional constant has a bit, set when the constant is present).
 */
export const fastOptionalConstantNoBit = fastMutant(
  'fast-optional-constant-no-bit',
  'an optional field with a constant operator takes no presence-map bit (decoded as always present)',
  ['fast.decode.equivalence'],
  {
    transformSet: (set) =>
      mapFields(set, (f) => {
        if (f.presence !== 'optional') return f;
        if ((f.kind === 'integer' || f.kind === 'string' || f.kind === 'byteVector') && f.op.kind === 'constant') return { ...f, presence: 'mandatory' };
        if (f.kind === 'decimal' && f.operators.form === 'single' && f.operators.op.kind === 'constant') return { ...f, presence: 'mandatory' };
        return f;
      }),
  },
);
