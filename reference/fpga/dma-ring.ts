/**
 * The DMA ring (spec/fpga/dma-record.md): records of 64 bytes, one x86 cache line, in an
 * ArrayBuffer shared by the writer (the FPGA's DMA engine) and a polling reader (the host).
 *
 * Line 0 is a control block: the writer publishes the number of records it has completed
 * (`writeSeq`, as two little-endian u32 at bytes 0..7), as NICs write back a tail pointer.
 * Lines 1..capacity hold records. In a record, words 0..6 are values and word 7 holds the seven
 * slot ids (bytes 56..62) and the status byte (byte 63):
 *   bit 0 TOGGLE  the lap parity: record `seq` carries (floor(seq / capacity) + 1) & 1, so a
 *                 zeroed ring reads as "nothing new" and a stale record from the previous lap
 *                 never looks new
 *   bit 1 EOM     last record of a message
 *   bit 2 ERR     the message ended in a decode error (the error slot says which)
 *   bit 3 CONT    the record continues the message of the previous record
 *   bit 4 BUSY    the writer is filling this line (set first, cleared by the final status write)
 * The reader is a seqlock: status, words, status again (must be equal, not BUSY, right toggle),
 * then `writeSeq`: more than `capacity` records ahead of the reader means it was lapped — the
 * lost records are counted (never silently skipped) and the reader resynchronises.
 */
export const RECORD_BYTES = 64;
export const SLOTS_PER_RECORD = 7;
export const STATUS = { toggle: 0x01, eom: 0x02, err: 0x04, cont: 0x08, busy: 0x10 } as const;

export class DmaRing {
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly u32: Uint32Array;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1 << 24) throw new RangeError(`ring capacity must be 1..2^24 records, got ${capacity}`);
    this.buffer = new ArrayBuffer(RECORD_BYTES * (capacity + 1));
    this.u8 = new Uint8Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
  }

  /** Records the writer has completed (the control block). */
  get writeSeq(): number {
    return this.u32[0]! + this.u32[1]! * 0x1_0000_0000;
  }

  set writeSeq(n: number) {
    // Set once per record: no division while the count fits 32 bits.
    this.u32[0] = n >>> 0;
    this.u32[1] = n > 0xffff_ffff ? Math.floor(n / 0x1_0000_0000) : 0;
  }

  /** Byte offset of the line holding record `seq`. */
  lineOffset(seq: number): number {
    return RECORD_BYTES * ((seq % this.capacity) + 1);
  }

  /** The toggle value record `seq` carries. */
  toggleFor(seq: number): number {
    return (Math.floor(seq / this.capacity) + 1) & 1;
  }
}

/** A record as the reader delivers it: its sequence number and a copy of its 64 bytes. */
export interface RingRecord {
  readonly seq: number;
  readonly bytes: Uint8Array;
}

export function recordStatus(r: Uint8Array): number {
  return r[63]!;
}

export function recordId(r: Uint8Array, slot: number): number {
  return r[56 + slot]!;
}

/** Slot value as [lo, hi] u32 halves. */
export function recordWord(r: Uint8Array, slot: number): bigint {
  const dv = new DataView(r.buffer, r.byteOffset, 64);
  return dv.getBigUint64(slot * 8, true);
}

/** The DMA engine: packs slots (id + 64-bit word) into records, in place in the ring. */
export class DmaWriter {
  private seq = 0;
  /** Line of record `seq` (1..capacity) and its toggle, kept incrementally (no division per record). */
  private line = 1;
  private lapToggle = 1;
  /**
   * Slots used in the open record; 7 (full) when none is open, so that a writer that only tests
   * for "full" opens a record before its first slot. Public for the JIT's inline slot writes:
   * `if (slotN === 7) spill()`, then word `base + 2 * slotN`, id byte `4 * base + 56 + slotN`.
   */
  slotN: number = SLOTS_PER_RECORD;
  /** u32 index of the open record's first word, -1 when none is open. */
  base = -1;
  private cont = false;
  /** The ring's bytes and words (the JIT writes slots into them in place). */
  readonly u8: Uint8Array;
  readonly u32: Uint32Array;
  /** Whether the toggle flips on every lap (false only in the `fpga-toggle-no-flip` mutant). */
  protected flipToggle = true;
  /** Called after every completed record (a host that polls as fast as records arrive). */
  onRecord: (() => void) | undefined = undefined;

  /** The ring as 8-byte words (zeroing unused slots). */
  private readonly f64: Float64Array;
  private readonly capacity: number;

  constructor(readonly ring: DmaRing) {
    this.u8 = ring.u8;
    this.u32 = ring.u32;
    this.f64 = new Float64Array(ring.buffer);
    this.capacity = ring.capacity;
  }

  /** Records completed so far. */
  get written(): number {
    return this.seq;
  }

  private toggle(): number {
    return this.flipToggle ? this.lapToggle : 1;
  }

  private open(): void {
    const b = this.line << 4;
    // Status first (BUSY, this lap's toggle; ids 4..6 cleared in the same little-endian word),
    // then ids 0..3. Value words are written by the slots; close() zeroes the unused ones.
    this.u32[b + 15] = (STATUS.busy | this.toggle()) << 24;
    this.u32[b + 14] = 0;
    this.base = b;
    this.slotN = 0;
  }

  private close(flags: number): void {
    const b = this.base;
    // The unused value words of a message's last record, zeroed 8 bytes a store (0.0 is all zeros).
    for (let i = this.slotN; i < SLOTS_PER_RECORD; i++) this.f64[(b >> 1) + i] = 0;
    this.u8[(b << 2) + 63] = this.toggle() | flags | (this.cont ? STATUS.cont : 0);
    const seq = ++this.seq;
    if (++this.line > this.capacity) {
      this.line = 1;
      this.lapToggle ^= 1;
    }
    this.ring.writeSeq = seq;
    this.base = -1;
    this.slotN = SLOTS_PER_RECORD;
    this.onRecord?.();
  }

  /** Makes room for a slot: opens a record, closing a full one first (the next continues it). */
  spill(): void {
    if (this.base >= 0) {
      this.close(0);
      this.cont = true;
    }
    this.open();
  }

  /** One slot: field id and the 64-bit word as u32 halves. */
  slot(id: number, lo: number, hi: number): void {
    if (this.slotN === SLOTS_PER_RECORD) this.spill();
    const n = this.slotN++;
    this.u32[this.base + 2 * n] = lo;
    this.u32[this.base + 2 * n + 1] = hi;
    this.u8[(this.base << 2) + 56 + n] = id;
  }

  /** One slot from a signed or unsigned 64-bit bigint (two's complement). */
  slotBig(id: number, v: bigint): void {
    const n = Number(v);
    // Exact doubles take the number path (no bigint temporaries); the rest split as bigint.
    if (Number.isSafeInteger(n)) this.slot(id, n >>> 0, Math.floor(n / 0x1_0000_0000) >>> 0);
    else this.slot(id, Number(BigInt.asUintN(32, v)), Number(BigInt.asUintN(32, v >> 32n)));
  }

  /** A length-prefixed ascii value straight from the input: bytes[start, end) with bit 7 cleared. */
  asciiRange(id: number, src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.slot(id, n, 0);
    for (let i = start; i < end; i += 8) {
      let lo = 0;
      let hi = 0;
      for (let k = 0; k < 4 && i + k < end; k++) lo |= (src[i + k]! & 0x7f) << (8 * k);
      for (let k = 4; k < 8 && i + k < end; k++) hi |= (src[i + k]! & 0x7f) << (8 * (k - 4));
      this.slot(0xff, lo >>> 0, hi >>> 0);
    }
  }

  /** A length-prefixed value: (id, length) then the bytes packed 8 to a continuation slot. */
  bytes(id: number, data: Uint8Array): void {
    const n = data.length;
    this.slot(id, n, 0);
    for (let i = 0; i < n; i += 8) {
      let lo = 0;
      let hi = 0;
      for (let k = 0; k < 4 && i + k < n; k++) lo |= data[i + k]! << (8 * k);
      for (let k = 4; k < 8 && i + k < n; k++) hi |= data[i + k]! << (8 * (k - 4));
      this.slot(0xff, lo >>> 0, hi >>> 0);
    }
  }

  /** Closes the message's last record (EOM); `error` adds ERR. A message with no slot writes none. */
  endMessage(error = false): void {
    if (this.base < 0) {
      if (!error) return;
      this.open();
    }
    this.close(STATUS.eom | (error ? STATUS.err : 0));
    this.cont = false;
  }

  /** Abandons nothing: the hardware cannot unwrite; the ERR record tells the host to drop the message. */
}

/** Reader phases, so that tests can interleave writer steps between them (a torn read). */
export type ReadPhase = 'status' | 'words' | 'check';

export interface ReaderStats {
  /** Records delivered. */
  delivered: number;
  /** Times the reader found itself lapped. */
  overruns: number;
  /** Records lost to overruns. */
  lost: number;
  /** Reads that saw the line change underneath (retried). */
  torn: number;
}

/** The host's polling reader (seqlock, see the module comment). */
export class RingReader {
  private seq = 0;
  private phase: ReadPhase = 'status';
  private s1 = 0;
  private readonly copy = new Uint8Array(RECORD_BYTES);
  readonly stats: ReaderStats = { delivered: 0, overruns: 0, lost: 0, torn: 0 };
  /** Set after an overrun: the host must drop a partially assembled message. */
  resynced = false;
  /** Whether the second status read is checked (false only in the `fpga-reader-accepts-torn` mutant). */
  protected checkTorn = true;

  constructor(readonly ring: DmaRing) {}

  /** Sequence number of the next record to read. */
  get position(): number {
    return this.seq;
  }

  /**
   * One phase of a read. Returns the record when a read completes, null when nothing is
   * available yet (or the read was torn / lapped and must start again).
   */
  step(): RingRecord | null {
    const ring = this.ring;
    const off = ring.lineOffset(this.seq);
    switch (this.phase) {
      case 'status': {
        if (this.lapped()) return null;
        const s = ring.u8[off + 63]!;
        if ((s & STATUS.busy) !== 0 || (s & STATUS.toggle) !== ring.toggleFor(this.seq)) return null;
        this.s1 = s;
        this.phase = 'words';
        return null;
      }
      case 'words':
        this.copy.set(ring.u8.subarray(off, off + RECORD_BYTES));
        this.phase = 'check';
        return null;
      case 'check': {
        this.phase = 'status';
        const s2 = ring.u8[off + 63]!;
        if (this.checkTorn && (s2 !== this.s1 || this.copy[63] !== this.s1)) {
          this.stats.torn++;
          return null;
        }
        if (this.lapped()) return null;
        const rec: RingRecord = { seq: this.seq, bytes: this.copy.slice() };
        rec.bytes[63] = this.s1;
        this.seq++;
        this.stats.delivered++;
        return rec;
      }
    }
  }

  /** A whole read (all phases); null when no new record is ready. */
  poll(): RingRecord | null {
    for (let i = 0; i < 3; i++) {
      const r = this.step();
      if (r !== null) return r;
      if (this.phase === 'status') return null;
    }
    return null;
  }

  /** Detects being lapped: counts the lost records and jumps to the oldest intact one. */
  private lapped(): boolean {
    const w = this.ring.writeSeq;
    if (w - this.seq <= this.ring.capacity) return false;
    // The record at w is being (or will next be) written over the line of w - capacity.
    const oldest = w - this.ring.capacity + 1;
    this.stats.overruns++;
    this.stats.lost += oldest - this.seq;
    this.seq = oldest;
    this.phase = 'status';
    this.resynced = true;
    return true;
  }
}
