import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ALL_FAST_CAPABILITIES, type FastCapabilities, type FastResetPolicy, type FastVariants } from '../../adapters/fast.ts';
import type { SubjectOutcome } from '../../properties/fast/fuzz.ts';

const HOST = fileURLToPath(new URL('./fast-fuzz-host.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

type Reply =
  | { id: number; result?: unknown; unsupported?: string; threw?: { message: string; stack?: string; stderrTail?: string }; hang?: { message: string; stderrTail?: string } }
  | { ready: true; name: string; capabilities?: FastCapabilities; variants?: FastVariants; restartable?: boolean }
  | { fatal: string };

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

/**
 * The subject decoder of a fuzz session, in a child process (its own process group, with the
 * vendor it starts): every call has a deadline, after which the group is killed (a hang) and a
 * fresh one started for the next call. `restart()` does the same on demand: a finding is
 * confirmed on a fresh process before it is saved.
 */
export class FuzzSubject {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 0;
  private pending: { id: number; resolve: (o: SubjectOutcome) => void } | undefined;
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
      execArgv: ['--import', TSX],
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
        } else if ('fatal' in m) reject(new Error(m.fatal));
        else if (this.pending && m.id === this.pending.id) {
          const p = this.pending;
          this.pending = undefined;
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
        reject(new Error(`subject process exited (${signal ?? code}) before it was ready: ${this.stderrTail.trim()}`));
        if (this.child !== child) return; // killed by us after a deadline: already answered
        this.child = undefined;
        this.ready = undefined;
        if (this.pending) {
          const p = this.pending;
          this.pending = undefined;
          const tail = this.stderrTail.trim();
          p.resolve({ kind: 'fault', message: `subject process exited (${signal ?? code}): ${tail.split('\n').slice(-3).join(' | ')}`, ...(tail ? { stderrTail: tail } : {}) });
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

  private async send(message: Record<string, unknown>, deadlineMs: number): Promise<SubjectOutcome> {
    await this.open();
    const child = this.child!;
    const id = this.nextId++;
    // A vendor is timed by its own per-request timeout in the host; this one is the backstop.
    const limit = this.restartable ? deadlineMs + HOST_MARGIN_MS : deadlineMs;
    return new Promise<SubjectOutcome>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        this.kill();
        resolve({ kind: 'hang', afterMs: limit });
      }, limit);
      this.pending = {
        id,
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      };
      try {
        child.send({ id, ...message });
      } catch (err) {
        this.pending = undefined;
        clearTimeout(timer);
        resolve({ kind: 'fault', message: `cannot reach the subject process: ${(err as Error).message}` });
      }
    });
  }

  private kill(): void {
    const c = this.child;
    this.child = undefined;
    this.ready = undefined;
    if (c) killGroup(c);
  }

  close(): void {
    this.kill();
  }
}
