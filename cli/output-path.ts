/**
 * Output paths checked BEFORE a run starts, so that a run never ends in a stack trace with its
 * results lost because the folder it writes into is missing or cannot be written.
 *
 * API (stable):
 *   const file = outputFile(values.json, '--json');   // a file the command will write
 *   const dir = outputDir(values.report, '--report');  // a folder the command will write into
 *   outputDir(values.corpus, '--corpus', { create: false }) // written only sometimes: check, create nothing
 *
 * Both create the missing folders (mkdir -p) and return the path as given (so messages name it
 * as the user typed it). When that cannot be done — a file in the way, no permission, a
 * read-only filesystem, the path is a folder where a file is wanted — they throw a UsageError
 * (exit 2) naming the option, the path and the reason. Call them while parsing options, before
 * any work. `undefined` in gives `undefined` out, so optional options pass straight through.
 *
 * The folders are created one level at a time: Node's own `mkdir({ recursive: true })` spins
 * forever on some pseudo-filesystems (e.g. a path under /proc).
 */
import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './command.ts';

export class OutputPathError extends UsageError {}

/** A file the command will write (created or replaced): its folder exists and is writable. */
export function outputFile(path: string, option: string): string;
export function outputFile(path: string | undefined, option: string): string | undefined;
export function outputFile(path: string | undefined, option: string): string | undefined {
  if (path === undefined) return undefined;
  if (path === '') throw new OutputPathError(`${option} needs a file name, got ''`);
  const abs = resolve(path);
  const st = stat(abs, `${option} ${path}`);
  if (st?.isDirectory()) throw new OutputPathError(`${option} ${path}: is a folder; give a file name (e.g. ${path.replace(/\/*$/, '')}/out.json)`);
  ensureDir(dirname(abs), option, path);
  if (st && !writable(abs)) throw new OutputPathError(`${option} ${path}: the file exists and cannot be written (permission denied)`);
  return path;
}

/** A folder the command will write files into: it exists (created when missing) and is writable. */
export function outputDir(path: string, option: string, opts?: { create?: boolean }): string;
export function outputDir(path: string | undefined, option: string, opts?: { create?: boolean }): string | undefined;
export function outputDir(path: string | undefined, option: string, { create = true }: { create?: boolean } = {}): string | undefined {
  if (path === undefined) return undefined;
  if (path === '') throw new OutputPathError(`${option} needs a folder name, got ''`);
  ensureDir(resolve(path), option, path, create);
  return path;
}

/**
 * mkdir -p, one level at a time, then a writability check; every failure is an OutputPathError.
 * `create: false`: only check that it could be created (the nearest existing folder is writable).
 */
function ensureDir(abs: string, option: string, given: string, create = true): void {
  const missing: string[] = [];
  let at = abs;
  for (;;) {
    const st = stat(at, `${option} ${given}`);
    if (st) {
      if (!st.isDirectory()) throw new OutputPathError(`${option} ${given}: cannot create the folder: ${at} is a file, not a folder`);
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (!create) {
    if (!writable(at)) throw new OutputPathError(`${option} ${given}: the folder ${at} cannot be written (permission denied)`);
    return;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && stat(dir, `${option} ${given}`)?.isDirectory()) continue; // created meanwhile
      throw new OutputPathError(`${option} ${given}: cannot create the folder ${dir}: ${reason(code, err)}`);
    }
  }
  if (!writable(abs)) throw new OutputPathError(`${option} ${given}: the folder ${abs} cannot be written (permission denied)`);
}

function stat(p: string, what: string): Stats | undefined {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new OutputPathError(`${what}: a file is in the way (a part of ${p} is a file, not a folder)`);
    throw new OutputPathError(`${what}: ${p}: ${reason(code, err)}`);
  }
}

function writable(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function reason(code: string | undefined, err: unknown): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only filesystem';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'this filesystem does not allow it';
    default:
      return (err as Error).message;
  }
}
