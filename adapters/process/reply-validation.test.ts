import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import { AdapterFault } from '../fault.ts';
import { matchingCatalog } from '../../properties/matching/catalog.ts';
import { referenceMatchingAdapter } from '../reference/matching.ts';
import { runCatalog } from '../../properties/runner.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { fastResultCheck } from './fast-canonical-schema.ts';
import { createProcessFastDecoder } from './process-fast.ts';
import { createProcessMatching } from './process-matching.ts';
import { ProtocolFault } from './protocol-fault.ts';
import { validate } from './protocol.ts';
import { jsonPathOf } from './violation.ts';
import { VendorSession } from './vendor-session.ts';

/**
 * Every reply is checked against its op's schema, and a bad one is a protocol fault that names
 * the op, the JSON path of the field and its value — never a crash of the property reading it.
 */
const VENDOR = fileURLToPath(new URL('./testing/test_vendor.py', import.meta.url));
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('reply validation', () => {
  it('a matching event with a decimal string quantity is a protocol fault naming op, field and value', async () => {
    const subject = createProcessMatching(await VendorSession.open({ command: 'python3', args: [VENDOR, 'matching-decimal-quantity'] }), 'decimal-quantity-vendor');
    try {
      await subject.reset({ symbols: [{ symbol: 'X', tickSize: 1 }] });
      const e = await rejection(
        Promise.resolve(subject.apply({ type: 'new', id: 'b1', account: 'a', symbol: 'X', side: 'buy', orderType: 'limit', price: '100', quantity: '2' })),
      );
      expect(e).toBeInstanceOf(ProtocolFault);
      const f = e as ProtocolFault;
      expect(f.op).toBe('matching.apply');
      expect(f.violations.map((v) => [v.path, v.value])).toEqual([['$.events[1].quantity', '1.5']]);
      expect(f.message).toContain('matching.apply');
      expect(f.message).toContain('$.events[1].quantity = "1.5"');
      expect(f.message).toMatch(/must match pattern/);
    } finally {
      await subject.close?.();
    }
  });

  it('the matching catalog reports that vendor as a fault, never as a failure or a BigInt crash', async () => {
    const subject = createProcessMatching(await VendorSession.open({ command: 'python3', args: [VENDOR, 'matching-decimal-quantity'] }), 'decimal-quantity-vendor');
    try {
      const results = await runCatalog({ catalog: matchingCatalog.slice(0, 3), subject, oracle: referenceMatchingAdapter(), seed: SEED, runs: 5 });
      const ran = results.filter((r) => r.status !== 'skipped');
      expect(ran.length, `seed ${SEED}`).toBeGreaterThan(0);
      for (const r of ran) {
        expect(r.status, `${r.id} (seed ${SEED}): ${r.message ?? ''}`).toBe('fault');
        expect(r.message ?? '').not.toMatch(/BigInt/);
        expect(r.message ?? '').toContain('quantity');
      }
    } finally {
      await subject.close?.();
    }
  });

  it('a FAST decode with a value off its canonical form is a protocol fault', async () => {
    const vendor = createProcessFastDecoder(await VendorSession.open({ command: 'python3', args: [VENDOR, 'fast-noncanonical'] }), 'noncanonical-vendor');
    try {
      await vendor.loadTemplates('<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1"><uInt32 name="x"/></template></templates>');
      await vendor.reset();
      const e = await rejection(Promise.resolve(vendor.decode(Uint8Array.from([0xc0, 0x81, 0x85]), { reset: 'none' })));
      expect(e).toBeInstanceOf(ProtocolFault);
      expect(e).toBeInstanceOf(AdapterFault); // reported as `fault` by the runner
      const f = e as ProtocolFault;
      expect(f.op).toBe('fast.decode');
      expect(f.violations[0]).toMatchObject({ path: '$.messages[0].fields.x', value: '05' });
      expect(f.message).toContain('fast.decode');
      expect(f.message).toContain('$.messages[0].fields.x = "05"');
    } finally {
      await vendor.close?.();
    }
  });

  it('the canonical FAST schema follows the templates: types, presence, no missing or extra field', () => {
    const xml = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
      <template name="T" id="1"><uInt32 name="x"/><decimal name="p" presence="optional"/><string name="s"/>
        <byteVector name="b"/><sequence name="e"><int32 name="v"/></sequence><templateRef/></template>
      <template name="U" id="2"><int64 name="q"/></template></templates>`;
    parseTemplates(xml);
    const check = fastResultCheck(xml)!;
    const good = {
      templateId: 1,
      fields: { x: '5', p: { exponent: -2, mantissa: '942755' }, s: 'AB', b: { hex: 'dead' }, e: [{ v: '-1' }], templateRef: { templateId: 2, fields: { q: '-7' } } },
    };
    expect(check({ messages: [good] })).toEqual([]);
    expect(check({ messages: [{ ...good, fields: { ...good.fields, p: null } }] })).toEqual([]);
    const bad = (fields: Record<string, unknown>) => check({ messages: [{ templateId: 1, fields: { ...good.fields, ...fields } }] }).map((v) => [v.path, v.value]);
    expect(bad({ x: 5 })).toEqual([['$.messages[0].fields.x', 5]]);
    expect(bad({ x: '-5' })).toEqual([['$.messages[0].fields.x', '-5']]);
    expect(bad({ x: null })).toEqual([['$.messages[0].fields.x', null]]);
    expect(bad({ p: { exponent: '-2', mantissa: '1' } })).toEqual([['$.messages[0].fields.p.exponent', '-2']]);
    expect(bad({ p: { exponent: 64, mantissa: '1' } })).toEqual([['$.messages[0].fields.p.exponent', 64]]);
    expect(bad({ b: { hex: 'DEAD' } })).toEqual([['$.messages[0].fields.b.hex', 'DEAD']]);
    expect(bad({ e: [{ v: '01' }] })).toEqual([['$.messages[0].fields.e[0].v', '01']]);
    expect(bad({ templateRef: { templateId: 2, fields: { q: 'x' } } })).toEqual([['$.messages[0].fields.templateRef.fields.q', 'x']]);
    expect(bad({ extra: '1' })).toEqual([['$.messages[0].fields', { ...good.fields, extra: '1' }]]);
    expect(check({ messages: [{ templateId: 3, fields: {} }] }).map((v) => v.path)).toEqual(['$.messages[0].templateId']);
  });

  it('the reference decoder’s output passes the canonical schema (spec/fast/canonical.md example; no false alarm)', async () => {
    const xml = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1"><uInt32 name="x"><copy/></uInt32>
      <decimal name="p" presence="optional"/><string name="s"/><byteVector name="b"/><sequence name="e"><int32 name="v"/></sequence></template></templates>`;
    const d = createReferenceFastDecoder();
    await d.loadTemplates(xml);
    const r = await d.decode(Uint8Array.from(Buffer.from('e08185fe3945a341c282dead82ff80', 'hex')), { reset: 'none' });
    expect(r.messages.length).toBe(1);
    expect(fastResultCheck(xml)!(r)).toEqual([]);
    expect(validate.result('fast.decode', r)).toBeUndefined();
  });

  it('net verdicts, loq pops, sequencer releases and book snapshots are checked field by field', () => {
    const path = (op: Parameters<typeof validate.resultViolations>[0], r: unknown) => validate.resultViolations(op, r).map((v) => v.path);
    expect(path('net.receive', { verdict: { action: 'drop', path: 'slow', reason: 'bad-fcs' } })).toEqual([]);
    expect(path('net.receive', { verdict: { action: 'drop', path: 'slow', reason: 'whatever' } })).toEqual(['$.verdict.reason']);
    expect(path('net.receive', { verdict: { action: 'deliver', path: 'fast', vlan: null, src: '10.0.0.2', srcPort: 1, dst: '239.1.1.1', dstPort: 5000, payload: 'ABC' } })).toEqual(['$.verdict.payload']);
    expect(path('loq.pop', { popped: { order: { id: 1, participant: 0, side: 'bid', price: 100, quantity: '1', timestamp: 5 }, epoch: 0, critical: false } })).toEqual(['$.popped.order.quantity']);
    expect(path('sequencer.drain', { released: [{ participant: 0, timestamp: 1.5, id: 1 }] })).toEqual(['$.released[0].timestamp']);
    expect(path('matching.snapshot', { books: [{ symbol: 'X', bids: [{ price: '100', quantity: '2', orders: [{ id: 'a', account: 'x', quantity: 2 }] }], asks: [] }] })).toEqual([
      '$.books[0].bids[0].orders[0].quantity',
    ]);
  });

  it('JSON paths quote keys that are not identifiers', () => {
    expect(jsonPathOf('/messages/0/fields/a b')).toBe('$.messages[0].fields["a b"]');
    expect(jsonPathOf('/x~1y/~0z')).toBe('$["x/y"]["~z"]');
  });
});
