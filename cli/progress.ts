import type { RunEvent } from '../properties/runner.ts';

/**
 * Progress on stderr while properties run: a self-updating line on a terminal, one line per
 * finished property (and at most one heartbeat line every 10 s) when stderr is a pipe or a CI log.
 */
export class Progress {
  private readonly tty: boolean;
  private units = 0;
  private unitsDone = 0;
  private failures = 0;
  private current = '';
  private runs = 0;
  private lastHeartbeat = Date.now();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly quiet = false,
  ) {
    this.tty = Boolean((out as { isTTY?: boolean }).isTTY);
  }

  plan(component: string, units: number): void {
    this.units += units;
    this.line(`[${component}] ${units} work units`);
  }

  event(component: string, e: RunEvent): void {
    if (this.quiet) return;
    switch (e.type) {
      case 'property-start':
        this.current = e.id;
        this.status();
        break;
      case 'unit-done':
        // Units of all properties interleave (a shared time budget), so show the latest one.
        this.current = e.id;
        this.unitsDone++;
        this.runs += e.runs;
        if (e.failed) this.failures++;
        this.status();
        break;
      case 'property-done': {
        const r = e.result;
        const runs = r.runs < r.runsAsked ? `${r.runs}/${r.runsAsked}` : String(r.runs);
        this.line(`[${component}] ${r.status.padEnd(16)} ${r.id} (${runs} runs, ${(r.durationMs / 1000).toFixed(1)} s)`);
        break;
      }
    }
  }

  log(line: string): void {
    this.line(line);
  }

  done(): void {
    if (this.tty && !this.quiet) this.out.write('\r\u001b[2K');
  }

  private status(): void {
    const text = `${this.unitsDone}/${this.units} units · ${this.current} · ${this.runs} runs · ${this.failures} failing`;
    if (this.tty) this.out.write(`\r\u001b[2K${text.slice(0, 160)}`);
    else if (Date.now() - this.lastHeartbeat > 10_000) {
      this.lastHeartbeat = Date.now();
      this.out.write(`… ${text}\n`);
    }
  }

  private line(text: string): void {
    if (this.quiet) return;
    this.out.write(this.tty ? `\r\u001b[2K${text}\n` : `${text}\n`);
  }
}
