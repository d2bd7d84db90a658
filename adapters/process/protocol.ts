import type { ValidateFunction } from 'ajv';
import { formatSchemaErrors, schemaValidator, sharedAjv } from '../../spec/schemas.ts';
import { violationsOf, type Violation } from './violation.ts';

/**
 * The vendor protocol's messages (spec/protocol/README.md) and their validators, compiled once
 * per process from spec/protocol/*.schema.json.
 */
export const PROTOCOL_VERSION = 1;

export type Op =
  | 'echo'
  | 'fast.loadTemplates'
  | 'fast.reset'
  | 'fast.decode'
  | 'fast.decodeBatch'
  | 'sequencer.create'
  | 'sequencer.enqueue'
  | 'sequencer.heartbeat'
  | 'sequencer.tick'
  | 'sequencer.drain'
  | 'matching.reset'
  | 'matching.apply'
  | 'matching.snapshot'
  | 'loq.create'
  | 'loq.push'
  | 'loq.pushTagged'
  | 'loq.pop'
  | 'loq.setMid'
  | 'loq.size'
  | 'net.configure'
  | 'net.receive'
  | 'net.join'
  | 'net.leave'
  | 'net.counters'
  | 'net.build'
  | 'net.parse'
  | 'fpga.loadTemplates'
  | 'fpga.reset'
  | 'fpga.decode'
  | 'fpga.listing'
  | 'fpga.assemble'
  | 'multicast.configure'
  | 'multicast.packet'
  | 'multicast.timer'
  | 'multicast.report'
  | 'inbound.configure'
  | 'inbound.start'
  | 'inbound.submit'
  | 'inbound.mid'
  | 'inbound.message'
  | 'inbound.credit'
  | 'inbound.timer';

export interface HelloMessage {
  readonly type: 'hello';
  readonly protocol: number;
  readonly harness: { readonly name: string; readonly version: string };
  readonly components?: readonly string[];
}

export interface ReadyMessage {
  readonly type: 'ready';
  readonly protocol: number;
  readonly implementation: { readonly name: string; readonly version: string; readonly language: string };
  readonly components: Readonly<Record<string, { readonly capabilities: Readonly<Record<string, boolean>> }>>;
}

export interface RequestMessage {
  readonly seq: number;
  readonly op: Op;
  readonly params: Record<string, unknown>;
}

export interface ReplyMessage {
  readonly seq: number;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
  readonly skipped?: { readonly reason: string };
}

/** Which result schema (reply.schema.json#/definitions/results/<key>) each op answers with. */
const RESULT_SCHEMA: Readonly<Record<Op, string>> = {
  echo: 'echo',
  'fast.loadTemplates': 'none',
  'fast.reset': 'none',
  'fast.decode': 'fast.decode',
  'fast.decodeBatch': 'fast.decodeBatch',
  'sequencer.create': 'sequencer.create',
  'sequencer.enqueue': 'none',
  'sequencer.heartbeat': 'none',
  'sequencer.tick': 'none',
  'sequencer.drain': 'sequencer.drain',
  'matching.reset': 'none',
  'matching.apply': 'matching.apply',
  'matching.snapshot': 'matching.snapshot',
  'loq.create': 'loq.create',
  'loq.push': 'none',
  'loq.pushTagged': 'none',
  'loq.pop': 'loq.pop',
  'loq.setMid': 'none',
  'loq.size': 'loq.size',
  'net.configure': 'none',
  'net.receive': 'net.receive',
  'net.join': 'net.frames',
  'net.leave': 'net.frames',
  'net.counters': 'net.counters',
  'net.build': 'net.build',
  'net.parse': 'net.parse',
  'fpga.loadTemplates': 'none',
  'fpga.reset': 'none',
  'fpga.decode': 'fpga.decode',
  'fpga.listing': 'fpga.listing',
  'fpga.assemble': 'fpga.listing',
  'multicast.configure': 'none',
  'multicast.packet': 'multicast.actions',
  'multicast.timer': 'multicast.actions',
  'multicast.report': 'multicast.actions',
  'inbound.configure': 'none',
  'inbound.start': 'inbound.actions',
  'inbound.submit': 'inbound.actions',
  'inbound.mid': 'inbound.actions',
  'inbound.message': 'inbound.actions',
  'inbound.credit': 'inbound.actions',
  'inbound.timer': 'inbound.actions',
};

const REPLY_ID = 'https://fairwire.dev/protocol/reply.schema.json';
const results = new Map<Op, ValidateFunction>();

/** The reply schema, after the schemas it refers to by $id (matching events) are registered. */
function replyValidator(): ValidateFunction {
  schemaValidator('exchange/matching-event.schema.json');
  schemaValidator('protocol/multicast-request.schema.json');
  schemaValidator('protocol/multicast-reply.schema.json');
  schemaValidator('protocol/inbound-request.schema.json');
  schemaValidator('protocol/inbound-reply.schema.json');
  return schemaValidator('protocol/reply.schema.json');
}

/** The request schema, after the multicast and inbound node schemas it refers to by $id. */
function requestValidator(): ValidateFunction {
  schemaValidator('protocol/multicast-request.schema.json');
  schemaValidator('protocol/inbound-request.schema.json');
  return schemaValidator('protocol/request.schema.json');
}

function resultValidator(op: Op): ValidateFunction {
  let v = results.get(op);
  if (!v) {
    replyValidator(); // registers the schema and its $id
    const found = sharedAjv().getSchema(`${REPLY_ID}#/definitions/results/${RESULT_SCHEMA[op]}`);
    if (!found) throw new Error(`no result schema for op ${op}`);
    v = found;
    results.set(op, v);
  }
  return v;
}

/** undefined when valid, else one line per ajv error. */
function check(v: ValidateFunction, value: unknown): string | undefined {
  return v(value) ? undefined : formatSchemaErrors(v.errors);
}

export const validate = {
  hello: (m: unknown) => check(schemaValidator('protocol/hello.schema.json'), m),
  ready: (m: unknown) => check(schemaValidator('protocol/ready.schema.json'), m),
  request: (m: unknown) => check(requestValidator(), m),
  reply: (m: unknown) => check(replyValidator(), m),
  result: (op: Op, r: unknown) => check(resultValidator(op), r),
  /** The result's violations of its op's schema, field by field (empty when valid). */
  resultViolations: (op: Op, r: unknown): Violation[] => {
    const v = resultValidator(op);
    return v(r) ? [] : violationsOf(v.errors, r);
  },
  manifest: (m: unknown) => check(schemaValidator('protocol/manifest.schema.json'), m),
};
