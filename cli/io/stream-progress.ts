/**
 * Progress of a streaming command on stderr — messages, MB read, MB/s, and the ETA when the
 * input's size is known — as one self-updating line, only when stderr is a terminal (a pipe or a
 * CI log gets nothing: the output must stay clean). At most one update every 250 ms.
 */
const EVERY_MS = 250;

export class StreamProgress {
  private readonly tty: boolean;
  private readonly t0 = Date.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly err: NodeJS.WritableStream,
    private readonly size: number | undefined,
    private readonly unit = 'messages',
  ) {
    this.tty = Boolean((err as { isTTY?: boolean }).isTTY);
  }

  /** `bytes` read so far, `count` units written so far. Cheap when nothing is shown. */
  update(bytes: number, count: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < EVERY_MS) return;
    this.last = now;
    this.err.write(`\r\u001b[2K${progressText(bytes, count, this.size, (now - this.t0) / 1000, this.unit)}`);
    this.shown = true;
  }

  /** Clears the line (before the command's last words on stderr). */
  done(): void {
    if (this.shown) this.err.write('\r\u001b[2K');
    this.shown = false;
  }
}

/** "1,234,567 messages · 40.0 MB · 85.3 MB/s · 12% · ETA 3 s" */
export function progressText(bytes: number, count: number, size: number | undefined, seconds: number, unit: string): string {
  const mb = bytes / 1e6;
  const rate = seconds > 0 ? mb / seconds : 0;
  const parts = [`${count.toLocaleString('en-US')} ${unit}`, `${mb.toFixed(1)} MB`, `${rate.toFixed(1)} MB/s`];
  if (size !== undefined && size > 0) {
    parts.push(`${Math.min(100, Math.floor((100 * bytes) / size))}%`);
    if (rate > 0) parts.push(`ETA ${Math.max(0, Math.round((size - bytes) / 1e6 / rate))} s`);
  }
  return parts.join(' · ');
}
