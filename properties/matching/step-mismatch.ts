import { Mismatch, assertSameCanonical, type MismatchSignature, type Signer } from '../mismatch.ts';

/**
 * A matching Mismatch that knows which command of the flow it is about (its index), so that an
 * explanation (explain.ts) can replay the reference up to that command without reading the
 * message. Signature and rendering are a Mismatch's.
 */
export class StepMismatch extends Mismatch {
  constructor(
    readonly step: number,
    message: string,
    expected?: unknown,
    actual?: unknown,
    signature?: MismatchSignature,
  ) {
    super(message, expected, actual, signature);
  }
}

/** assertSameCanonical, failing with a StepMismatch for command `step`. */
export function sameAt(step: number, what: string, expected: unknown, actual: unknown, signature?: MismatchSignature | Signer): void {
  try {
    assertSameCanonical(what, expected, actual, signature);
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e;
    throw new StepMismatch(step, e.message, e.expected, e.actual, { kind: e.kind, path: e.path });
  }
}

/** Errors thrown as they came (an adapter fault keeps its type) with the command they happened at. */
const noted = new WeakMap<object, number>();

/** Remembers that `error` (e.g. a fault the subject threw) happened at command `step`. */
export function noteStep(error: unknown, step: number): void {
  if (typeof error === 'object' && error !== null) noted.set(error, step);
}

/** The command a failure is about: a StepMismatch's step, a noted error's, else `command #i` in its message. */
export function stepOf(error: unknown): number | undefined {
  if (error instanceof StepMismatch) return error.step;
  if (typeof error === 'object' && error !== null && noted.has(error)) return noted.get(error);
  const m = error instanceof Error ? /command #(\d+)/.exec(error.message) : null;
  return m ? Number(m[1]) : undefined;
}
