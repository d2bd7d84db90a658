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

export type PathSegment = string | number;

/** The kinds a structural diff reports; a property may name its own kinds beside these. */
export type DifferenceKind = 'value-differs' | 'type-differs' | 'missing' | 'extra';

/** The first place two canonical JSON values differ. `missing`: in expected only; `extra`: in actual only. */
export interface Difference {
  readonly kind: DifferenceKind;
  readonly path: readonly PathSegment[];
  readonly expected: unknown;
  readonly actual: unknown;
}

/** Turns a difference into a signature (the property names generated things by what they are). */
export type Signer = (d: Difference) => MismatchSignature;

type JsonType = 'null' | 'scalar' | 'array' | 'object';
const jsonType = (v: unknown): JsonType =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : 'scalar';

function diffPlain(e: unknown, a: unknown, path: PathSegment[]): Difference | undefined {
  const te = jsonType(e);
  const ta = jsonType(a);
  // null vs a value is a value difference (an absent optional decoded as present), not a type one.
  if (te !== ta) {
    const containers = te === 'array' || te === 'object' || ta === 'array' || ta === 'object';
    return { kind: containers ? 'type-differs' : 'value-differs', path, expected: e, actual: a };
  }
  if (te === 'null') return undefined;
  if (te === 'scalar') {
    if (e === a) return undefined;
    return { kind: typeof e === typeof a ? 'value-differs' : 'type-differs', path, expected: e, actual: a };
  }
  if (te === 'array') {
    const ea = e as unknown[];
    const aa = a as unknown[];
    const n = Math.min(ea.length, aa.length);
    for (let i = 0; i < n; i++) {
      const d = diffPlain(ea[i], aa[i], [...path, i]);
      if (d) return d;
    }
    if (ea.length > n) return { kind: 'missing', path: [...path, n], expected: ea[n], actual: undefined };
    if (aa.length > n) return { kind: 'extra', path: [...path, n], expected: undefined, actual: aa[n] };
    return undefined;
  }
  const eo = e as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  for (const k of Object.keys(eo)) {
    if (!Object.hasOwn(ao, k)) return { kind: 'missing', path: [...path, k], expected: eo[k], actual: undefined };
    const d = diffPlain(eo[k], ao[k], [...path, k]);
    if (d) return d;
  }
  for (const k of Object.keys(ao)) {
    if (!Object.hasOwn(eo, k)) return { kind: 'extra', path: [...path, k], expected: undefined, actual: ao[k] };
  }
  return undefined;
}

/**
 * The first structural difference between two values, compared in their canonical JSON form
 * (bigint as decimal string, bytes as hex), in the expected value's key order. Undefined when equal.
 */
export function firstDifference(expected: unknown, actual: unknown): Difference | undefined {
  const plain = (v: unknown): unknown => {
    const text = toCanonicalJson(v);
    return text === 'undefined' ? null : (JSON.parse(text) as unknown);
  };
  return diffPlain(plain(expected), plain(actual), []);
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** `messages[3].fields.bid`; `root` prefixes the path; an empty path renders as the root (or "the value"). */
export function formatPath(path: readonly PathSegment[], root = ''): string {
  let out = root;
  for (const s of path) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out === '' ? '(the whole value)' : out;
}

/** The same path with every index abstracted to `[]`: stable across seeds and shrinks. */
export function abstractPath(path: readonly PathSegment[], root = ''): string {
  return formatPath(
    path.map((s) => (typeof s === 'number' ? -1 : s)),
    root,
  ).replace(/\[-1\]/g, '[]');
}

const shortJson = (v: unknown): string => {
  const s = v === undefined ? 'nothing' : toCanonicalJson(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
};

/** One line: what differs where, e.g. `value differs at [3].fields.bid: expected "5", got "6"`. */
export function describeDifference(d: Difference, root = ''): string {
  const at = formatPath(d.path, root);
  switch (d.kind) {
    case 'missing':
      return `missing at ${at} (expected ${shortJson(d.expected)})`;
    case 'extra':
      return `extra at ${at} (got ${shortJson(d.actual)})`;
    case 'type-differs':
      return `type differs at ${at}: expected ${shortJson(d.expected)}, got ${shortJson(d.actual)}`;
    case 'value-differs':
      return `value differs at ${at}: expected ${shortJson(d.expected)}, got ${shortJson(d.actual)}`;
  }
}

/** The default signature of a difference: its kind and its path with indices abstracted. */
export function defaultSignature(d: Difference, root = ''): MismatchSignature {
  return { kind: d.kind, path: abstractPath(d.path, root) };
}

/**
 * Fails with a Mismatch unless the two values have the same canonical JSON. The message names
 * the first differing path; the signature is `signature` (a fixed one, whose missing path is
 * filled from the diff, or a Signer that names the difference), else the diff's kind and
 * abstracted path.
 */
export function assertSameCanonical(what: string, expected: unknown, actual: unknown, signature?: MismatchSignature | Signer): void {
  const d = firstDifference(expected, actual);
  if (!d) return;
  const sig =
    typeof signature === 'function'
      ? signature(d)
      : signature
        ? { kind: signature.kind, path: signature.path ?? abstractPath(d.path) }
        : defaultSignature(d);
  throw new Mismatch(`${what}: ${describeDifference(d)}`, expected, actual, sig);
}
