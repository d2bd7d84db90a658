import { toCanonicalJson } from '../spec/canonical-json.ts';

/**
 * What a failure *is*, stable across seeds and shrinks: a kind (kebab-case, e.g. 'value-differs',
 * 'self-trade', 'order-lost') and a structural path with generated names and indices abstracted
 * (e.g. 'messages[].fields.<uInt32 optional copy>'). Regression gating stores it per expected
 * failure, so a different bug in the same property is not hidden by an old entry.
 */
export interface MismatchSignature {
  readonly kind: string;
  readonly path?: string;
}

/**
 * Thrown by a property's `check` when the subject disagrees with the oracle or breaks an
 * invariant. Carries both sides so the report can show a readable diff, and a signature.
 */
export class Mismatch extends Error {
  override readonly name = 'Mismatch';
  readonly kind: string;
  readonly path: string;
  constructor(
    message: string,
    readonly expected?: unknown,
    readonly actual?: unknown,
    signature?: MismatchSignature,
  ) {
    super(message);
    this.kind = signature?.kind ?? 'mismatch';
    this.path = signature?.path ?? '';
  }

  /** `kind` or `kind at path`: what regression gating compares. */
  signature(): string {
    return this.path ? `${this.kind} at ${this.path}` : this.kind;
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
export function assertSameCanonical(what: string, expected: unknown, actual: unknown, signature?: MismatchSignature): void {
  const e = toCanonicalJson(expected);
  const a = toCanonicalJson(actual);
  if (e !== a) throw new Mismatch(`${what}: ${firstDifference(e, a)}`, expected, actual, signature ?? { kind: 'value-differs' });
}

function firstDifference(e: string, a: string): string {
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const from = Math.max(0, i - 40);
  return `differs at char ${i}: expected …${e.slice(from, i + 40)}… got …${a.slice(from, i + 40)}…`;
}
