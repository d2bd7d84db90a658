import { decodeEngine, decodeEngineNames, registerDecodeEngine } from './decode-engines.ts';
import type { FastDecoderAdapter } from '../../adapters/fast.ts';
import type { CanonicalErrorBody, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastDecoder, type DecodedMessage } from '../../reference/fast/decoder.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { openInput, type ByteSource } from '../io/byte-source.ts';
import { frameBatches, FrameStreamError, type StreamFraming } from '../io/frame-stream.ts';
import { LineOutput } from '../io/line-output.ts';
import { messageJson } from '../io/ndjson.ts';
import { rawWindows, tooLongMessage } from '../io/raw-windows.ts';
import { StreamProgress } from '../io/stream-progress.ts';
import { parseJoin } from '../net/join-option.ts';
import '../net/pcap-framing.ts';
import type { Join } from '../net/framing-pcap.ts';
import { loadTemplateFile, oneOf, parseOptions } from './fast-cli-io.ts';
import { framingNames } from './fast-framing.ts';

// Every engine is registered in decode-engines.ts (fpga-run.ts registers through this re-export).
export { registerDecodeEngine };


const HELP = () => `fairwire decode — decode a FAST 1.1 stream to canonical NDJSON

Usage:
  fairwire decode --templates FILE [--reset none|message|packet] [--framing NAME] [--strict]
                  [--join GROUP:PORT ...]
                  [--engine NAME] [FILE|-]

Reads the stream from FILE (or stdin for '-' or no FILE) and prints one canonical JSON message
per line (spec/fast/canonical.md). On a decode error: the messages decoded before it, then one
line {"error":{"code","class","offset","message"}}, exit 1. Reportable conditions (overlong
encodings) go to stderr as {"report":...} lines unless --strict makes them errors.
Error offsets count from the start of the stream (raw) or of the frame (len32le, pcap).

The input is streamed: files of any size and stdin in constant memory, each line written as
it is decoded (a closed pipe, e.g. '| head', ends the command quietly). A frame or capture cut
short: the frames before it are decoded, then a message naming the offset on stderr, exit 1.
On a terminal, progress (messages, MB/s, ETA) is shown on stderr.

Options:
  --templates FILE   FAST template XML (required)
  --reset POLICY     none (default): dictionaries persist across messages and frames;
                     message: every dictionary is reset before each message;
                     packet: reset before each frame (each datagram with --framing pcap)
  --framing NAME     how messages sit in the input (default raw): ${framingNames().join(', ')}
                     (pcap reads pcap and pcapng captures)
  --join G:P         with --framing pcap: only datagrams to these group:port pairs
  --strict           reportable conditions (R6-R9) stop decoding
  --engine NAME      decoder to use (default reference): ${decodeEngineNames().join(', ')}

Exit codes: 0 decoded · 1 decode error, or the input is cut short · 2 usage error, unreadable
input or bad templates (static error)

Examples:
  npx fairwire decode --templates t.xml stream.bin
  xxd -r -p <<< 'c0 81 82' | npx fairwire decode --templates t.xml --reset message -
`;

type Reset = 'none' | 'message' | 'packet';

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
    const framingName = values.framing ?? 'raw';
    if (!['raw', 'len32le', 'pcap'].includes(framingName)) throw new UsageError(`--framing must be one of ${framingNames().join(', ')}, got '${values.framing}'`);
    const joins = (values.join ?? []).map(parseJoin);
    const engineName = values.engine ?? 'reference';
    const make = decodeEngine(engineName);
    if (!make) throw new UsageError(`--engine must be one of ${decodeEngineNames().join(', ')}, got '${values.engine}'`);
    const strict = values.strict ?? false;
    const { xml, set } = await loadTemplateFile(values.templates);
    const src = await openInput(positionals, io);
    // The reference reads a raw stream by itself (it finds the boundaries): no second decoder.
    const decoder = framingName === 'raw' && engineName === 'reference' ? undefined : await make({ strict });
    const job: Job = { io, src, out: new LineOutput(io.stdout), progress: new StreamProgress(io.stderr, src.size), messages: 0 };
    try {
      if (decoder) await decoder.loadTemplates(xml);
      return framingName === 'raw' ? await decodeRaw(job, set, decoder, reset, strict) : await decodeFrames(job, decoder!, framingName as StreamFraming, joins, reset);
    } catch (err) {
      if (!(err instanceof FrameStreamError)) throw err;
      await job.out.flush();
      job.progress.done();
      io.stderr.write(`fairwire decode: ${err.message} (the ${job.messages} messages before it were decoded)\n`);
      return EXIT.failure;
    } finally {
      job.progress.done();
      await job.out.end();
      await decoder?.close?.();
    }
  },
};

interface Job {
  readonly io: CommandIo;
  readonly src: ByteSource;
  readonly out: LineOutput;
  readonly progress: StreamProgress;
  messages: number;
}

/** Writes a decode result; offsets shifted by `base` (raw: to stream offsets). True when it stopped on an error. */
function emit(job: Job, r: StreamDecodeResult, base: number): boolean {
  for (const m of r.messages) job.out.line(messageJson(m));
  job.messages += r.messages.length;
  for (const rep of r.reports) job.io.stderr.write(`${toCanonicalJson({ report: shift(rep, base) })}\n`);
  if (r.error) job.out.line(toCanonicalJson({ error: shift(r.error, base) satisfies CanonicalErrorBody }));
  return r.error !== null;
}

function shift(e: CanonicalErrorBody, base: number): CanonicalErrorBody {
  return base === 0 ? e : { ...e, offset: e.offset + base };
}

async function decodeFrames(job: Job, decoder: FastDecoderAdapter, framing: StreamFraming, joins: readonly Join[], reset: Reset): Promise<number> {
  const policy = reset === 'message' ? 'message' : 'none';
  for await (const batch of frameBatches(job.src, framing, joins)) {
    for (const f of batch) {
      if (reset === 'packet') await decoder.reset();
      const pending = decoder.decode(f.bytes, { reset: policy });
      const r = pending instanceof Promise ? await pending : pending;
      if (emit(job, r, 0)) return EXIT.failure;
      if (job.out.full) {
        await job.out.flush();
        if (job.out.closed) return EXIT.ok;
      }
    }
    job.progress.update(job.src.offset, job.messages);
  }
  return EXIT.ok;
}

/**
 * Raw: the reference decoder walks the messages (it is the decoder when the engine is the
 * reference); another engine is handed each window's whole messages, on its own dictionaries.
 */
async function decodeRaw(job: Job, set: TemplateSet, engine: FastDecoderAdapter | undefined, reset: Reset, strict: boolean): Promise<number> {
  const walker = new FastDecoder(set, { strict, reset: reset === 'message' ? 'message' : 'none' });
  if (engine && reset === 'packet') await engine.reset(); // one stream, one packet
  const { src, out } = job;
  const own: StreamDecodeResult = { messages: [], reports: [], error: null };
  const visit = engine
    ? undefined
    : (d: DecodedMessage) => {
        own.messages.push(d.message);
        for (const rep of d.reports) own.reports.push(rep);
      };
  for await (const w of rawWindows(src, walker, visit)) {
    if (w.tooLong) {
      emit(job, own, w.base);
      await out.flush();
      job.io.stderr.write(`fairwire decode: ${tooLongMessage(w.base + w.bytes.length)}\n`);
      return EXIT.failure;
    }
    let r: StreamDecodeResult;
    if (engine) {
      const pending = engine.decode(w.bytes, { reset: reset === 'message' ? 'message' : 'none' });
      r = pending instanceof Promise ? await pending : pending;
    } else {
      r = { messages: own.messages, reports: own.reports, error: w.error ? w.error.toCanonical() : null };
      if (w.error) for (const rep of walkerReports(walker)) r.reports.push(rep);
    }
    const stopped = emit(job, r, w.base);
    own.messages.length = 0;
    own.reports.length = 0;
    await out.flush();
    if (stopped) return EXIT.failure;
    if (out.closed) return EXIT.ok;
    if (w.error) {
      job.io.stderr.write(`fairwire decode: the engine decoded past the reference's error at offset ${w.error.offset + w.base}: ${w.error.message}\n`);
      return EXIT.failure;
    }
    job.progress.update(src.offset, job.messages);
  }
  return EXIT.ok;
}

/** Reports raised inside the message that failed (decodeStream keeps them too). */
function walkerReports(walker: FastDecoder): readonly CanonicalErrorBody[] {
  return (walker as unknown as { reports: CanonicalErrorBody[] }).reports;
}
