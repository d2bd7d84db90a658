import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AdapterFault, type AdapterFaultKind } from '../fault.ts';
import { tailLines } from './case-log.ts';
import { PROTOCOL_VERSION, validate, type Op, type ReadyMessage, type ReplyMessage, type RequestMessage } from './protocol.ts';
import { ProtocolFault } from './protocol-fault.ts';
import { describeViolations, type Violation } from './violation.ts';

/**
 * One running vendor program speaking the NDJSON protocol (spec/protocol/README.md): spawned
 * without a shell, handshaken, then driven with many requests in flight. Replies are matched by
 * `seq` and may come in any order.
 *
 * Anything outside the protocol breaks the process for good: it is killed and every pending
 * request rejects with an AdapterFault carrying what was sent and the tail of stderr. That
 * covers a crash, a hang (per-request timeout), a non-JSON line on stdout, a reply to a seq not
 * in flight, a schema violation in either direction and a line longer than `maxLineBytes`.
 * Restarting is the caller's choice (see vendor-session.ts).
 */
export interface VendorCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  /** Added to the harness's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface VendorOptions {
  /** Per-request deadline (default 10 s). */
  readonly timeoutMs?: number;
  /** Deadline for the `ready` line (default 10 s: interpreters and JITs start slowly). */
  readonly handshakeTimeoutMs?: number;
  /** strict: validate every message both ways; sample: every `sampleEvery`-th (default strict). */
  readonly validation?: 'strict' | 'sample';
  readonly sampleEvery?: number;
  /** A stdout line longer than this is a fault (default 64 MiB): no unbounded buffering. */
  readonly maxLineBytes?: number;
  /** How much of stderr to keep for fault reports (default 4 KiB). */
  readonly stderrTailBytes?: number;
  /** Components the harness means to test (sent in hello as a hint). */
  readonly components?: readonly string[];
}

/** Sees what goes to and comes from a process (a session's case log). */
export interface ProcessObserver {
  /** A request line as written to the vendor's stdin. */
  sent(line: string): void;
  /** A chunk of the vendor's stderr. */
  stderr(chunk: string): void;
  /** The process is gone (stderr closed). */
  ended(): void;
}

/** The vendor answered a request with `error`: a refusal inside the protocol, not a fault. */
export class VendorError extends Error {
  override readonly name = 'VendorError';
  constructor(
    readonly code: string,
    message: string,
    readonly op: Op,
  ) {
    super(`${op}: vendor error ${code}: ${message}`);
  }
}

/** The vendor answered with `skipped`: it does not handle this input. */
export class VendorSkipped extends Error {
  override readonly name = 'VendorSkipped';
  constructor(
    readonly reason: string,
    readonly op: Op,
  ) {
    super(`${op}: vendor skipped: ${reason}`);
  }
}

interface Pending {
  readonly request: RequestMessage;
  readonly deadline: number;
  readonly validateResult: boolean;
  /** A check beyond the op's schema (e.g. FAST values against the loaded templates). */
  readonly check: ResultCheck | undefined;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

/** Extra result check for one request: the violations found (empty when the result is good). */
export type ResultCheck = (result: unknown) => Violation[];

type State = 'starting' | 'ready' | 'broken' | 'closing' | 'closed';

const HARNESS = { name: 'fairwire', version: '0.1.0' } as const;

/** JSON text of a request; a bigint (a 64-bit value in a command) goes out as a decimal string. */
function stringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    // Rare path: only inputs holding bigints pay for the replacer.
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

export class VendorProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private state: State = 'starting';
  private brokenBy = '';
  private brokenKind: AdapterFaultKind | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 1;
  private partial = '';
  private stderr = '';
  private outBuf: string[] = [];
  private flushScheduled = false;
  private watchdog: NodeJS.Timeout | undefined;
  /** A deadline passed: one more look at stdout before the hang is called. */
  private lateCheck: NodeJS.Immediate | undefined;
  private exitInfo: string | undefined;
  private readonly closed: Promise<void>;
  private readyResolve!: (m: ReadyMessage) => void;
  private readyReject!: (e: Error) => void;
  private readonly timeoutMs: number;
  private readonly sampleEvery: number;
  private readonly maxLineBytes: number;
  private readonly stderrTailBytes: number;
  private counter = 0;
  /** The vendor's `ready` message, once the handshake is done. */
  ready!: ReadyMessage;

  private constructor(
    readonly command: VendorCommand,
    opts: VendorOptions,
    private readonly observer?: ProcessObserver,
  ) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.sampleEvery = opts.validation === 'sample' ? Math.max(1, opts.sampleEvery ?? 64) : 1;
    this.maxLineBytes = opts.maxLineBytes ?? 64 * 1024 * 1024;
    this.stderrTailBytes = opts.stderrTailBytes ?? 4096;
    this.child = spawn(command.command, [...command.args], {
      cwd: command.cwd,
      env: { ...process.env, ...command.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    this.closed = new Promise((resolve) =>
      this.child.once('close', () => {
        this.observer?.ended();
        resolve();
      }),
    );
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-this.stderrTailBytes);
      this.observer?.stderr(chunk);
    });
    this.child.stdin.on('error', () => {}); // EPIPE: the exit handler reports the crash
    this.child.on('error', (err) => this.fault(`could not run ${command.command}: ${err.message}`, 'start'));
    this.child.on('exit', (code, signal) => {
      this.exitInfo = signal ? `killed by ${signal}` : `exited with status ${code}`;
      // Replies still in the pipe arrive before 'close'; fail what remains then (or soon, if a
      // grandchild keeps the pipes open).
      setTimeout(() => this.onGone(), 500).unref();
    });
    this.child.on('close', () => this.onGone());
  }

  /**
   * Spawns the vendor and completes the handshake (hello -> ready). Throws an AdapterFault of
   * kind `start` whose message ends with the vendor's last stderr lines (read to the end: the
   * process is reaped first), so a vendor that dies or hangs before `ready` says why.
   */
  static async start(command: VendorCommand, opts: VendorOptions = {}, observer?: ProcessObserver): Promise<VendorProcess> {
    const p = new VendorProcess(command, opts, observer);
    const ready = new Promise<ReadyMessage>((resolve, reject) => {
      p.readyResolve = resolve;
      p.readyReject = reject;
    });
    const hello = { type: 'hello', protocol: PROTOCOL_VERSION, harness: HARNESS, ...(opts.components ? { components: [...opts.components] } : {}) };
    const bad = validate.hello(hello);
    if (bad) throw new Error(`harness bug: invalid hello: ${bad}`);
    p.write(JSON.stringify(hello));
    const timer = setTimeout(() => p.fault(`no ready line within ${opts.handshakeTimeoutMs ?? 10_000} ms of hello`, 'start'), opts.handshakeTimeoutMs ?? 10_000);
    try {
      p.ready = await ready;
    } catch (e) {
      await p.kill();
      const tail = tailLines(p.stderr, 20, 2048);
      const said = tail.trim() ? `; its stderr ends with:\n${tail}` : '; it wrote nothing on stderr';
      const what = (e as Error).message;
      throw new AdapterFault(`${what}${/ready (line|message)/.test(what) ? '' : ' (before its ready line)'}${said}`, undefined, p.stderr, 'start');
    } finally {
      clearTimeout(timer);
    }
    return p;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True until a fault or close. */
  get alive(): boolean {
    return this.state === 'ready';
  }

  /** Requests sent and not yet answered. */
  get inFlight(): number {
    return this.pending.size;
  }

  stderrTail(): string {
    return this.stderr;
  }

  /**
   * Sends one request; resolves with its result. Rejects with AdapterFault (ProtocolFault for a
   * result that breaks its schema or `check`), VendorError or VendorSkipped. Results are checked
   * whenever the request is validated (every one in strict mode).
   */
  request<T = unknown>(op: Op, params: Record<string, unknown>, check?: ResultCheck): Promise<T> {
    const request: RequestMessage = { seq: this.nextSeq++, op, params };
    if (this.state !== 'ready') {
      return Promise.reject(new AdapterFault(`vendor is not running (${this.brokenBy || this.state})`, request, this.stderr, this.brokenKind ?? 'crash'));
    }
    const sampled = this.counter++ % this.sampleEvery === 0;
    if (sampled) {
      const bad = validate.request(request);
      if (bad) return Promise.reject(new Error(`harness bug: request violates spec/protocol/request.schema.json: ${bad}`));
    }
    const line = stringify(request);
    this.observer?.sent(line);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(request.seq, {
        request,
        deadline: Date.now() + this.timeoutMs,
        validateResult: sampled,
        check,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.write(line);
      if (!this.watchdog && !this.lateCheck) this.arm(this.timeoutMs);
    });
  }

  /** Clean shutdown: bye, close stdin, wait up to `graceMs`, then SIGKILL. Idempotent. */
  async close(graceMs = 2000): Promise<void> {
    if (this.state === 'closed' || this.state === 'closing') return this.closed;
    const wasReady = this.state === 'ready';
    this.state = 'closing';
    this.rejectAll(() => new Error('vendor closed by the harness'));
    if (wasReady) {
      this.write(JSON.stringify({ type: 'bye' }));
      this.flush();
    }
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.closed;
    clearTimeout(timer);
    this.state = 'closed';
  }

  /** Kills the process at once and waits for it to be reaped. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.closed;
    if (this.state !== 'broken') this.state = 'closed';
  }

  // ---------------------------------------------------------------------------- internals

  private write(line: string): void {
    this.outBuf.push(line);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Requests issued in the same tick go out in one write (pipelining without a syscall each).
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outBuf.length === 0 || !this.child.stdin.writable) {
      this.outBuf = [];
      return;
    }
    const data = this.outBuf.join('\n') + '\n';
    this.outBuf = [];
    this.child.stdin.write(data);
  }

  private onStdout(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl >= 0) {
      let line = start === 0 && this.partial ? this.partial + chunk.slice(0, nl) : chunk.slice(start, nl);
      if (start === 0) this.partial = '';
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.onLine(line);
      if (this.state === 'broken' || this.state === 'closed') return;
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    this.partial = start === 0 ? this.partial + chunk : chunk.slice(start);
    if (this.partial.length > this.maxLineBytes) {
      this.fault(`stdout line longer than ${this.maxLineBytes} bytes without a newline`, 'protocol');
    }
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.fault(`garbage on stdout (not JSON): ${JSON.stringify(line.slice(0, 200))}`, 'protocol');
      return;
    }
    if (this.state === 'starting') return this.onReady(msg);
    if (this.state !== 'ready') return;
    const m = msg as ReplyMessage;
    const seq = typeof msg === 'object' && msg !== null ? m.seq : undefined;
    const p = typeof seq === 'number' ? this.pending.get(seq) : undefined;
    if (!p) {
      this.fault(`reply with seq ${JSON.stringify(seq)} that is not in flight: ${JSON.stringify(line.slice(0, 200))}`, 'protocol');
      return;
    }
    const cheap = ('result' in m ? 1 : 0) + ('error' in m ? 1 : 0) + ('skipped' in m ? 1 : 0) === 1;
    const bad = !cheap ? 'needs exactly one of result, error, skipped' : p.validateResult ? validate.reply(msg) : undefined;
    if (bad) {
      this.fault(`reply to seq ${seq} violates spec/protocol/reply.schema.json: ${bad}`, 'protocol', p);
      return;
    }
    if ('result' in m && p.validateResult) {
      const op = p.request.op;
      let violations = validate.resultViolations(op, m.result);
      let rule = `spec/protocol/reply.schema.json#/definitions/results/${op}`;
      if (violations.length === 0 && p.check) {
        violations = p.check(m.result);
        rule = 'the canonical form for this request';
      }
      if (violations.length > 0) {
        this.fault(`${describeViolations(op, `result (seq ${seq})`, violations)} — violates ${rule}`, 'protocol', p, violations);
        return;
      }
    }
    this.pending.delete(seq as number);
    if (this.pending.size === 0) this.disarm();
    if (m.error) p.reject(new VendorError(m.error.code, m.error.message, p.request.op));
    else if (m.skipped) p.reject(new VendorSkipped(m.skipped.reason, p.request.op));
    else p.resolve(m.result);
  }

  private onReady(msg: unknown): void {
    const bad = validate.ready(msg);
    if (bad) return this.fault(`first line is not a valid ready message: ${bad}`, 'start');
    const ready = msg as ReadyMessage;
    if (ready.protocol !== PROTOCOL_VERSION) {
      return this.fault(`vendor speaks protocol ${ready.protocol}, the harness speaks ${PROTOCOL_VERSION}`, 'start');
    }
    this.state = 'ready';
    this.readyResolve(ready);
  }

  private arm(ms: number): void {
    this.watchdog = setTimeout(() => this.onWatchdog(), Math.max(1, ms));
  }

  private disarm(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    if (this.lateCheck) clearImmediate(this.lateCheck);
    this.lateCheck = undefined;
    this.watchdog = undefined;
  }

  /** One timer for all requests: they share a timeout, so the oldest in flight expires first. */
  private onWatchdog(late = false): void {
    this.watchdog = undefined;
    const oldest = this.pending.values().next();
    if (oldest.done) return;
    const left = oldest.value.deadline - Date.now();
    if (left > 0) return this.arm(left);
    if (!late) {
      // The harness itself may have been busy past the deadline with the reply already in the
      // pipe: read what is there (the poll phase runs before setImmediate) before calling a hang.
      this.lateCheck = setImmediate(() => {
        this.lateCheck = undefined;
        this.onWatchdog(true);
      });
      return;
    }
    this.fault(`no reply to seq ${oldest.value.request.seq} (${oldest.value.request.op}) within ${this.timeoutMs} ms`, 'hang', oldest.value);
  }

  private onGone(): void {
    if (this.state === 'starting' || this.state === 'ready') {
      this.fault(`vendor ${this.exitInfo ?? 'closed its pipes'}`, 'crash');
    }
  }

  /**
   * Breaks the process: every pending request fails with an AdapterFault, the child is killed.
   * Before `ready` every fault is of kind `start`, whatever broke.
   */
  private fault(message: string, kind: AdapterFaultKind, culprit?: Pending, violations?: readonly Violation[]): void {
    if (this.state === 'broken' || this.state === 'closed') return;
    const starting = this.state === 'starting';
    if (starting) kind = 'start';
    this.state = 'broken';
    this.brokenBy = message;
    this.brokenKind = kind;
    this.disarm();
    const name = [this.command.command, ...this.command.args].join(' ');
    const make = (p: Pending | undefined) =>
      new AdapterFault(
        `${name}: ${message}${p && culprit && p !== culprit ? ` (while seq ${p.request.seq} was in flight)` : ''}`,
        p?.request,
        this.stderr,
        kind,
      );
    if (culprit) {
      this.pending.delete(culprit.request.seq);
      culprit.reject(
        violations ? new ProtocolFault(`${name}: ${message}`, culprit.request.op, violations, culprit.request, this.stderr) : make(culprit),
      );
    }
    this.rejectAll(make);
    if (starting) this.readyReject(make(undefined));
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private rejectAll(make: (p: Pending) => Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    this.disarm();
    for (const p of all) p.reject(make(p));
  }
}
