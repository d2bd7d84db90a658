/**
 * Child process of `fairwire fuzz fast`: hosts the subject decoder so that a hang can be timed
 * out and killed, and a crash cannot take the fuzzer down. Argument: the --adapter spec.
 * Protocol (Node IPC, advanced serialization): {id, xml, bytes, reset} in; {id, result},
 * {id, unsupported: reason} or {id, threw: {message, stack}} out; {ready, name, capabilities}
 * or {fatal} once at start.
 */
import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
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

async function main(): Promise<void> {
  const send = (m: unknown): void => void process.send?.(m);
  let adapter: FastDecoderAdapter;
  try {
    adapter = (await loadSubject(process.argv[2] ?? 'reference', componentEntry('fast')!)) as FastDecoderAdapter;
  } catch (err) {
    send({ fatal: (err as Error)?.message ?? String(err) });
    process.exitCode = 2;
    return;
  }
  let loaded: string | undefined;
  process.on('message', (req: Request) => {
    void (async () => {
      try {
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
        if (reason !== undefined) send({ id: req.id, unsupported: reason });
        else send({ id: req.id, threw: { message: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack } });
      }
    })();
  });
  process.on('disconnect', () => void adapter.close?.().finally(() => process.exit(0)));
  send({ ready: true, name: adapter.name, capabilities: adapter.capabilities });
}

void main();
