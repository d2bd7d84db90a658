import { fastMutant, rejectingReportable } from './fast-mutant-support.ts';

/**
 * Treats a presence map with empty trailing bytes (overlong, R7) as a fatal error; R7 is
 * reportable: the map's bits are read as sent. Equivalence only sends shortest maps.
 */
export const fastOverlongPmapRejected = fastMutant(
  'fast-overlong-pmap-rejected',
  'a zero-padded presence map (overlong, R7, reportable) stops decoding with an error instead of being read',
  ['fast.decode.truncated-pmap'],
  { makeDecoder: rejectingReportable(['R7']) },
);
