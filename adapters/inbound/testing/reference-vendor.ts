/**
 * The reference inbound nodes behind the vendor protocol: a vendor in TypeScript that answers
 * inbound.* with reference/inbound's nodes. A tree run against it must release exactly what the
 * same tree releases in process (reference-over-protocol.test.ts): the protocol adds nothing
 * and loses nothing.
 *
 *   node --import tsx adapters/inbound/testing/reference-vendor.ts
 */
import { ALL_INBOUND_CAPABILITIES } from '../../inbound.ts';
import { INBOUND_REFERENCE_HANDLERS } from './reference-handlers.ts';

type Params = Record<string, unknown>;

const handlers: Record<string, (p: Params) => unknown> = { echo: (p) => p.value, ...INBOUND_REFERENCE_HANDLERS };

function answer(msg: { seq: number; op: string; params: Params }): unknown {
  const h = handlers[msg.op];
  if (!h) return { seq: msg.seq, error: { code: 'unsupported-op', message: msg.op } };
  try {
    return { seq: msg.seq, result: h(msg.params) };
  } catch (e) {
    const err = e as { code?: unknown; message?: string };
    return { seq: msg.seq, error: { code: typeof err.code === 'string' ? err.code : 'internal', message: err.message ?? String(e) } };
  }
}

const READY = {
  type: 'ready',
  protocol: 1,
  implementation: { name: 'fairwire-reference-inbound-over-protocol', version: '0.1.0', language: 'typescript' },
  components: { exchange: { capabilities: ALL_INBOUND_CAPABILITIES } },
};

let started = false;
let partial = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  const lines = (partial + chunk).split('\n');
  partial = lines.pop()!;
  const out: string[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const msg = JSON.parse(line) as { type?: string; seq: number; op: string; params: Params };
    if (!started) {
      started = true;
      out.push(JSON.stringify(READY));
    } else if (msg.type === 'bye') {
      process.stdout.write(out.length ? out.join('\n') + '\n' : '', () => process.exit(0));
      return;
    } else {
      out.push(JSON.stringify(answer(msg)));
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
});
process.stdin.on('end', () => process.exit(0));
