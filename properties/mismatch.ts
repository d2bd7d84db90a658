import { toCanonicalJson } from '../spec/canonical-json.ts';

/**
 * Thrown by a property's `check` when the subject disagrees with the oracle or breaks an
 * invariant. Carries both sides so the report can show a readable diff.
 */
export class Mismatch extends Error {
  override readonly name = 'Mismatch';
  constructor(
    message: string,
    readonly expected?: unknown,
    readonly actual?: unknown,
  ) {
    super(message);
  }

  /** Message plus a compact expected/actual rendering (canonical JSON). */
  describe(): string {
    const parts = [this.message];
    if (this.expected !== undefined) parts.push(`  expected: ${toCanonicalJson(this.expected)}`);
    if (this.actual !== undefined) parts.push(`  actual:   ${toCanonicalJson(this.actual)}`);
    return parts.join('\n');
  }
}

/** Fails with a Mismatch unless the two values have the same canonical JSON. */
export function assertSameCanonical(what: string, expected: unknown, actual: unknown): void {
  const e = toCanonicalJson(expected);
  const a = toCanonicalJson(actual);
  if (e !== a) throw new Mismatch(`${what}: ${firstDifference(e, a)}`, expected, actual);
}

function firstDifference(e: string, a: string): string {
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const from = Math.max(0, i - 40);
  return `differs at char ${i}: expected …${e.slice(from, i + 40)}… got …${a.slice(from, i + 40)}…`;
}
