/**
 * Bad input to the simulator or the multicast harness (a non-integer time, an unknown node id,
 * a tree that cannot hold its receivers): a typed error the CLI maps to a usage error (exit 2),
 * never a crash deep inside a run, a hang or an unbounded allocation.
 */
export class SimulationInputError extends RangeError {
  override readonly name = 'SimulationInputError';
}

/** Throws SimulationInputError unless `v` is an integer in [min, max]. */
export function requireInt(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SimulationInputError(`${name} must be an integer in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

/** Throws SimulationInputError unless `v` is a finite number in [min, max]. */
export function requireNumber(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new SimulationInputError(`${name} must be a number in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}
