import { PassThrough } from 'node:stream';
import { main } from '../../main.ts';

/** What one in-process run of the CLI printed: stdout as text and as bytes, stderr as text. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly bytes: Buffer;
  readonly err: string;
}

/**
 * Runs `fairwire <argv>` in process, as the shell would, with `stdin` as its input (ended, so a
 * command that reads stdin sees EOF) and stdout/stderr collected. `stdout` lets a test pass a
 * stream of its own (e.g. one that closes early, like `head`).
 */
export async function runCli(argv: readonly string[], opts: { readonly stdin?: Uint8Array | string; readonly stdout?: NodeJS.WritableStream } = {}): Promise<CliRun> {
  const stdout = opts.stdout ?? new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (d: Buffer | string) => out.push(Buffer.from(d)));
  stderr.on('data', (d: Buffer | string) => err.push(Buffer.from(d)));
  stdin.end(opts.stdin === undefined ? Buffer.alloc(0) : Buffer.from(opts.stdin));
  const code = await main([...argv], { stdout, stderr, stdin });
  const bytes = Buffer.concat(out);
  return { code, out: bytes.toString('utf8'), bytes, err: Buffer.concat(err).toString('utf8') };
}
