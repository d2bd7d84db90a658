/**
 * How FAST messages sit in a byte stream: `raw` (back to back, one stream) or a framing that cuts
 * the input into chunks decoded one after the other on the same dictionaries. A table so that
 * other framings (e.g. pcap, by the net component) plug in with `registerFraming`.
 */
export class FramingError extends Error {
  override readonly name = 'FramingError';
}

export interface Framing {
  readonly name: string;
  readonly description: string;
  /** The chunks of the input; throws FramingError on a malformed frame. */
  split(bytes: Uint8Array): Uint8Array[];
  /** The inverse: frames the chunks. */
  join(chunks: readonly Uint8Array[]): Uint8Array;
  /** Only decode reads it (`join` throws): encode neither offers nor accepts it. */
  readonly decodeOnly?: boolean;
}

const framings = new Map<string, Framing>();

export function registerFraming(f: Framing): void {
  framings.set(f.name, f);
}

export function framing(name: string): Framing | undefined {
  return framings.get(name);
}

export function framingNames(): string[] {
  return [...framings.keys()];
}

/** The framings encode can write. */
export function encodableFramingNames(): string[] {
  return [...framings.values()].filter((f) => !f.decodeOnly).map((f) => f.name);
}

registerFraming({
  name: 'raw',
  description: 'messages back to back',
  split: (bytes) => [bytes],
  join: (chunks) => concat(chunks),
});

registerFraming({
  name: 'len32le',
  description: 'each chunk preceded by its length, uint32 little-endian',
  split(bytes) {
    const out: Uint8Array[] = [];
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let o = 0;
    while (o < bytes.length) {
      if (o + 4 > bytes.length) throw new FramingError(`len32le: ${bytes.length - o} trailing bytes at offset ${o}, too short for a length`);
      const n = view.getUint32(o, true);
      if (o + 4 + n > bytes.length) throw new FramingError(`len32le: frame at offset ${o} claims ${n} bytes, only ${bytes.length - o - 4} remain`);
      out.push(bytes.subarray(o + 4, o + 4 + n));
      o += 4 + n;
    }
    return out;
  },
  join(chunks) {
    const parts: Uint8Array[] = [];
    for (const c of chunks) {
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, c.length, true);
      parts.push(len, c);
    }
    return concat(parts);
  },
});

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
