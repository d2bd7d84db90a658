import { fastMutant, mapOperators } from './fast-mutant-support.ts';

/** An absent increment field repeats the previous value instead of adding one (§6.3.6). */
export const fastIncrementAsCopy = fastMutant(
  'fast-increment-as-copy',
  'the increment operator is decoded as copy: an absent value is the previous one, not previous + 1',
  ['fast.decode.equivalence'],
  { transformSet: (set) => mapOperators(set, (op) => (op.kind === 'increment' ? { ...op, kind: 'copy' } : op)) },
);
