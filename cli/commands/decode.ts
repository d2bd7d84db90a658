import type { FastDecoderAdapter } from '../../adapters/fast.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import type { CanonicalErrorBody } from '../../reference/fast/canonical.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { loadTemplateFile, oneOf, parseOptions, readInput } from './fast-cli-io.ts';
import { framing, FramingError, framingNames } from './fast-framing.ts';
import { pcapFraming } from '../net/pcap-framing.ts';
import { parseJoin } from '../net/join-option.ts';

/** Decoders `--engine` can pick; other components register theirs (e.g. the FPGA model). */
const engines = new Map<string, (opts: { strict: boolean }) => FastDecoderAdapter | Promise<FastDecoderAdapter>>([
  ['reference', (o) => createReferenceFastDecoder(o)],
]);

export function registerDecodeEngine(name: string, make: (opts: { strict: boolean }) => FastDecoderAdapter | Promise<FastDecoderAdapter>): void {
  engines.set(name, make);
}

const HELP = () => `fairwire decode — decode a FAST 1.1 stream to canonical NDJSON

Usage:
  fairwire decode --templates FILE [--reset none|message|packet] [--framing NAME] [--strict]
                  [--join GROUP:PORT ...]
                  [--engine NAME] [FILE|-]

Reads the stream from FILE (or stdin for '-' or no FILE) and prints one canonical JSON message
per line (spec/fast/canonical.md). On a decode error: the messages decoded before it, then one
line {"error":{"code","class","offset","message"}}, exit 1. Reportable conditions (overlong
encodings) go to stderr as {"report":...} lines unless --strict makes them errors.

Options:
  --templates FILE   FAST template XML (required)
  --reset POLICY     none (default): dictionaries persist across messages and frames;
                     message: every dictionary is reset before each message;
                     packet: reset before each frame (each datagram with --framing pcap)
  --framing NAME     how messages sit in the input (default raw): ${framingNames().join(', ')}
  --join G:P         with --framing pcap: only datagrams to these group:port pairs
  --strict           reportable conditions (R6-R9) stop decoding
  --engine NAME      decoder to use (default reference): ${[...engines.keys()].join(', ')}

Exit codes: 0 decoded · 1 decode error · 2 usage error or bad templates (static error)

Examples:
  npx fairwire decode --templates t.xml stream.bin
  xxd -r -p <<< 'c0 81 82' | npx fairwire decode --templates t.xml --reset message -
`;

export const decodeCommand: Command = {
  path: ['decode'],
  summary: 'decode a FAST stream to canonical NDJSON',
  get help() {
    return HELP();
  },
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseOptions(argv, {
      templates: { type: 'string' },
      reset: { type: 'string' },
      framing: { type: 'string' },
      join: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      engine: { type: 'string' },
    });
    const reset = oneOf('--reset', values.reset, ['none', 'message', 'packet'], 'none');
    if (values.join && values.framing !== 'pcap') throw new UsageError('--join needs --framing pcap');
    const frame = values.join ? pcapFraming(values.join.map(parseJoin)) : framing(values.framing ?? 'raw');
    if (!frame) throw new UsageError(`--framing must be one of ${framingNames().join(', ')}, got '${values.framing}'`);
    const make = engines.get(values.engine ?? 'reference');
    if (!make) throw new UsageError(`--engine must be one of ${[...engines.keys()].join(', ')}, got '${values.engine}'`);
    let xml: string;
    ({ xml } = await loadTemplateFile(values.templates));
    const input = await readInput(positionals, io);
    const decoder = await make({ strict: values.strict ?? false });
    try {
      await decoder.loadTemplates(xml);
      let chunks: Uint8Array[];
      try {
        chunks = frame.split(input);
      } catch (err) {
        if (!(err instanceof FramingError)) throw err;
        chunks = [];
        io.stderr.write(`fairwire decode: ${err.message}\n`);
        return EXIT.failure;
      }
      for (const chunk of chunks) {
        if (reset === 'packet') await decoder.reset();
        const r = await decoder.decode(chunk, { reset: reset === 'packet' ? 'none' : reset });
        for (const m of r.messages) io.stdout.write(`${toCanonicalJson(m)}\n`);
        for (const rep of r.reports) io.stderr.write(`${toCanonicalJson({ report: rep })}\n`);
        if (r.error) {
          io.stdout.write(`${toCanonicalJson({ error: r.error satisfies CanonicalErrorBody })}\n`);
          return EXIT.failure;
        }
      }
      return EXIT.ok;
    } finally {
      await decoder.close?.();
    }
  },
};
