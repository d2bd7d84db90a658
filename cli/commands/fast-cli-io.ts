import { readFile } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { parseCommandOptions } from '../options.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { CommandFailure, EXIT, UsageError, type CommandIo } from '../command.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';

/** node:util parseArgs in strict mode, with its errors turned into UsageError (exit 2); see cli/options.ts. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = true) {
  return parseCommandOptions(argv, options, { positionals: allowPositionals });
}

/** The whole input: a file, or stdin for '-' / no argument. */
export async function readInput(positionals: readonly string[], io: CommandIo): Promise<Uint8Array> {
  if (positionals.length > 1) throw new UsageError(`one input file at most, got ${positionals.length}`);
  const file = positionals[0];
  if (file !== undefined && file !== '-') {
    try {
      return new Uint8Array(await readFile(file));
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return new Uint8Array(Buffer.concat(chunks));
}

/** A static (template) problem: printed as a canonical error, exit 2. */
/** A template file with a static error: its canonical error line on stderr, exit 2. */
export class StaticProblem extends CommandFailure {
  constructor(readonly body: { code: string; class: string; offset: number; message: string }) {
    super(toCanonicalJson({ error: body }), EXIT.usage);
  }
}

/** Reads and parses a template file; a static error becomes a StaticProblem. */
export async function loadTemplateFile(file: string | undefined): Promise<{ xml: string; set: TemplateSet }> {
  if (!file) throw new UsageError('--templates FILE is required');
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return { xml, set: parseTemplates(xml, { file }) };
  } catch (err) {
    if (err instanceof FastError) throw new StaticProblem(err.toCanonical());
    throw err;
  }
}

export function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${option} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}
