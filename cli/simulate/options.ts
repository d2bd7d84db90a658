/**
 * Option parsing shared by the `fairwire simulate` commands: node:util parseArgs in strict mode,
 * and number/list parsers whose every error is a UsageError (exit 2) that names the option.
 */
import type { ParseArgsConfig } from 'node:util';
import { integerInRange, parseCommandOptions } from '../options.ts';
import { UsageError } from '../command.ts';
import { shellWord } from '../../properties/command-line.ts';
import { outputDir, outputFile } from '../output-path.ts';

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  return parseCommandOptions(argv, options, { positionals: false }).values;
}

/** An integer option in [min, max]; `fallback` when absent. */
export function intOption(name: string, s: string | undefined, min: number, max: number, fallback?: number): number {
  if (s === undefined) {
    if (fallback === undefined) throw new UsageError(`${name} is required`);
    return fallback;
  }
  return integerInRange(name, s, min, max);
}

/** A decimal option in [min, max] (e.g. microseconds, a rate). */
export function numberOption(name: string, s: string | undefined, min: number, max: number, fallback?: number): number {
  if (s === undefined) {
    if (fallback === undefined) throw new UsageError(`${name} is required`);
    return fallback;
  }
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${name} must be a number, got '${s}'`);
  if (v < min || v > max) throw new UsageError(`${name} must be in ${min}..${max}, got ${v}`);
  return v;
}

/** A list of integers: "1..5", "0,1,2" or a mix ("1..3,8"); at most 64 values, each in [min, max]. */
export function intListOption(name: string, s: string | undefined, min: number, max: number, fallback: readonly number[]): number[] {
  if (s === undefined) return [...fallback];
  const out: number[] = [];
  for (const part of s.split(',')) {
    const m = /^\s*([+-]?\d+)\s*(?:\.\.\s*([+-]?\d+)\s*)?$/.exec(part);
    if (!m) throw new UsageError(`${name}: '${part}' is not an integer or a range a..b (e.g. 1..5 or 0,1,2)`);
    const a = intOption(name, m[1], min, max);
    const b = m[2] === undefined ? a : intOption(name, m[2], min, max);
    if (b < a) throw new UsageError(`${name}: empty range ${a}..${b}`);
    if (out.length + (b - a + 1) > 64) throw new UsageError(`${name}: at most 64 values`);
    for (let v = a; v <= b; v++) if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** A list of decimals "0,5,10.5"; at most 64 values, each in [min, max]. */
export function numberListOption(name: string, s: string | undefined, min: number, max: number, fallback: readonly number[]): number[] {
  if (s === undefined) return [...fallback];
  const parts = s.split(',');
  if (parts.length > 64) throw new UsageError(`${name}: at most 64 values`);
  return parts.map((p) => numberOption(name, p, min, max));
}

/** The run's seed: --seed, else $FAIRWIRE_SEED, else 1 (a simulation is reproducible by default). */
export function seedOption(s: string | undefined): number {
  if (s !== undefined) return intOption('--seed', s, 0, 2 ** 53 - 1);
  const env = process.env.FAIRWIRE_SEED;
  if (env !== undefined && env !== '') return intOption('FAIRWIRE_SEED', env, 0, 2 ** 53 - 1);
  return 1;
}

/** --plot FILE: must end in .svg (the only format written); its folder is created (or refused) now. */
export function plotOption(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (!/\.svg$/i.test(s)) throw new UsageError(`--plot writes SVG: the file name must end in .svg, got '${s}'`);
  return outputFile(s, '--plot');
}

/** --report DIR: created (or refused) before the run. */
export function reportOption(s: string | undefined): string | undefined {
  return outputDir(s, '--report');
}

/** The command as a person would type it again: every argument one shell word. */
export function commandLine(argv: readonly string[]): string {
  return ['fairwire', ...argv].map(shellWord).join(' ');
}
