import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ALL_FAST_CAPABILITIES, type FastCapabilities, type FastResetPolicy } from '../../adapters/fast.ts';
import type { SubjectOutcome } from '../../properties/fast/fuzz.ts';

const HOST = fileURLToPath(new URL('./fast-fuzz-host.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

type Reply =
  | { id: number; result?: unknown; unsupported?: string; threw?: { message: string; stack?: string } }
  | { ready: true; name: string; capabilities?: FastCapabilities }
  | { fatal: string };

/**
 * The subject decoder of a fuzz session, in a child process: every call has a deadline, after
 * which the child is killed (a hang) and a fresh one started for the next call.
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

  constructor(private readonly adapterSpec: string) {}

  private start(): Promise<void> {
    const child = fork(HOST, [this.adapterSpec], { execArgv: ['--import', TSX], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    this.stderrTail = '';
    child.stderr?.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString('utf8')).slice(-2000);
    });
    return new Promise<void>((resolve, reject) => {
      child.on('message', (m: Reply) => {
        if ('ready' in m) {
          this.name = m.name;
          if (m.capabilities) this.capabilities = { ...m.capabilities };
          resolve();
        } else if ('fatal' in m) reject(new Error(m.fatal));
        else if (this.pending && m.id === this.pending.id) {
          const p = this.pending;
          this.pending = undefined;
          p.resolve(
            m.threw ? { kind: 'threw', ...m.threw } : m.unsupported !== undefined ? { kind: 'unsupported', reason: m.unsupported } : { kind: 'result', result: m.result as never },
          );
        }
      });
      child.on('exit', (code, signal) => {
        reject(new Error(`subject process exited (${signal ?? code}) before it was ready: ${this.stderrTail.trim()}`));
        if (this.child !== child) return; // killed by us after a deadline: already answered
        this.child = undefined;
        this.ready = undefined;
        if (this.pending) {
          const p = this.pending;
          this.pending = undefined;
          p.resolve({ kind: 'fault', message: `subject process exited (${signal ?? code}): ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}` });
        }
      });
    });
  }

  /** Starts the child (or throws its load error). */
  async open(): Promise<void> {
    this.ready ??= this.start();
    await this.ready;
  }

  async run(xml: string, bytes: Uint8Array, reset: FastResetPolicy, deadlineMs: number): Promise<SubjectOutcome> {
    await this.open();
    const child = this.child!;
    const id = this.nextId++;
    return new Promise<SubjectOutcome>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        this.kill();
        resolve({ kind: 'hang', afterMs: deadlineMs });
      }, deadlineMs);
      this.pending = {
        id,
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      };
      try {
        child.send({ id, xml, bytes, reset });
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
    c?.kill('SIGKILL');
  }

  close(): void {
    this.kill();
  }
}
