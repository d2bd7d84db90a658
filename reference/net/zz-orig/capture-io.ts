import type { Capture, CaptureRecord, WriteOptions } from './capture.ts';
import { NetError } from './errors.ts';
import { isPcap, readPcap, writePcap } from './pcap.ts';
import { isPcapng, readPcapng, writePcapng } from './pcapng.ts';

/** Reads a pcap or pcapng file, recognised by its magic. Garbage is a NetError, never a crash. */
export function readCapture(b: Uint8Array): Capture {
  if (isPcapng(b)) return readPcapng(b);
  if (isPcap(b)) return readPcap(b);
  throw new NetError('capture-bad-magic', b.length < 4 ? `file of ${b.length} bytes` : 'neither pcap nor pcapng', 0);
}

export function writeCapture(records: readonly CaptureRecord[], opts: WriteOptions): Uint8Array {
  return opts.format === 'pcapng' ? writePcapng(records, opts) : writePcap(records, opts);
}
