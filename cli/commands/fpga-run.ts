import { integerInRange } from '../options.ts';
import { fastAdapterOverFpga, fastAdapterOverJit, fastAdapterOverWasm } from '../../adapters/reference/fpga.ts';
import { FpgaCompileError } from '../../reference/fpga/compile-error.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { STATUS } from '../../reference/fpga/dma-ring.ts';
import { FpgaFeed, interpreterFactory, jitFactory } from '../../reference/fpga/fpga-decoder.ts';
import { wasmFactory } from '../../reference/fpga/wasm/wasm-engine.ts';
import { FID } from '../../reference/fpga/isa.ts';
import type { ProgramMeta, TemplateMeta } from '../../reference/fpga/metadata.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { registerDecodeEngine } from './decode.ts';
import { loadTemplateFile, oneOf, parseOptions } from './fast-cli-io.ts';
import type { CanonicalErrorBody } from '../../reference/fast/canonical.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { openInput } from '../io/byte-source.ts';
import { LineOutput } from '../io/line-output.ts';
import { messageJson } from '../io/ndjson.ts';
import { rawWindows, tooLongMessage } from '../io/raw-windows.ts';
import { StreamProgress } from '../io/stream-progress.ts';

// `fairwire decode --engine fpga|jit|wasm`: the model behind the FAST decoder contract.
registerDecodeEngine('fpga', (o) => fastAdapterOverFpga(o));
registerDecodeEngine('jit', (o) => fastAdapterOverJit(o));
registerDecodeEngine('wasm', (o) => fastAdapterOverWasm(o));

const HELP = `fairwire fpga run — run a FAST stream through the FPGA decoder model

Usage: fairwire fpga run --templates FILE [--engine interpreter|jit|wasm]
                         [--reset none|message]
                         [--ring N] [--json] [FILE|-]

Decodes the stream (FILE, or stdin for '-' or no FILE, streamed: any size, constant memory,
each line written as it is decoded; a closed pipe ends the command quietly) with the microcode engine (or the
JIT fast path, or the WebAssembly back end) into the DMA ring and prints every ring record:
sequence number, status flags, then each slot as id:hex-word with the field name
(spec/fpga/dma-record.md).
With --json, prints the canonical messages the host reads back instead, one per line,
then {"error":...} if the stream stopped on an error (as 'fairwire decode').

Options:
  --templates FILE   FAST template XML (required)
  --engine NAME      interpreter (default), jit or wasm
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
function recordLines(records: readonly Uint8Array[], meta: ProgramMeta, first = 0): string[] {
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
    return `#${String(first + n).padStart(6, '0')} ${flags(r[63]!).padEnd(12)} ${slots.join(' | ')}`;
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
    const engine = oneOf('--engine', values.engine, ['interpreter', 'jit', 'wasm'], 'interpreter');
    const reset = oneOf('--reset', values.reset, ['none', 'message'], 'none');
    const ring = values.ring === undefined ? 1024 : integerInRange('--ring', values.ring, 1, 1 << 24);
    const { set } = await loadTemplateFile(values.templates);
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
    const src = await openInput(positionals, io);
    const feed = new FpgaFeed(compiled, { ringCapacity: ring, keepRecords: !values.json }, engine === 'jit' ? jitFactory : engine === 'wasm' ? wasmFactory : interpreterFactory);
    // The stream is read in windows of whole messages (cli/io/raw-windows.ts); the ring persists across them.
    const walker = new FastDecoder(set, { reset });
    const out = new LineOutput(io.stdout);
    const progress = new StreamProgress(io.stderr, src.size);
    let records = 0;
    let messages = 0;
    let error: CanonicalErrorBody | null = null;
    try {
      for await (const w of rawWindows(src, walker)) {
        if (w.tooLong) {
          await out.flush();
          progress.done();
          io.stderr.write(`fairwire fpga run: ${tooLongMessage(w.base + w.bytes.length)}\n`);
          return EXIT.failure;
        }
        const r = feed.decode(w.bytes, reset);
        const shift = (e: CanonicalErrorBody): CanonicalErrorBody => ({ ...e, offset: e.offset + w.base });
        if (values.json) {
          for (const m of r.result.messages) out.line(messageJson(m));
          for (const rep of r.result.reports) io.stderr.write(`${toCanonicalJson({ report: shift(rep) })}\n`);
          if (r.result.error) out.line(toCanonicalJson({ error: shift(r.result.error) }));
        } else {
          for (const line of recordLines(r.records, compiled.meta, records)) out.line(line);
        }
        records += r.records.length;
        messages += r.result.messages.length;
        error = r.result.error && shift(r.result.error);
        await out.flush();
        if (out.closed) return EXIT.ok;
        if (error) break;
        if (w.error) {
          progress.done();
          io.stderr.write(`fairwire fpga run: the engine decoded past the reference's error at offset ${w.error.offset + w.base}: ${w.error.message}\n`);
          return EXIT.failure;
        }
        progress.update(src.offset, messages);
      }
    } finally {
      progress.done();
      await out.end();
    }
    if (!values.json) io.stderr.write(`${records} records, ${messages} messages${error ? `, stopped: ${error.code} at byte ${error.offset}` : ''}\n`);
    return error ? EXIT.failure : EXIT.ok;
  },
};
