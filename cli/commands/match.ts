import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { MatchingEngine } from '../../reference/matching/engine.ts';
import type { SymbolSpec } from '../../reference/matching/types.ts';
import { EXIT, UsageError, type Command } from '../command.ts';

const HELP = `fairwire match — replay matching commands through the reference engine

Usage: fairwire match [FILE|-] [--symbols LIST] [--tick N] [--snapshot]

Reads canonical matching commands as NDJSON (one JSON object per line; blank lines
and lines starting with '#' are skipped) from FILE, or stdin when FILE is '-' or
absent, and prints every event as one canonical JSON line (spec/exchange/matching.md).

A command that is valid JSON but a bad command (zero quantity, off-tick price,
unknown id, ...) prints its {"type":"rejected",...} event and the replay goes on.
A line that is not JSON at all stops the replay: the error goes to stderr with its
line number and the exit code is 2.

Options:
  --symbols LIST   symbols that trade, with optional tick sizes: "X:5,Y" (default:
                   any symbol, created on its first accepted order)
  --tick N         tick size of symbols without their own (default 1)
  --snapshot       after the last command, print {"type":"snapshot","books":[...]}

Exit codes: 0 replayed, 2 usage error or unparsable line.

Example:
  printf '%s\\n' \\
    '{"type":"new","id":"s1","account":"A","symbol":"X","side":"sell","orderType":"limit","price":"101","quantity":"5"}' \\
    '{"type":"new","id":"b1","account":"B","symbol":"X","side":"buy","orderType":"limit","tif":"ioc","price":"102","quantity":"7"}' \\
    | npx fairwire match --symbols X --snapshot
`;

function parseSymbols(list: string, tick: number): SymbolSpec[] {
  return list.split(',').map((part) => {
    const [symbol, t, ...rest] = part.split(':');
    const tickSize = t === undefined ? tick : Number(t);
    if (!symbol || rest.length > 0 || !Number.isSafeInteger(tickSize) || tickSize <= 0) {
      throw new UsageError(`bad --symbols entry '${part}' (expected SYMBOL or SYMBOL:TICK with a positive integer tick)`);
    }
    return { symbol, tickSize };
  });
}

export const matchCommand: Command = {
  path: ['match'],
  summary: 'replay NDJSON matching commands through the reference engine, print events',
  help: HELP,
  async run(argv, io) {
    let file: string | undefined;
    let symbols: string | undefined;
    let tick = 1;
    let snapshot = false;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--symbols' || a === '--tick') {
        const v = argv[++i];
        if (v === undefined) throw new UsageError(`${a} needs a value`);
        if (a === '--symbols') symbols = v;
        else {
          tick = Number(v);
          if (!Number.isSafeInteger(tick) || tick <= 0) throw new UsageError(`--tick must be a positive integer, got '${v}'`);
        }
      } else if (a === '--snapshot') snapshot = true;
      else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
      else if (file === undefined) file = a;
      else throw new UsageError(`one input at most (got '${file}' and '${a}')`);
    }
    if (file !== undefined && file !== '-' && !existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const engine = new MatchingEngine(symbols === undefined ? { tickSize: tick } : { tickSize: tick, symbols: parseSymbols(symbols, tick) });
    const input = file === undefined || file === '-' ? io.stdin : createReadStream(file);
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNo = 0;
    let out: string[] = [];
    const flush = () => {
      if (out.length > 0) io.stdout.write(out.join(''));
      out = [];
    };
    for await (const line of lines) {
      lineNo++;
      const text = line.trim();
      if (text === '' || text.startsWith('#')) continue;
      let command: unknown;
      try {
        command = JSON.parse(text);
      } catch (err) {
        flush();
        io.stderr.write(`fairwire match: line ${lineNo}: not JSON (${(err as Error).message}); replay stopped\n`);
        lines.close();
        return EXIT.usage;
      }
      engine.applyTo(command, (e) => void out.push(`${toCanonicalJson(e)}\n`));
      if (out.length >= 1024) flush();
    }
    if (snapshot) out.push(`${toCanonicalJson({ type: 'snapshot', books: engine.snapshot() })}\n`);
    flush();
    return EXIT.ok;
  },
};
