import { fastAdapterOverFpga, fastAdapterOverJit } from '../../adapters/reference/fpga.ts';
import { FpgaCompileError } from '../../reference/fpga/compile-error.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { STATUS } from '../../reference/fpga/dma-ring.ts';
import { FpgaFeed, interpreterFactory, jitFactory } from '../../reference/fpga/fpga-decoder.ts';
import { FID } from '../../reference/fpga/isa.ts';
import type { ProgramMeta, TemplateMeta } from '../../reference/fpga/metadata.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { registerDecodeEngine } from './decode.ts';
import { loadTemplateFile, oneOf, parseOptions, readInput } from './fast-cli-io.ts';

// `fairwire decode --engine fpga|jit`: the model behind the FAST decoder contract.
registerDecodeEngine('fpga', (o) => fastAdapterOverFpga(o));
registerDecodeEngine('jit', (o) => fastAdapterOverJit(o));

const HELP = `fairwire fpga run — run a FAST stream through the FPGA decoder model

Usage: fairwire fpga run --templates FILE [--engine interpreter|jit] [--reset none|message]
                         [--ring N] [--json] [FILE|-]

Decodes the stream (FILE, or stdin for '-' or no FILE) with the microcode engine (or the
JIT fast path) into the DMA ring and prints every ring record: sequence number, status
flags, then each slot as id:hex-word with the field name (spec/fpga/dma-record.md).
With --json, prints the canonical messages the host reads back instead, one per line,
then {"error":...} if the stream stopped on an error (as 'fairwire decode').

Options:
  --templates FILE   FAST template XML (required)
  --engine NAME      interpreter (default) or jit
  --reset POLICY     none (default) or message: dictionaries reset before each message
  --ring N           ring capacity in records (default 1024)
  --json             print canonical messages instead of records

Exit codes: 0 decoded · 1 decode error · 2 usage error or bad templates

Examples:
  npx fairwire fpga run --templates t.xml stream.bin
  xxd -r -p <<< 'c0 81 82' | npx fairwire fpga run --templates t.xml --json -
`;

function flags(s: number): string {
  const f = [s & STATUS.toggle ? 'T' : '-', s & STATUS.eom ? 'EOM' : '', s & STATUS.err ? 'ERR' : '', s & STATUS.cont ? 'CONT' : ''].filter(Boolean);
  return f.join(',');
}

/** Names slots as the host would: tracks the template (and nested ones) from the markers. */
function recordLines(records: readonly Uint8Array[], meta: ProgramMeta): string[] {
  const scopes: TemplateMeta[] = [];
  return records.map((r, n) => {
    const dv = new DataView(r.buffer, r.byteOffset, 64);
    const slots: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = r[56 + i]!;
      if (id === FID.empty) continue;
      const w = dv.getBigUint64(8 * i, true);
      let label: string;
      if (id === FID.header || id === FID.endNested || id === FID.continuation || id === FID.error || id === FID.report) {
        label = { [FID.header]: 'header', [FID.endNested]: 'end-nested', [FID.continuation]: '+', [FID.error]: 'error', [FID.report]: 'report' }[id]!;
        if (id === FID.header) scopes.splice(0, scopes.length, ...(meta.get(Number(w)) ? [meta.get(Number(w))!] : []));
        if (id === FID.endNested) scopes.pop();
      } else {
        const node = scopes[scopes.length - 1]?.nodes[id];
        label = node ? `${node.kind === 'len' ? 'length' : node.kind === 'seq' ? 'element' : node.name}` : '?';
        if (node?.kind === 'dyn') {
          const m = meta.get(Number(w));
          if (m) scopes.push(m);
        }
      }
      slots.push(`${id.toString(16).padStart(2, '0')}:${w.toString(16).padStart(16, '0')} ${label}`);
    }
    return `#${String(n).padStart(6, '0')} ${flags(r[63]!).padEnd(12)} ${slots.join(' | ')}`;
  });
}

export const fpgaRunCommand: Command = {
  path: ['fpga', 'run'],
  summary: 'run a FAST stream through the FPGA model, print ring records or messages',
  help: HELP,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseOptions(argv, {
      templates: { type: 'string' },
      engine: { type: 'string' },
      reset: { type: 'string' },
      ring: { type: 'string' },
      json: { type: 'boolean' },
    });
    const engine = oneOf('--engine', values.engine, ['interpreter', 'jit'], 'interpreter');
    const reset = oneOf('--reset', values.reset, ['none', 'message'], 'none');
    const ring = values.ring === undefined ? 1024 : Number(values.ring);
    if (!Number.isSafeInteger(ring) || ring < 1 || ring > 1 << 24) throw new UsageError(`--ring must be an integer in 1..16777216, got '${values.ring}'`);
    let set;
    ({ set } = await loadTemplateFile(values.templates));
    let compiled;
    try {
      compiled = compile(set);
    } catch (err) {
      if (err instanceof FpgaCompileError) {
        io.stderr.write(`fairwire fpga run: ${err.message}\n`);
        return EXIT.usage;
      }
      throw err;
    }
    const bytes = await readInput(positionals, io);
    const feed = new FpgaFeed(compiled, { ringCapacity: ring, keepRecords: true }, engine === 'jit' ? jitFactory : interpreterFactory);
    const out = feed.decode(bytes, reset);
    if (values.json) {
      for (const m of out.result.messages) io.stdout.write(`${toCanonicalJson(m)}\n`);
      for (const rep of out.result.reports) io.stderr.write(`${toCanonicalJson({ report: rep })}\n`);
      if (out.result.error) io.stdout.write(`${toCanonicalJson({ error: out.result.error })}\n`);
    } else {
      for (const line of recordLines(out.records, compiled.meta)) io.stdout.write(`${line}\n`);
      io.stderr.write(`${out.records.length} records, ${out.result.messages.length} messages${out.result.error ? `, stopped: ${out.result.error.code} at byte ${out.result.error.offset}` : ''}\n`);
    }
    return out.result.error ? EXIT.failure : EXIT.ok;
  },
};
