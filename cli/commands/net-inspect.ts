import { readFileSync } from 'node:fs';
import { integerInRange, parseCommandOptions } from '../options.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { NetError } from '../../reference/net/errors.ts';
import { CaptureStreamParser } from '../../reference/net/pcap-stream.ts';
import { openInput } from '../io/byte-source.ts';
import { captureRecordBatches, FrameStreamError } from '../io/frame-stream.ts';
import { LineOutput } from '../io/line-output.ts';
import { StreamProgress } from '../io/stream-progress.ts';
import { DEFAULT_NIC_CONFIG, steeringForJoins, type NicConfig } from '../../reference/net/nic-config.ts';
import { Nic } from '../../reference/net/nic.ts';
import { parseFrame } from '../../reference/net/parse.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { parseJoin } from '../net/join-option.ts';

const HELP = `fairwire net inspect — one canonical JSON line per frame of a capture

Usage: fairwire net inspect FILE [--mac MAC] [--ip IP] [--join GROUP:PORT ...] [--port N ...]
                                 [--vlan ID] [--igmp 2|3] [--mtu N] [--templates XML]

Reads pcap or pcapng (either byte order, µs or ns, with or without FCS) and prints, per
frame: {"index" (0-based), "tsNs", "originalLength", "frame": the parsed canonical frame
(spec/net/frames.md) with every checksum's validity and any parse error with its offset,
"verdict": what the reference NIC configured as below does with
it (deliver / reply / consume / drop with a typed reason, and the path: joined group:port
pairs are steered to the fast path)}. The NIC sees the frames in order (ARP cache, IGMP).
A last line {"counters": ...} gives the per-path outcome counts.

Options:
  --mac MAC          the NIC's MAC (default ${DEFAULT_NIC_CONFIG.mac})
  --ip IP            the NIC's IPv4 address (default ${DEFAULT_NIC_CONFIG.ip})
  --join G:P         join multicast group G with a UDP socket on port P (repeatable)
  --port N           open UDP port N for unicast (repeatable)
  --vlan ID          accept only frames tagged with VLAN ID (default: untagged only)
  --igmp 2|3         IGMP version of the host's own reports (default 3)
  --mtu N            largest IPv4 packet accepted, up to 9000 (default 1500)
  --templates XML    decode what the fast path delivers as FAST (dictionaries reset per
                     datagram): adds "fast": {"messages", "error"} to those lines

The capture is streamed (any size, constant memory; FILE '-' reads stdin) and each line is
written as it is read; a closed pipe ends the command quietly.

Exit codes: 0 done, 1 the capture file is damaged or cut short (the frames before the damage
are printed, then a typed error with the record number and byte offset on stderr, and no
counters line), 2 usage error.

Example:
  npx fairwire net synth --count 20 --seed 1 --out /tmp/s.pcap
  npx fairwire net inspect /tmp/s.pcap --join 239.192.10.1:30001 --vlan 100
`;

export const netInspectCommand: Command = {
  path: ['net', 'inspect'],
  summary: 'print each frame of a pcap/pcapng as canonical JSON with checksums and the NIC verdict',
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandOptions(argv, {
      mac: { type: 'string' },
      ip: { type: 'string' },
      join: { type: 'string', multiple: true },
      port: { type: 'string', multiple: true },
      vlan: { type: 'string' },
      igmp: { type: 'string' },
      mtu: { type: 'string' },
      templates: { type: 'string' },
    });
    const { values: v, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    const joins = (v.join ?? []).map(parseJoin);
    const base: NicConfig = {
      ...DEFAULT_NIC_CONFIG,
      mac: v.mac ?? DEFAULT_NIC_CONFIG.mac,
      ip: v.ip ?? DEFAULT_NIC_CONFIG.ip,
      joins,
      ports: (v.port ?? []).map((p) => portNumber(p, '--port')),
      vlan: v.vlan === undefined ? null : intIn(v.vlan, '--vlan', 1, 4094),
      igmpVersion: v.igmp === undefined ? 3 : (intIn(v.igmp, '--igmp', 2, 3) as 2 | 3),
      mtu: v.mtu === undefined ? 1500 : intIn(v.mtu, '--mtu', 68, 9000),
      steering: steeringForJoins(joins),
    };
    let decoder: FastDecoder | undefined;
    if (v.templates !== undefined) {
      try {
        decoder = new FastDecoder(parseTemplates(readFileSync(v.templates, 'utf8'), { file: v.templates }));
      } catch (e) {
        throw new UsageError(`--templates ${v.templates}: ${(e as Error).message}`);
      }
    }
    const nics = new Map<boolean, Nic>();
    const nicFor = (fcs: boolean): Nic => {
      let n = nics.get(fcs);
      if (!n) {
        try {
          n = new Nic({ ...base, fcs });
        } catch (e) {
          if (e instanceof NetError) throw new UsageError(e.message);
          throw e;
        }
        nics.set(fcs, n);
      }
      return n;
    };
    nicFor(false);
    const src = await openInput(positionals, io);
    const parser = new CaptureStreamParser();
    const out = new LineOutput(io.stdout);
    const progress = new StreamProgress(io.stderr, src.size, 'frames');
    let frames = 0;
    try {
      for await (const batch of captureRecordBatches(src, parser)) {
        for (const { index, record: r } of batch) {
          const frame = parseFrame(r.data, { fcs: r.fcs });
          const verdict = nicFor(r.fcs).receive(r.data);
          const line: Record<string, unknown> = { index, tsNs: r.tsNs, originalLength: r.originalLength, frame, verdict };
          // The fast path feeds the FAST decoder (one datagram = one chunk, fresh dictionaries).
          if (decoder && verdict.action === 'deliver' && verdict.path === 'fast') {
            decoder.reset();
            const d = decoder.decodeStream(Buffer.from(verdict.payload, 'hex'));
            line['fast'] = { messages: d.messages, error: d.error };
          }
          out.line(toCanonicalJson(line));
          if (out.full) {
            await out.flush();
            if (out.closed) return EXIT.ok;
          }
        }
        frames = parser.records;
        progress.update(src.offset, frames);
      }
    } catch (e) {
      if (!(e instanceof FrameStreamError)) throw e;
      await out.flush();
      progress.done();
      io.stderr.write(`fairwire net inspect: ${e.message.replace(/^pcap: /, '')} (the ${parser.records} frames before it were printed)\n`);
      return EXIT.failure;
    } finally {
      progress.done();
      await out.flush();
    }
    const counters = [...nics.values()].map((n) => n.counters());
    const sum = { fast: {} as Record<string, number>, slow: {} as Record<string, number> };
    for (const c of counters) for (const p of ['fast', 'slow'] as const) for (const [k, n] of Object.entries(c[p])) sum[p][k] = (sum[p][k] ?? 0) + n;
    out.line(toCanonicalJson({ counters: sum, frames: parser.records, format: parser.format, byteOrder: parser.byteOrder ?? 'le', resolution: parser.resolution }));
    await out.end();
    return EXIT.ok;
  },
};

function portNumber(s: string, what: string): number {
  return intIn(s, what, 0, 65535);
}

function intIn(s: string, what: string, lo: number, hi: number): number {
  return integerInRange(what, s, lo, hi);
}
