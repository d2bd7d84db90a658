import { AdapterFault } from '../fault.ts';
import type { Op, ReadyMessage } from './protocol.ts';
import { VendorProcess, type ResultCheck, type VendorCommand, type VendorOptions } from './vendor-process.ts';

/**
 * A vendor that survives its own faults: the first request after an AdapterFault starts a fresh
 * process (new handshake) and runs `onRestart` on it first, so a component wrapper can re-send
 * the state it holds (loaded templates). State built up inside the dead process (FAST
 * dictionaries, sequencer instances) is gone: the fault already failed the property that used
 * it, and the runner moves on to the next one with a clean vendor.
 */
export class VendorSession {
  private current: VendorProcess | undefined;
  private starting: Promise<VendorProcess> | undefined;
  private closed = false;
  /** Processes started so far (1 after the handshake; +1 per restart). */
  generation = 0;

  private constructor(
    readonly command: VendorCommand,
    private readonly options: VendorOptions,
  ) {}

  /** Starts the first process now (its `ready` declares the capabilities). */
  static async open(command: VendorCommand, options: VendorOptions = {}): Promise<VendorSession> {
    const s = new VendorSession(command, options);
    await s.process();
    return s;
  }

  /** Called on each restarted process before any request is sent to it. */
  onRestart: ((p: VendorProcess) => Promise<void>) | undefined;

  get ready(): ReadyMessage {
    if (!this.current) throw new Error('vendor session has no process');
    return this.current.ready;
  }

  get pid(): number | undefined {
    return this.current?.pid;
  }

  async request<T = unknown>(op: Op, params: Record<string, unknown>, check?: ResultCheck): Promise<T> {
    const p = await this.process();
    return p.request<T>(op, params, check);
  }

  /** The live process, starting (or restarting) one when needed. */
  async process(): Promise<VendorProcess> {
    if (this.closed) throw new AdapterFault('vendor session is closed');
    if (this.current?.alive) return this.current;
    if (!this.starting) {
      this.starting = this.restart().finally(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  private async restart(): Promise<VendorProcess> {
    const old = this.current;
    this.current = undefined;
    if (old) await old.kill();
    const p = await VendorProcess.start(this.command, this.options);
    this.generation++;
    if (this.generation > 1 && this.onRestart) await this.onRestart(p);
    this.current = p;
    return p;
  }

  async close(): Promise<void> {
    this.closed = true;
    const p = this.current;
    this.current = undefined;
    await p?.close();
  }
}
