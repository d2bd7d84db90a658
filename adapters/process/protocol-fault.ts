import { AdapterFault } from '../fault.ts';
import type { Op } from './protocol.ts';
import type { Violation } from './violation.ts';

/**
 * A reply that answered inside the envelope but whose result breaks the op's schema (a decimal
 * string where the protocol wants integer lots, a FAST value off its canonical form). It is an
 * adapter fault — reported as `fault`, never a crash of the run — that also names the op and
 * every offending field with its JSON path and value.
 */
export class ProtocolFault extends AdapterFault {
  constructor(
    message: string,
    readonly op: Op,
    readonly violations: readonly Violation[],
    sent?: unknown,
    stderrTail?: string,
  ) {
    super(message, sent, stderrTail, 'protocol');
  }
}
