/**
 * What kind of fault: the implementation died (`crash`), did not answer in time (`hang`),
 * answered outside the protocol (`protocol`), or could not be started or handshaken (`start`:
 * the process died, hung or misbehaved before its `ready` line). Signatures use it
 * (`adapter-fault:hang`), so two different defects are not counted as one.
 */
export type AdapterFaultKind = 'crash' | 'hang' | 'protocol' | 'start';

/**
 * An adapter fault: the implementation crashed, hung, or answered outside the protocol.
 * It is never a pass and never a plain failure: the runner reports it as `fault` (exit code 3).
 */
export class AdapterFault extends Error {
  override readonly name = 'AdapterFault';
  constructor(
    message: string,
    /** What was sent when the fault happened (a request, a frame, ...), for the report. */
    readonly sent?: unknown,
    /** The tail of the implementation's stderr, when it has one. */
    readonly stderrTail?: string,
    /** Absent for faults raised without knowing (e.g. by an in-process adapter). */
    readonly kind?: AdapterFaultKind,
  ) {
    super(message);
  }
}
