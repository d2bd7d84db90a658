import { fastMutant, rejectingReportable } from './fast-mutant-support.ts';

/**
 * Treats an overlong integer (a redundant leading 0x00 / sign-extension byte, R6) as a fatal
 * error, as a decoder that insists on minimal encodings does; R6 is reportable: the value
 * decodes. Only streams with overlong integers tell it apart, and equivalence sends none.
 */
export const fastOverlongIntegerRejected = fastMutant(
  'fast-overlong-integer-rejected',
  'an overlong integer (R6, reportable) stops decoding with an error instead of decoding its value',
  ['fast.decode.overlong'],
  { makeDecoder: rejectingReportable(['R6']) },
);
