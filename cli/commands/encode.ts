import type { CanonicalMessage } from '../../reference/fast/canonical.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { loadTemplateFile, oneOf, parseOptions, readInput } from './fast-cli-io.ts';
import { encodableFramingNames, framing } from './fast-framing.ts';

const HELP = () => `fairwire encode — encode canonical NDJSON messages as a FAST 1.1 stream

Usage:
  fairwire encode --templates FILE [--reset none|message] [--framing NAME] [FILE|-]

Reads one canonical JSON message per line (the output of fairwire decode) from FILE or stdin
and writes the binary stream to stdout, with the shortest encoding every operator allows: the
exact inverse of decode with the same options. An invalid message prints {"error":...} (with
the line number and field path) on stderr and exits 1; nothing is written then.

Options:
  --templates FILE   FAST template XML (required)
  --reset POLICY     none (default) or message: must match the decoder's policy
  --framing NAME     one of ${encodableFramingNames().join(', ')}; raw (default): one stream,
                     len32le: each message framed on its own

Exit codes: 0 encoded · 1 a message is invalid for its template · 2 usage or static error

Examples:
  npx fairwire encode --templates t.xml messages.ndjson > stream.bin
  npx fairwire decode --templates t.xml s.bin | npx fairwire encode --templates t.xml | cmp - s.bin
`;

export const encodeCommand: Command = {
  path: ['encode'],
  summary: 'encode canonical NDJSON messages as a FAST stream',
  get help() {
    return HELP();
  },
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values, positionals } = parseOptions(argv, {
      templates: { type: 'string' },
      reset: { type: 'string' },
      framing: { type: 'string' },
    });
    const reset = oneOf('--reset', values.reset, ['none', 'message'], 'none');
    const frame = framing(values.framing ?? 'raw');
    if (!frame || frame.decodeOnly) throw new UsageError(`--framing must be one of ${encodableFramingNames().join(', ')}, got '${values.framing}'`);
    let set: TemplateSet;
    ({ set } = await loadTemplateFile(values.templates));
    const text = Buffer.from(await readInput(positionals, io)).toString('utf8');
    const encoder = new FastEncoder(set, { reset });
    const chunks: Uint8Array[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      let message: CanonicalMessage;
      try {
        message = JSON.parse(line) as CanonicalMessage;
      } catch (err) {
        io.stderr.write(`${toCanonicalJson({ error: { code: 'D1', class: 'dynamic', offset: -1, message: `line ${i + 1}: not JSON: ${(err as Error).message}` } })}\n`);
        return EXIT.failure;
      }
      try {
        chunks.push(encoder.encodeMessage(message));
      } catch (err) {
        if (!(err instanceof FastError)) throw err;
        io.stderr.write(`${toCanonicalJson({ error: { ...err.toCanonical(), message: `line ${i + 1}: ${err.message}` } })}\n`);
        return EXIT.failure;
      }
    }
    const out = frame.join(chunks);
    await new Promise<void>((resolve, reject) => io.stdout.write(out, (e) => (e ? reject(e) : resolve())));
    return EXIT.ok;
  },
};
