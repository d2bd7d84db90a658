import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ALL_FAST_CAPABILITIES, type FastCapabilities, type FastResetPolicy, type FastVariants } from '../../adapters/fast.ts';
import type { SubjectOutcome } from '../../properties/fast/fuzz.ts';

// The host beside this module: compiled (dist/) it runs as plain JavaScript; from the sources it
// needs tsx. Either way it loads the subject with loadSubject, as every other command does.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const HOST = fileURLToPath(new URL(FROM_SOURCES ? './fast-fuzz-host.ts' : './fast-fuzz-host.js', import.meta.url));
const HOST_EXEC_ARGV = FROM_SOURCES ? ['--import', import.meta.resolve('tsx')] : [];

type Reply =
  | { id: number; result?: unknown; unsupported?: string; threw?: { message: string; stack?: string; stderrTail?: string }; hang?: { message: string; stderrTail?: string } }
  | { ready: true; name: string; capabilities?: FastCapabilities; variants?: FastVariants; restartable?: boolean }
  | { fatal: string; fault?: boolean };

/** Extra time the host of a vendor gets beyond the case deadline (the vendor's own timeout fires first). */
const HOST_MARGIN_MS = 10_000;

/** Hosts alive, killed with their process group when fairwire exits however it exits. */
const live = new Set<ChildProcess>();
let exitHook = false;

/** Kills the host and everything it started (a vendor looping forever does not read its stdin's end). */
function killGroup(child: ChildProcess): void {
  live.delete(child);
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** A request sent to the host and not answered yet. Its deadline runs only while it is the head. */
interface InFlight {
  readonly id: number;
  readonly message: Record<string, unknown>;
  readonly deadlineMs: number;
  readonly resolve: (o: SubjectOutcome) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * The subject decoder of a fuzz session, in a child process (its own process group, with the
 * vendor it starts): every call has a deadline, after which the group is killed (a hang) and a
 * fresh one started for the next call. `restart()` does the same on demand: a finding is
 * confirmed on a fresh process before it is saved.
 * Calls may overlap (the fuzzer keeps several cases in flight so that the host never waits for
 * the next one): the host answers them one at a time, in order, so the deadline of a call runs
 * from the moment the call before it was answered. When the head hangs or the host dies, the head
 * alone gets the verdict; the calls queued behind it are sent again to a fresh host.
 */
export class FuzzSubject {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 0;
  private readonly queue: InFlight[] = [];
  private stderrTail = '';
  name = '';
  /** What the subject declares (its `ready` line for a vendor); the fuzzer generates inside it. */
  capabilities: FastCapabilities = ALL_FAST_CAPABILITIES;
  /** The readings the subject declares (spec/fast/variants.md); undefined: the defaults. The reference follows them. */
  variants: FastVariants | undefined;
  /** Host processes started so far (1 after open; +1 per restart or hang). */
  generation = 0;
  /** The hosted adapter can start a fresh vendor process itself (a process adapter). */
  private restartable = false;

  /** `caseTimeoutMs`: a vendor's per-request timeout inside the host (see fast-fuzz-host.ts). */
  constructor(
    private readonly adapterSpec: string,
    private readonly caseTimeoutMs?: number,
  ) {}

  private start(): Promise<void> {
    const child = fork(HOST, [this.adapterSpec, ...(this.caseTimeoutMs ? [String(this.caseTimeoutMs)] : [])], {
      execArgv: HOST_EXEC_ARGV,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Its own group, so that killing it kills the vendor it spawned too.
      detached: true,
    });
    this.child = child;
    this.generation++;
    live.add(child);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const c of [...live]) killGroup(c);
      });
    }
    this.stderrTail = '';
    child.stderr?.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-2000);
    });
    return new Promise<void>((resolve, reject) => {
      child.on('message', (m: Reply) => {
        if ('ready' in m) {
          this.name = m.name;
          this.restartable = m.restartable === true;
          if (m.capabilities) this.capabilities = { ...m.capabilities };
          this.variants = m.variants ? { ...m.variants } : undefined;
          resolve();
        } else if ('fatal' in m) reject(Object.assign(new Error(m.fatal), { fault: m.fault === true }));
        else if (this.child === child && this.queue[0]?.id === m.id) {
          const p = this.shift();
          p.resolve(
            m.hang
              ? { kind: 'hang', afterMs: this.caseTimeoutMs ?? 0, ...m.hang }
              : m.threw
                ? { kind: 'threw', ...m.threw }
                : m.unsupported !== undefined
                  ? { kind: 'unsupported', reason: m.unsupported }
                  : { kind: 'result', result: m.result as never },
          );
        }
      });
      child.on('exit', (code, signal) => {
        live.delete(child);
        // Died before ready: nothing to load was wrong (that comes as `fatal`), so it is a fault.
        reject(Object.assign(new Error(`subject process exited (${signal ?? code}) before it was ready: ${this.stderrTail.trim()}`), { fault: true }));
        if (this.child !== child) return; // killed by us after a deadline: already answered
        this.child = undefined;
        this.ready = undefined;
        if (this.queue.length > 0) {
          // The host answers in order: it died in the head's case.
          const p = this.shift();
          const tail = this.stderrTail.trim();
          p.resolve({ kind: 'fault', message: `subject process exited (${signal ?? code}): ${tail.split('\n').slice(-3).join(' | ')}`, ...(tail ? { stderrTail: tail } : {}) });
          this.resendQueued();
        }
      });
    });
  }

  /** Starts the child (or throws its load error). */
  async open(): Promise<void> {
    this.ready ??= this.start();
    await this.ready;
  }

  /**
   * A fresh subject, never a reset: a process adapter kills its vendor and starts a new one
   * (new handshake) inside the host; anything else — or a restart that fails or does not
   * finish within `deadlineMs` — gets a new host process.
   */
  async restart(deadlineMs: number): Promise<void> {
    if (this.child && this.restartable) {
      const o = await this.send({ restart: true }, deadlineMs);
      if (o.kind === 'result') return;
    }
    this.kill();
    await this.open();
  }

  run(xml: string, bytes: Uint8Array, reset: FastResetPolicy, deadlineMs: number): Promise<SubjectOutcome> {
    return this.send({ xml, bytes, reset }, deadlineMs);
  }

  /** Calls sent and not answered yet. */
  get inFlight(): number {
    return this.queue.length;
  }

  private send(message: Record<string, unknown>, deadlineMs: number): Promise<SubjectOutcome> {
    return new Promise<SubjectOutcome>((resolve) => {
      const entry: InFlight = { id: this.nextId++, message, deadlineMs, resolve };
      this.queue.push(entry);
      void this.transmit(entry);
    });
  }

  /** Sends `entry` to the host (started if need be); arms its deadline when it is the head. */
  private async transmit(entry: InFlight): Promise<void> {
    try {
      await this.open();
    } catch (err) {
      // No host could be started: every queued call learns it (they would all meet the same).
      if (this.queue.includes(entry)) {
        this.queue.splice(this.queue.indexOf(entry), 1);
        entry.resolve({ kind: 'fault', message: `cannot start the subject process: ${(err as Error).message}` });
      }
      return;
    }
    if (!this.queue.includes(entry)) return;
    try {
      this.child!.send({ id: entry.id, ...entry.message });
    } catch (err) {
      this.queue.splice(this.queue.indexOf(entry), 1);
      entry.resolve({ kind: 'fault', message: `cannot reach the subject process: ${(err as Error).message}` });
      return;
    }
    if (this.queue[0] === entry) this.arm(entry);
  }

  /** The head's deadline: a vendor is timed by its own per-request timeout in the host; this one is the backstop. */
  private arm(entry: InFlight): void {
    if (entry.timer) return;
    const limit = this.restartable ? entry.deadlineMs + HOST_MARGIN_MS : entry.deadlineMs;
    entry.timer = setTimeout(() => {
      if (this.queue[0] !== entry) return;
      this.queue.shift();
      this.kill();
      entry.resolve({ kind: 'hang', afterMs: limit });
      this.resendQueued();
    }, limit);
  }

  /** Removes and returns the head (answered), and starts the next one's deadline. */
  private shift(): InFlight {
    const head = this.queue.shift()!;
    clearTimeout(head.timer);
    if (this.queue[0]) this.arm(this.queue[0]);
    return head;
  }

  /** After the host was killed or died: the calls still queued go, in order, to a fresh host. */
  private resendQueued(): void {
    const again = this.queue.splice(0);
    for (const e of again) {
      clearTimeout(e.timer);
      const fresh: InFlight = { id: this.nextId++, message: e.message, deadlineMs: e.deadlineMs, resolve: e.resolve };
      this.queue.push(fresh);
      void this.transmit(fresh);
    }
  }

  private kill(): void {
    const c = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (c) killGroup(c);
  }

  /** Kills the host; calls still queued are answered as faults (never re-sent: nobody waits). */
  close(): void {
    const left = this.queue.splice(0);
    this.kill();
    for (const e of left) {
      clearTimeout(e.timer);
      e.resolve({ kind: 'fault', message: 'the fuzz session closed the subject' });
    }
  }
}
