import type { CaseObservation } from '../adapter.ts';
import { AdapterFault } from '../fault.ts';
import { CaseLog, type CaseLogLimits } from './case-log.ts';
import type { Op, ReadyMessage } from './protocol.ts';
import { VendorProcess, type ResultCheck, type VendorCommand, type VendorOptions } from './vendor-process.ts';

/**
 * A vendor that survives its own faults: the first request after an AdapterFault starts a fresh
 * process (new handshake) and runs `onRestart` on it first, so a component wrapper can re-send
 * the state it holds (loaded templates). State built up inside the dead process (FAST
 * dictionaries, sequencer instances) is gone: the fault already failed the property that used
 * it, and the runner moves on with a clean vendor.
 *
 * The session also keeps a case log (case-log.ts) across its processes: the requests sent and
 * the stderr written since `beginCase()`, for a failure's or a fault's report.
 */
export class VendorSession {
  private current: VendorProcess | undefined;
  private starting: Promise<VendorProcess> | undefined;
  private closed = false;
  private readonly log: CaseLog;
  /** Processes started so far (1 after the handshake; +1 per restart). */
  generation = 0;

  private constructor(
    readonly command: VendorCommand,
    private readonly options: VendorOptions,
    limits?: CaseLogLimits,
  ) {
    this.log = new CaseLog(limits);
  }

  /** Starts the first process now (its `ready` declares the capabilities). */
  static async open(command: VendorCommand, options: VendorOptions = {}, limits?: CaseLogLimits): Promise<VendorSession> {
    const s = new VendorSession(command, options, limits);
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
    if (this.closed) throw new AdapterFault('vendor session is closed', undefined, undefined, 'start');
    if (this.current?.alive) return this.current;
    return this.startFresh();
  }

  /**
   * Kills the current process (alive or not) and starts a fresh one — new handshake, then
   * `onRestart` — and waits for it. Instances created in the old process fault when used.
   * Throws an AdapterFault (kind `start`) when the new process does not come up.
   */
  async restart(): Promise<void> {
    if (this.closed) throw new AdapterFault('vendor session is closed', undefined, undefined, 'start');
    // A start already under way may be one that follows a fault: wait for it, then replace it.
    await this.starting?.catch(() => {});
    const old = this.current;
    this.current = undefined;
    if (old) await old.kill();
    await this.startFresh();
  }

  private startFresh(): Promise<VendorProcess> {
    this.starting ??= this.spawn().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async spawn(): Promise<VendorProcess> {
    const old = this.current;
    this.current = undefined;
    if (old) await old.kill();
    const p = await VendorProcess.start(this.command, this.options, this.log);
    this.generation++;
    if (this.generation > 1 && this.onRestart) {
      try {
        await this.onRestart(p);
      } catch (err) {
        await p.kill();
        throw err;
      }
    }
    this.current = p;
    return p;
  }

  /** A case starts: the request log is emptied, the stderr position marked. */
  beginCase(): void {
    this.log.begin();
  }

  /** The requests sent and the stderr written since `beginCase()` (bounded, see case-log.ts). */
  observe(): CaseObservation {
    return this.log.observe();
  }

  async close(): Promise<void> {
    this.closed = true;
    const p = this.current;
    this.current = undefined;
    await p?.close();
  }
}
