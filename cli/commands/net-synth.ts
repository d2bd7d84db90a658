import { writeFileSync } from 'node:fs';
import { outputFile } from '../output-path.ts';
import { integerInRange, parseCommandOptions } from '../options.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { MARKET_DATA_TEMPLATES_XML } from '../net/market-data.ts';
import { SYNTH_FEEDS, SYNTH_VLAN, synthesize } from '../net/synth.ts';

const HELP = `fairwire net synth — write a synthetic, valid market-data capture

Usage: fairwire net synth --count N --seed S --out FILE [--fcs] [--pcapng] [--big-endian] [--ns]
                         [--templates-out FILE]

A seeded random mix of: FAST-encoded market data over UDP multicast (1-4 messages per
datagram, template in cli/net/market-data.ts, dictionaries reset per datagram) to
${SYNTH_FEEDS.map((f) => `${f.group}:${f.port}`).join(', ')}; ARP requests and replies;
IGMPv2 reports / leaves, IGMPv3 reports and general queries; unicast UDP and IPv6 noise.
Some frames carry an 802.1Q tag (VLAN ${SYNTH_VLAN}). Every checksum and FCS is valid.
The same seed always writes the same bytes.

Options:
  --count N      frames to write (required, 0..10000000)
  --seed S       integer seed (required)
  --out FILE     output file (required)
  --fcs          frames carry the 4-byte Ethernet FCS (flagged in the file header)
  --pcapng       write pcapng (default: classic pcap)
  --big-endian   write big-endian headers (default little-endian)
  --ns           nanosecond timestamps (default microseconds)
  --templates-out FILE   also write the FAST template XML the payloads use

Exit codes: 0 written, 2 usage error (a bad option, or an --out / --templates-out path that cannot
be created: refused before anything is generated).

Example:
  npx fairwire net synth --count 1000 --seed 7 --out /tmp/md.pcap --fcs
  npx fairwire net inspect /tmp/md.pcap --join 239.192.10.1:30001
  npx fairwire net synth --count 100 --seed 1 --out /tmp/md.pcap --templates-out /tmp/md.xml
  npx fairwire decode --templates /tmp/md.xml --framing pcap --reset packet --join 239.192.10.1:30001 /tmp/md.pcap
`;

export const netSynthCommand: Command = {
  path: ['net', 'synth'],
  summary: 'write a seeded synthetic capture: FAST over UDP multicast, ARP, IGMP, VLAN',
  help: HELP,
  async run(argv, io) {
    const v = parseCommandOptions(
      argv,
      {
        count: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        fcs: { type: 'boolean', default: false },
        pcapng: { type: 'boolean', default: false },
        'big-endian': { type: 'boolean', default: false },
        ns: { type: 'boolean', default: false },
        'templates-out': { type: 'string' },
      },
      { positionals: false },
    ).values;
    if (v.count === undefined) throw new UsageError('--count is required');
    if (v.seed === undefined) throw new UsageError('--seed is required');
    const count = integerInRange('--count', v.count, 0, 10_000_000);
    const seed = integerInRange('--seed', v.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    if (!v.out) throw new UsageError('--out FILE is required');
    // Both outputs checked (and their folders created) before anything is generated.
    outputFile(v.out, '--out');
    outputFile(v['templates-out'], '--templates-out');
    const { file, frames } = synthesize({
      count,
      seed,
      fcs: v.fcs ?? false,
      format: v.pcapng ? 'pcapng' : 'pcap',
      byteOrder: v['big-endian'] ? 'be' : 'le',
      resolution: v.ns ? 'ns' : 'us',
    });
    writeFileSync(v.out, file);
    if (v['templates-out']) writeFileSync(v['templates-out'], MARKET_DATA_TEMPLATES_XML);
    const fast = frames.filter((f) => f.messages).length;
    io.stderr.write(`wrote ${frames.length} frames (${fast} FAST datagrams) to ${v.out}, ${file.length} bytes\n`);
    return EXIT.ok;
  },
};

