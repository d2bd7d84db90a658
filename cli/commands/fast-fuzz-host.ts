/**
 * Child process of `fairwire fuzz fast`: hosts the subject decoder so that a hang can be timed
 * out and killed, and a crash cannot take the fuzzer down. Arguments: the --adapter spec and the
 * case deadline in ms (a vendor's per-request timeout).
 * Protocol (Node IPC, advanced serialization): {id, xml, bytes, reset} in (several may be
 * in flight: they are handled one at a time, in order); {id, result},
 * {id, unsupported: reason}, {id, hang: {message, stderrTail?}} (a vendor past its timeout) or
 * {id, threw: {message, stack, stderrTail?}} out;
 * {id, restart: true} in (only when ready said `restartable`: the adapter starts a fresh vendor
 * process) answered {id, result: null} or {id, threw}; {ready, name, capabilities, variants?}
 * (variants: the subject's declared FAST readings, which the fuzzer's reference follows) or
 * {fatal} once at start.
 */
import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
import { loadProcessAdapter } from '../../adapters/process/load.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { loadSubject } from '../../properties/subject.ts';

/** Error codes of the vendor protocol that decline an input rather than fail on it (spec/protocol/README.md). */
const DECLINE_CODES = new Set(['unsupported', 'unsupported-op']);

/** The reason when `err` is the subject declining the input (a `skipped` reply, an `unsupported` error). */
function declined(err: unknown): string | undefined {
  const e = err as { name?: string; code?: string; reason?: string; message?: string } | null;
  if (e?.name === 'VendorSkipped') return `skipped: ${e.reason ?? e.message ?? ''}`;
  if (e?.name === 'VendorError' && e.code !== undefined && DECLINE_CODES.has(e.code)) return `${e.code}: ${e.message ?? ''}`;
  return undefined;
}

interface Request {
  readonly id: number;
  readonly xml: string;
  readonly bytes: Uint8Array;
  readonly reset: FastResetPolicy;
}

/** A fresh vendor process for the adapter (adapter.restart): answered {id, result: null}. */
interface RestartRequest {
  readonly id: number;
  readonly restart: true;
}

async function main(): Promise<void> {
  const send = (m: unknown): void => void process.send?.(m);
  let adapter: FastDecoderAdapter;
  try {
    const spec = process.argv[2] ?? 'reference';
    const timeoutMs = Number(process.argv[3]);
    // A vendor gets the case deadline as its per-request timeout: its own process is timed, not
    // this host's warm-up (the outer deadline stays as a backstop for in-process subjects).
    adapter = (
      (spec.startsWith('cmd:') || spec.endsWith('.json')) && timeoutMs > 0
        ? await loadProcessAdapter(spec, 'fast', { timeoutMs })
        : await loadSubject(spec, componentEntry('fast')!)
    ) as FastDecoderAdapter;
  } catch (err) {
    // A vendor that could not be started (AdapterFault) is a fault (exit 3); anything else a usage error.
    send({ fatal: (err as Error)?.message ?? String(err), fault: (err as Error)?.name === 'AdapterFault' });
    process.exitCode = 2;
    return;
  }
  let loaded: string | undefined;
  // Requests arrive ahead of time (the fuzzer pipelines them) and are handled one at a time, in
  // order: the subject sees the same sequence of calls as when they came one by one.
  let turn: Promise<void> = Promise.resolve();
  process.on('message', (req: Request | RestartRequest) => {
    turn = turn.then(() => handle(req));
  });
  const handle = (req: Request | RestartRequest): Promise<void> =>
    (async () => {
      try {
        if ('restart' in req) {
          loaded = undefined;
          await adapter.restart!();
          send({ id: req.id, result: null });
          return;
        }
        if (req.xml !== loaded) {
          loaded = undefined;
          await adapter.loadTemplates(req.xml);
          loaded = req.xml;
        }
        await adapter.reset();
        const result = await adapter.decode(req.bytes, { reset: req.reset });
        send({ id: req.id, result });
      } catch (err) {
        loaded = undefined;
        const reason = declined(err);
        const fault = err as { name?: string; kind?: string; stderrTail?: unknown };
        if (reason !== undefined) send({ id: req.id, unsupported: reason });
        else if (fault?.name === 'AdapterFault' && fault.kind === 'hang') {
          send({ id: req.id, hang: { message: (err as Error).message, ...(typeof fault.stderrTail === 'string' && fault.stderrTail ? { stderrTail: fault.stderrTail } : {}) } });
        }
        else {
          const stderrTail = (err as { stderrTail?: unknown })?.stderrTail;
          send({ id: req.id, threw: { message: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack, ...(typeof stderrTail === 'string' && stderrTail ? { stderrTail } : {}) } });
        }
      }
    })();
  process.on('disconnect', () => void adapter.close?.().finally(() => process.exit(0)));
  send({
    ready: true,
    name: adapter.name,
    capabilities: adapter.capabilities,
    ...(adapter.variants ? { variants: adapter.variants } : {}),
    restartable: typeof adapter.restart === 'function',
  });
}

void main();
