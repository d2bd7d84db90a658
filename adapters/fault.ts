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
  ) {
    super(message);
  }
}
