/**
 * A packet capture, independent of the file format: records with nanosecond timestamps.
 * pcap.ts and pcapng.ts read and write it; readCapture() picks the format from the magic.
 */
export const LINKTYPE_ETHERNET = 1;

export interface CaptureRecord {
  /** Nanoseconds since the Unix epoch. */
  readonly tsNs: bigint;
  /** Captured bytes (FCS included when `fcs` says so). */
  readonly data: Uint8Array;
  /** Length on the wire (>= data.length when the snapshot length cut it). */
  readonly originalLength: number;
  /** The record's last 4 bytes are the Ethernet FCS. */
  readonly fcs: boolean;
}

export interface Capture {
  readonly format: 'pcap' | 'pcapng';
  readonly byteOrder: 'le' | 'be';
  readonly resolution: 'us' | 'ns';
  readonly linkType: number;
  readonly records: CaptureRecord[];
}

export interface WriteOptions {
  readonly format: 'pcap' | 'pcapng';
  readonly byteOrder: 'le' | 'be';
  readonly resolution: 'us' | 'ns';
  /** Records carry the FCS (declared in the file header / interface block). */
  readonly fcs: boolean;
  readonly snaplen?: number;
}

/** Largest record we accept: bounds allocation on garbage files (pcap's own max is 256 KiB). */
export const MAX_RECORD = 262144;
