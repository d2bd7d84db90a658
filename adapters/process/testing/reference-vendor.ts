/**
 * The reference implementations behind the vendor protocol: a vendor in TypeScript that answers
 * fast.*, sequencer.*, matching.*, loq.*, net.*, fpga.* and multicast.* with the in-process reference adapters. Comparing a catalog run against
 * it with the same catalog run in process gives the protocol's own overhead (bench/protocol.bench.ts).
 *
 *   node --import tsx adapters/process/testing/reference-vendor.ts [--fpga-jit | --fpga-mutant <name>]
 *
 * fpga.* is served by the microcode interpreter (`--fpga-jit`: by the JIT; `--fpga-mutant`: by
 * one FPGA mutant, to prove the catalog still kills it over the wire). Its `ringModel` is
 * declared false: the ring properties need in-process writer and reader objects.
 */
import { createReferenceFastDecoder } from '../../reference/fast.ts';
import { referenceSequencerAdapter } from '../../reference/sequencer.ts';
import type { SequencerInstance } from '../../sequencer.ts';
import { referenceMatchingAdapter } from '../../reference/matching.ts';
import { referenceLoqAdapter } from '../../reference/loq.ts';
import { ALL_MATCHING_CAPABILITIES, type MatchingConfig } from '../../matching.ts';
import { ALL_LOQ_CAPABILITIES, type LoqInstance, type LoqOrder } from '../../loq.ts';
import { referenceNetAdapter } from '../../reference/net.ts';
import { ALL_NET_CAPABILITIES } from '../../net.ts';
import type { NicConfig } from '../../../reference/net/nic-config.ts';
import type { FrameSpec } from '../../../reference/net/frame-spec.ts';
import { ALL_FAST_CAPABILITIES } from '../../fast.ts';
import { ALL_SEQUENCER_CAPABILITIES } from '../../sequencer.ts';
import { FPGA_CAPABILITIES, FpgaModelAdapter, fpgaInterpreterAdapter, fpgaJitAdapter } from '../../reference/fpga.ts';
import { FpgaCompileError } from '../../../reference/fpga/compile-error.ts';
import { fpgaAsmPresenceLost } from '../../mutants/fpga-asm-presence-lost.ts';
import { fpgaNestedPmapOrder } from '../../mutants/fpga-nested-pmap-order.ts';
import { fpgaTemplateDictNotReset } from '../../mutants/fpga-template-dict-not-reset.ts';
import { ALL_MULTICAST_CAPABILITIES, type MulticastNode, type NodeAction, type NodeConfig, type NodeEvent } from '../../multicast.ts';
import { referenceNode } from '../../multicast/reference.ts';
import { ALL_INBOUND_CAPABILITIES } from '../../inbound.ts';
import { INBOUND_REFERENCE_HANDLERS } from '../../inbound/testing/reference-handlers.ts';

const fast = createReferenceFastDecoder();
const sequencer = referenceSequencerAdapter();
const instances: SequencerInstance[] = [];
const matching = referenceMatchingAdapter();
const loq = referenceLoqAdapter();
const queues: LoqInstance[] = [];
const net = referenceNetAdapter();
const multicastNodes = new Map<string, MulticastNode>();
/** A multicast op's params as the node's event: the op names the type, `node` names the node. */
const multicastEvent = (type: NodeEvent['type'], p: Params): { actions: readonly NodeAction[] } => {
  const { node: id, ...fields } = p;
  const node = multicastNodes.get(id as string);
  if (!node) throw Object.assign(new Error(`no node ${String(id)} configured`), { code: 'bad-request' });
  return { actions: node.onEvent({ type, ...fields } as NodeEvent) as readonly NodeAction[] };
};
/** The FPGA mutants whose bug shows through the protocol (the ring mutants need ringModel). */
const FPGA_MUTANTS = [fpgaAsmPresenceLost, fpgaNestedPmapOrder, fpgaTemplateDictNotReset];
function fpgaSubject(argv: readonly string[]): FpgaModelAdapter {
  const m = argv.indexOf('--fpga-mutant');
  if (m >= 0) {
    const mutant = FPGA_MUTANTS.find((x) => x.name === argv[m + 1]);
    if (!mutant) throw new Error(`--fpga-mutant: one of ${FPGA_MUTANTS.map((x) => x.name).join(', ')}`);
    const a = mutant.create();
    // Every FPGA mutant is the model with one part swapped: synchronous, like the handlers here.
    if (!(a instanceof FpgaModelAdapter)) throw new Error(`${mutant.name} is not an FpgaModelAdapter`);
    return a;
  }
  return argv.includes('--fpga-jit') ? fpgaJitAdapter() : fpgaInterpreterAdapter();
}
const fpga = fpgaSubject(process.argv.slice(2));
let fpgaLoaded = false;
const fpgaReady = () => {
  if (!fpgaLoaded) throw Object.assign(new Error('fpga.decode before fpga.loadTemplates'), { code: 'bad-request' });
  return fpga;
};
/** A template the FPGA model cannot compile is a feature outside its capabilities. */
const fpgaCompile = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    if (e instanceof FpgaCompileError) throw Object.assign(e, { code: 'unsupported' });
    throw e;
  }
};
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const queue = (p: Params) => {
  const q = queues[p.instance as number];
  if (!q) throw Object.assign(new Error(`no queue ${String(p.instance)}`), { code: 'bad-request' });
  return q;
};

type Params = Record<string, unknown>;
const inst = (p: Params) => {
  const s = instances[p.instance as number];
  if (!s) throw Object.assign(new Error(`no instance ${String(p.instance)}`), { code: 'bad-request' });
  return s;
};

const handlers: Record<string, (p: Params) => unknown> = {
  echo: (p) => p.value,
  'fast.loadTemplates': (p) => (fast.loadTemplates(p.xml as string), null),
  'fast.reset': () => (fast.reset(), null),
  'fast.decode': (p) => fast.decode(Buffer.from(p.hex as string, 'hex'), { reset: p.reset as 'none' | 'message' }),
  'sequencer.create': (p) => ({ instance: instances.push(sequencer.create(p.config as never) as SequencerInstance) - 1 }),
  'sequencer.enqueue': (p) => (inst(p).enqueue(p.now as number, p.participant as number, p.timestamp as number, p.id as number), null),
  'sequencer.heartbeat': (p) => (inst(p).heartbeat(p.now as number, p.participant as number, p.timestamp as number), null),
  'sequencer.tick': (p) => (inst(p).tick(p.now as number), null),
  'sequencer.drain': (p) => ({ released: inst(p).drain() }),
  'matching.reset': (p) => (matching.reset(p.config as MatchingConfig), null),
  'matching.apply': (p) => ({ events: matching.apply(p.command) }),
  'matching.snapshot': () => ({ books: matching.snapshot() }),
  'loq.create': (p) => ({ instance: queues.push(loq.create(p.config as never) as LoqInstance) - 1 }),
  'loq.push': (p) => (queue(p).push(p.order as LoqOrder), null),
  'loq.pushTagged': (p) => (queue(p).pushTagged!(p.order as LoqOrder, p.epoch as number, p.critical as boolean), null),
  'loq.pop': (p) => ({ popped: queue(p).pop() }),
  'loq.setMid': (p) => (queue(p).setMid(p.mid as number), null),
  'loq.size': (p) => ({ size: queue(p).size() }),
  'net.configure': (p) => (net.configure(p.config as NicConfig), null),
  'net.receive': (p) => ({ verdict: net.receive(Buffer.from(p.hex as string, 'hex')) }),
  'net.join': (p) => ({ frames: (net.join(p.group as string, p.port as number) as Uint8Array[]).map(hexOf) }),
  'net.leave': (p) => ({ frames: (net.leave(p.group as string, p.port as number) as Uint8Array[]).map(hexOf) }),
  'net.counters': () => ({ counters: net.counters() }),
  'net.build': (p) => ({ hex: hexOf(net.build!(p.spec as FrameSpec) as Uint8Array) }),
  'net.parse': (p) => ({ frame: net.parse!(Buffer.from(p.hex as string, 'hex'), { fcs: p.fcs as boolean }) }),
  'fpga.loadTemplates': (p) => {
    fpgaLoaded = false;
    fpgaCompile(() => fpga.loadTemplates(p.xml as string));
    fpgaLoaded = true;
    return null;
  },
  'fpga.reset': () => (fpga.reset(), null),
  'fpga.decode': (p) => {
    const out = fpgaReady().decode(Buffer.from(p.hex as string, 'hex'), { reset: p.reset as 'none' | 'message' });
    return { ...out.result, records: out.records.map(hexOf) };
  },
  'fpga.listing': (p) => ({ listing: fpgaCompile(() => fpga.listing(p.xml as string)) }),
  'fpga.assemble': (p) => ({ listing: fpga.assemble(p.listing as string) }),
  'multicast.configure': (p) => (multicastNodes.set((p.node as NodeConfig).id, referenceNode(p.node as NodeConfig)), null),
  'multicast.packet': (p) => multicastEvent('packet', p),
  'multicast.timer': (p) => multicastEvent('timer', p),
  'multicast.report': (p) => multicastEvent('report', p),
  ...INBOUND_REFERENCE_HANDLERS,
};

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
      out.push(
        JSON.stringify({
          type: 'ready',
          protocol: 1,
          implementation: { name: 'fairwire-reference-over-protocol', version: '0.1.0', language: 'typescript' },
          components: {
            fast: { capabilities: ALL_FAST_CAPABILITIES },
            sequencer: { capabilities: ALL_SEQUENCER_CAPABILITIES },
            matching: { capabilities: ALL_MATCHING_CAPABILITIES },
            loq: { capabilities: ALL_LOQ_CAPABILITIES },
            net: { capabilities: ALL_NET_CAPABILITIES },
            fpga: { capabilities: { ...FPGA_CAPABILITIES, ringModel: false } },
            multicast: { capabilities: ALL_MULTICAST_CAPABILITIES },
            exchange: { capabilities: ALL_INBOUND_CAPABILITIES },
          },
        }),
      );
    } else if (msg.type === 'bye') {
      process.stdout.write(out.length ? out.join('\n') + '\n' : '', () => process.exit(0));
      return;
    } else {
      out.push(JSON.stringify(answer(msg), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n');
});
process.stdin.on('end', () => process.exit(0));
