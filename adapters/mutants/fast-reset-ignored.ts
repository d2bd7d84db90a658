import { fastMutant } from './fast-mutant-support.ts';

/** Ignores the per-message reset policy: dictionaries carry over between messages regardless. */
export const fastResetIgnored = fastMutant(
  'fast-reset-ignored',
  "the 'message' reset policy is ignored: dictionary state leaks from one message into the next",
  ['fast.decode.equivalence'],
  { resetPolicy: () => 'none' },
);
