import { describe, it, expect } from 'vitest';
import { DmaRing, DmaWriter, RingReader, STATUS, recordId, recordStatus, recordWord } from './dma-ring.ts';

function message(w: DmaWriter, slots: number, tag: number): void {
  for (let k = 0; k < slots; k++) w.slot(1 + k, tag * 100 + k, 0);
  w.endMessage();
}

describe('DMA ring', () => {
  it('packs seven slots a record, flags continuation and end of message, flips the toggle per lap', () => {
    const ring = new DmaRing(2);
    const w = new DmaWriter(ring);
    const r = new RingReader(ring);
    message(w, 9, 1); // two records
    const a = r.poll()!;
    const b = r.poll()!;
    expect(recordStatus(a.bytes)).toBe(STATUS.toggle);
    expect(recordStatus(b.bytes)).toBe(STATUS.toggle | STATUS.eom | STATUS.cont);
    expect(recordId(a.bytes, 6)).toBe(7);
    expect(recordId(b.bytes, 2)).toBe(0);
    expect(recordWord(b.bytes, 1)).toBe(108n);
    expect(r.poll()).toBeNull();
    message(w, 1, 2); // second lap: toggle 0
    const c = r.poll()!;
    expect(recordStatus(c.bytes) & STATUS.toggle).toBe(0);
    expect(ring.writeSeq).toBe(3);
  });

  it('writes 64-bit values in two\'s complement, exactly, on both sides of 2^53', () => {
    const ring = new DmaRing(4);
    const w = new DmaWriter(ring);
    const values = [-(1n << 63n), -(1n << 53n) - 1n, -(1n << 53n), -1n, 0n, (1n << 53n), (1n << 53n) + 1n, (1n << 64n) - 1n];
    for (const v of values) w.slotBig(1, v);
    w.endMessage();
    const r = new RingReader(ring);
    const got: bigint[] = [];
    for (let rec = r.poll(); rec; rec = r.poll()) for (let s = 0; s < 7; s++) if (recordId(rec.bytes, s) === 1) got.push(recordWord(rec.bytes, s));
    expect(got).toEqual(values.map((v) => BigInt.asUintN(64, v)));
  });

  it('counts an overrun when the writer laps a slow reader, and resumes at the oldest intact record', () => {
    const ring = new DmaRing(3);
    const w = new DmaWriter(ring);
    const r = new RingReader(ring);
    for (let m = 0; m < 10; m++) message(w, 1, m);
    const rec = r.poll();
    expect(r.stats.overruns).toBe(1);
    expect(r.stats.lost).toBe(8);
    expect(rec).toBeNull();
    expect(r.resynced).toBe(true);
    const next = r.poll()!;
    expect(next.seq).toBe(8);
    expect(recordWord(next.bytes, 0)).toBe(800n);
  });

  it('detects a torn read: the line overwritten between the status and the words', () => {
    const ring = new DmaRing(1);
    const w = new DmaWriter(ring);
    const r = new RingReader(ring);
    message(w, 1, 1);
    expect(r.step()).toBeNull(); // status of record 0: ready
    w.slot(1, 999, 0); // the writer laps into the same line (BUSY)
    expect(r.step()).toBeNull(); // copies the half-written line
    expect(r.step()).toBeNull(); // status changed: torn, not delivered
    expect(r.stats.torn).toBe(1);
    expect(r.stats.delivered).toBe(0);
  });

  it('rejects a bad capacity', () => {
    expect(() => new DmaRing(0)).toThrow(RangeError);
  });
});
