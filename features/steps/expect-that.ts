/**
 * Scenario failures in plain words: an operator reads the message, not a stack trace or a
 * true/false diff, so the message itself says who, what was expected, what happened and why it
 * matters, with exact values. The stack is kept to the message for the same reason.
 */
export class ScenarioFailure extends Error {
  override readonly name = 'ScenarioFailure';
  constructor(message: string) {
    super(message);
    this.stack = message;
  }
}

/** Fails the scenario with `message` (a function is only called on failure) unless `condition` holds. */
export function expectThat(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new ScenarioFailure(typeof message === 'function' ? message() : message);
}

/**
 * Runs a property check (properties/*: it throws a `Mismatch` whose message already names the
 * orders, nodes and times at fault) and turns its failure into a plain scenario failure, adding
 * why it matters; any other error (a crash) is left as it is.
 */
export async function checkPlainly(check: () => unknown, why: string): Promise<void> {
  try {
    await check();
  } catch (err) {
    if (err instanceof Error && err.name === 'Mismatch') throw new ScenarioFailure(`${err.message}. ${why}`);
    throw err;
  }
}
