import { SequencerError, checkParticipant, checkTimestamp } from './errors.ts';
import type { ReleaseFn } from './jasper.ts';

/**
 * The CloudEx timeout sequencer, the known-unfair baseline: buffer every order and release the
 * smallest (timestamp, participant) once the clock reaches timestamp + timeout, without waiting
 * to hear from every participant. Fair only while every one-way delay is below the timeout: an
 * order that arrives after its deadline is released on arrival, after younger ones.
 * Dummies carry no information for it and are dropped.
 */
export class CloudExSequencer<T> {
  private ts: number[] = [];
  private pid: number[] = [];
  private seq: number[] = [];
  private payload: T[] = [];
  private arrivals = 0;
  private now = -Infinity;

  constructor(
    private readonly participants: number,
    private readonly timeout: number,
    private readonly onRelease: ReleaseFn<T>,
    private readonly maxBuffered = 1 << 24,
  ) {
    if (!Number.isInteger(participants) || participants < 1) {
      throw new SequencerError('bad-config', `participants must be a positive integer, got ${participants}`);
    }
    if (!Number.isSafeInteger(timeout) || timeout < 0) {
      throw new SequencerError('bad-config', `timeout must be a non-negative safe integer, got ${timeout}`);
    }
  }

  get buffered(): number {
    return this.ts.length;
  }

  enqueue(now: number, participant: number, timestamp: number, payload: T): void {
    checkParticipant(participant, this.participants);
    checkTimestamp(timestamp);
    this.advance(now);
    if (this.ts.length >= this.maxBuffered) throw new SequencerError('overflow', `more than ${this.maxBuffered} orders buffered`);
    this.push(timestamp, participant, this.arrivals++, payload);
    this.advance(now);
  }

  /** Releases every buffered order whose deadline (timestamp + timeout) has passed. */
  advance(now: number): void {
    checkTimestamp(now, 'now');
    if (now < this.now) throw new SequencerError('time-went-back', `now ${now} < ${this.now}`);
    this.now = now;
    while (this.ts.length > 0 && this.ts[0]! + this.timeout <= now) {
      const t = this.ts[0]!;
      const p = this.pid[0]!;
      const x = this.payload[0]!;
      this.popTop();
      this.onRelease(t, p, x);
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.ts[i]!;
    const b = this.ts[j]!;
    if (a !== b) return a < b;
    const pa = this.pid[i]!;
    const pb = this.pid[j]!;
    if (pa !== pb) return pa < pb;
    return this.seq[i]! < this.seq[j]!;
  }

  private swap(i: number, j: number): void {
    for (const arr of [this.ts, this.pid, this.seq, this.payload] as unknown[][]) {
      const x = arr[i];
      arr[i] = arr[j];
      arr[j] = x;
    }
  }

  private push(t: number, p: number, s: number, x: T): void {
    this.ts.push(t);
    this.pid.push(p);
    this.seq.push(s);
    this.payload.push(x);
    let i = this.ts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private popTop(): void {
    const last = this.ts.length - 1;
    this.swap(0, last);
    this.ts.pop();
    this.pid.pop();
    this.seq.pop();
    this.payload.pop();
    const n = this.ts.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
