/**
 * Option parsing shared by every command: node:util parseArgs in strict mode with one-line
 * UsageErrors (exit 2), and the number parsers, so that `--runs -1`, `--runs abc` and `--jobs 0`
 * all say "--runs must be a positive integer, got '-1'" the same way in every command.
 *
 * API (stable):
 *   const { values, positionals } = parseCommandOptions(argv, { runs: { type: 'string' } }, { positionals: false });
 *   positiveInteger('--runs', values.runs)          // number | undefined
 *   positiveInteger('--runs', values.runs, 100)     // number (the default when absent)
 *   integerInRange('--port', s, 1, 65535)
 *   seedOption('--seed', s)                         // a 32-bit seed, negative allowed
 *   positiveNumber('--time', s)
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs (strict) with errors as one-line UsageErrors. A string option followed by a value
 * that looks like a negative number (`--runs -1`, `--seed -5`) takes it as its value, so the
 * number parser can say what is wrong with it instead of parseArgs calling it ambiguous.
 */
export function parseCommandOptions<T extends Options>(argv: readonly string[], options: T, { positionals = true }: { positionals?: boolean } = {}) {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = /^--([\w-]+)$/.exec(a)?.[1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (err) {
    const message = (err as Error).message;
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous) throw new UsageError(`${ambiguous[1]} needs a value (one starting with '-' is written ${ambiguous[1]}=VALUE)`);
    throw new UsageError(message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''));
  }
}

const INTEGER = /^[+-]?\d+$/;

/** An integer ≥ 1 (a safe integer). */
export function positiveInteger(name: string, s: string): number;
export function positiveInteger(name: string, s: string | undefined): number | undefined;
export function positiveInteger(name: string, s: string | undefined, fallback: number): number;
export function positiveInteger(name: string, s: string | undefined, fallback?: number): number | undefined {
  if (s === undefined) return fallback;
  const v = Number(s);
  if (!INTEGER.test(s.trim()) || !Number.isSafeInteger(v) || v < 1) throw new UsageError(`${name} must be a positive integer, got '${s}'`);
  return v;
}

/** An integer ≥ 0. */
export function nonNegativeInteger(name: string, s: string): number;
export function nonNegativeInteger(name: string, s: string | undefined): number | undefined;
export function nonNegativeInteger(name: string, s: string | undefined, fallback: number): number;
export function nonNegativeInteger(name: string, s: string | undefined, fallback?: number): number | undefined {
  if (s === undefined) return fallback;
  const v = Number(s);
  if (!INTEGER.test(s.trim()) || !Number.isSafeInteger(v) || v < 0) throw new UsageError(`${name} must be a non-negative integer, got '${s}'`);
  return v;
}

/** An integer in [min, max]; a range starting at 1 or 0 is worded as "positive" / "non-negative". */
export function integerInRange(name: string, s: string, min: number, max: number): number {
  const v = Number(s);
  const ok = INTEGER.test(s.trim()) && Number.isSafeInteger(v);
  if (!ok || v < min || v > max) {
    const kind = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : 'an integer';
    throw new UsageError(`${name} must be ${kind}${max === Number.MAX_SAFE_INTEGER ? '' : ` in ${min}..${max}`}, got '${s}'`);
  }
  return v;
}

/** A run seed: an integer in [-2^31, 2^32), folded to a 32-bit signed integer as fast-check takes it. */
export function seedOption(name: string, s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const v = Number(s);
  if (!INTEGER.test(s.trim()) || v < -(2 ** 31) || v > 2 ** 32 - 1) throw new UsageError(`${name} must be an integer in -2147483648..4294967295, got '${s}'`);
  return v | 0;
}

/** A finite number > 0 (seconds, rates). */
export function positiveNumber(name: string, s: string): number;
export function positiveNumber(name: string, s: string | undefined): number | undefined;
export function positiveNumber(name: string, s: string | undefined, fallback: number): number;
export function positiveNumber(name: string, s: string | undefined, fallback?: number): number | undefined {
  if (s === undefined) return fallback;
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`${name} must be a positive number, got '${s}'`);
  return v;
}
