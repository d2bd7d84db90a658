import type { CaseObservation } from '../adapter.ts';
import type { ProcessObserver } from './vendor-process.ts';

/** How much of a case a CaseLog keeps (all bounded: a chatty vendor costs no unbounded memory). */
export interface CaseLogLimits {
  /** Requests kept per case: the first half and the last half; those between are counted. */
  readonly maxRequests: number;
  /** Bytes of request JSON kept per case, shared the same way. */
  readonly maxRequestBytes: number;
  /** stderr lines shown for a case. */
  readonly maxStderrLines: number;
  /** stderr bytes shown for a case. */
  readonly maxStderrBytes: number;
}

export const DEFAULT_CASE_LOG_LIMITS: CaseLogLimits = {
  maxRequests: 2000,
  maxRequestBytes: 1024 * 1024,
  maxStderrLines: 40,
  maxStderrBytes: 4096,
};

/** A bounded FIFO of strings: the newest `maxItems` / `maxBytes` (by string length). */
class Ring {
  private items: (string | undefined)[] = [];
  private start = 0;
  private count = 0;
  private bytes = 0;
  dropped = 0;

  constructor(
    private readonly maxItems: number,
    private readonly maxBytes: number,
  ) {}

  push(s: string): void {
    while (this.count > 0 && (this.count >= this.maxItems || this.bytes + s.length > this.maxBytes)) this.shift();
    if (this.items.length < this.maxItems) this.items.push(s);
    else this.items[(this.start + this.count) % this.maxItems] = s;
    this.count++;
    this.bytes += s.length;
  }

  private shift(): void {
    const s = this.items[this.start]!;
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % Math.max(1, this.items.length);
    this.count--;
    this.bytes -= s.length;
    this.dropped++;
  }

  values(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.items.length]!);
    return out;
  }

  clear(): void {
    this.items = [];
    this.start = 0;
    this.count = 0;
    this.bytes = 0;
    this.dropped = 0;
  }
}

/** The last lines of `text`, at most `maxLines` and `maxBytes` characters (a longer last line keeps its end). */
export function tailLines(text: string, maxLines: number, maxBytes: number): string {
  const lines = text.replace(/\n+$/, '').split('\n');
  const kept: string[] = [];
  let bytes = 0;
  for (let i = lines.length - 1; i >= 0 && kept.length < maxLines; i--) {
    const line = lines[i]!;
    if (bytes + line.length + 1 > maxBytes) {
      if (kept.length === 0) kept.push(`…${line.slice(line.length - maxBytes + 1)}`);
      break;
    }
    kept.push(line);
    bytes += line.length + 1;
  }
  return kept.reverse().join('\n');
}

/**
 * What a vendor session saw during one case: every request sent (as the JSON lines that went
 * out, across restarts) and the vendor's stderr, split at `begin()`. Bounded by `limits`: the
 * first and the last requests of a long case are kept (the templates a FAST case loads, and the
 * request that hung), the ones between are counted.
 */
export class CaseLog implements ProcessObserver {
  private head: string[] = [];
  private headBytes = 0;
  /** A request went past the head: every later one goes to the tail (order kept). */
  private headFull = false;
  private readonly tail: Ring;
  private readonly lines: Ring;
  /** stderr lines completed since the session started, and that count when the case began. */
  private linesTotal = 0;
  private caseFirstLine = 0;
  private partial = '';
  /** The partial line got characters since the case began. */
  private partialInCase = false;

  constructor(readonly limits: CaseLogLimits = DEFAULT_CASE_LOG_LIMITS) {
    this.tail = new Ring(Math.max(1, limits.maxRequests - (limits.maxRequests >> 1)), limits.maxRequestBytes >> 1);
    // Lines before the case are kept too, for a case during which the vendor wrote nothing.
    this.lines = new Ring(limits.maxStderrLines * 2, limits.maxStderrBytes * 2);
  }

  /** A case starts: the request log is emptied and the stderr position marked. */
  begin(): void {
    this.head = [];
    this.headBytes = 0;
    this.headFull = false;
    this.tail.clear();
    this.caseFirstLine = this.linesTotal;
    this.partialInCase = false;
  }

  /** A request line as sent (JSON text). */
  sent(line: string): void {
    const half = this.limits.maxRequestBytes >> 1;
    const kept = line.length <= half ? line : oversize(line);
    if (!this.headFull && this.head.length < this.limits.maxRequests >> 1 && this.headBytes + kept.length <= half) {
      this.head.push(kept);
      this.headBytes += kept.length;
    } else {
      this.headFull = true;
      this.tail.push(kept);
    }
  }

  /** A chunk of the vendor's stderr. */
  stderr(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop()!;
    // A line without an end is kept to its last bytes: no unbounded buffering.
    if (this.partial.length > this.limits.maxStderrBytes) this.partial = this.partial.slice(-this.limits.maxStderrBytes);
    if (chunk.length > 0) this.partialInCase = parts.length === 0 || this.partial.length > 0;
    for (const line of parts) this.addLine(line);
  }

  /** The process ended: a last line without a newline is a line all the same. */
  ended(): void {
    if (this.partial.length > 0) this.addLine(this.partial);
    this.partial = '';
    this.partialInCase = false;
  }

  private addLine(line: string): void {
    const max = this.limits.maxStderrBytes;
    this.lines.push(line.length > max ? `…${line.slice(line.length - max + 1)}` : line);
    this.linesTotal++;
  }

  observe(): CaseObservation {
    const requests = this.requests();
    const stderrTail = this.stderrTail();
    return { ...(requests.length > 0 ? { requests } : {}), ...(stderrTail !== undefined ? { stderrTail } : {}) };
  }

  private requests(): unknown[] {
    const parse = (line: string): unknown => JSON.parse(line) as unknown;
    const out = this.head.map(parse);
    if (this.tail.dropped > 0) {
      out.push(`… ${this.tail.dropped} more request${this.tail.dropped === 1 ? '' : 's'} not kept (a case log keeps its first and last ${this.limits.maxRequests >> 1} requests, ${this.limits.maxRequestBytes} bytes in all) …`);
    }
    for (const line of this.tail.values()) out.push(parse(line));
    return out;
  }

  private stderrTail(): string | undefined {
    const all = this.lines.values();
    // Index of the case's first line among those kept (older ones may have left the ring).
    const firstKept = this.linesTotal - all.length;
    const fromCase = Math.max(0, this.caseFirstLine - firstKept);
    const during = all.slice(fromCase);
    if (this.partialInCase && this.partial) during.push(this.partial);
    const { maxStderrLines: maxLines, maxStderrBytes: maxBytes } = this.limits;
    if (during.length > 0) {
      const shown = tailLines(during.join('\n'), maxLines, maxBytes);
      const lost = this.linesTotal - this.caseFirstLine + (this.partialInCase && this.partial ? 1 : 0) - shown.split('\n').length;
      return lost > 0 ? `(… ${lost} earlier line${lost === 1 ? '' : 's'} of this case not kept)\n${shown}` : shown;
    }
    const before = all.slice(0, fromCase);
    if (this.partial && !this.partialInCase) before.push(this.partial);
    if (before.length === 0) return undefined;
    return `(nothing on stderr during this case; the last lines before it:)\n${tailLines(before.join('\n'), maxLines, maxBytes)}`;
  }
}

/** A request too large to keep whole: its seq and op, and the size of what was left out. */
function oversize(line: string): string {
  const m = /^\{"seq":(\d+),"op":"([^"]*)"/.exec(line);
  return JSON.stringify({ seq: m ? Number(m[1]) : null, op: m ? m[2] : null, params: `(${line.length} bytes, not kept)` });
}
