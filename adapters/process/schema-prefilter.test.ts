import fc from 'fast-check';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ALL_FAST_CAPABILITIES } from '../fast.ts';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import { fastCase } from '../../properties/arbitraries/fast-case.ts';
import { encodeStream, templateSetOf } from '../../properties/fast/fast-codec.ts';
import { fastResultSchema } from './fast-canonical-schema.ts';
import { prefilter } from './schema-prefilter.ts';

/**
 * The prefilter may only say "valid" where ajv says valid (else the FAST reply check is weaker
 * than its schema), and should say it for the reference's own output (else it saves nothing).
 */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);
const ajv = new Ajv({ allErrors: true, strict: false });

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every container in `v` with the key of one of its entries, as [container, key]. */
function slots(v: Json, out: [Json[] | Record<string, Json>, string | number][] = []): [Json[] | Record<string, Json>, string | number][] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), slots(x, out)));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push([v, k]), slots(v[k]!, out);
  return out;
}

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<Json>('0', '-1', '01', '4294967296', 'dead', { hex: 'ab' }, { exponent: 0, mantissa: '1' }, [], {}, null)),
  key: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('__proto__', 'toString', 'templateId', 'fields', 'hex')),
});

/** `r` with one thing changed: a value replaced, an entry removed or an entry added. */
function mutate(r: Json, m: { at: number; kind: string; value: unknown; key: string }): Json {
  const copy = JSON.parse(JSON.stringify(r)) as Json;
  const all = slots(copy);
  if (all.length === 0) return copy;
  const [container, key] = all[m.at % all.length]!;
  const value = JSON.parse(JSON.stringify(m.value)) as Json;
  if (Array.isArray(container)) {
    if (m.kind === 'replace') container[key as number] = value;
    else if (m.kind === 'delete') container.splice(key as number, 1);
    else container.push(value);
  } else if (m.kind === 'replace') container[key] = value;
  else if (m.kind === 'delete') delete container[key];
  else Object.defineProperty(container, m.key, { value, enumerable: true, writable: true, configurable: true });
  // Through JSON, as a reply arrives (an own `__proto__` stays a plain key).
  return JSON.parse(JSON.stringify(copy)) as Json;
}

describe('schema prefilter', () => {
  it('accepts the reference decoder’s results and never accepts what ajv rejects', async () => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fastCase(ALL_FAST_CAPABILITIES), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (c, mutations) => {
        const { xml, set } = templateSetOf(c.templates);
        const schema = fastResultSchema(set);
        const quick = prefilter(schema);
        expect(quick).toBeDefined();
        const full = ajv.compile(schema);
        const d = createReferenceFastDecoder();
        await d.loadTemplates(xml);
        const decoded = await d.decode(encodeStream(c.templates, c.stream), { reset: c.stream.reset });
        const r = JSON.parse(JSON.stringify(decoded, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as Json;
        expect(full(r)).toBe(true);
        expect(quick!(r)).toBe(true);
        for (const m of mutations) {
          const bad = mutate(r, m);
          const ok = full(bad);
          if (!ok) rejected++;
          if (quick!(bad)) expect(ok, JSON.stringify(bad)).toBe(true);
        }
        ajv.removeSchema(schema);
      }),
      { seed: SEED, numRuns: 150 },
    ).catch((e: unknown) => {
      throw new Error(`seed ${SEED}: ${String(e)}`);
    });
    expect(rejected).toBeGreaterThan(0); // the mutations did produce invalid results
  });

  it('covers only its keyword subset: any other schema is left to ajv', () => {
    expect(prefilter({ type: 'object', properties: { a: { oneOf: [{ type: 'string' }] } } })).toBeUndefined();
    expect(prefilter({ $ref: 'https://example.com/x.json' })).toBeUndefined();
    expect(prefilter({ additionalProperties: { type: 'string' } })).toBeUndefined();
    expect(prefilter({ type: 'object' })).toBeDefined();
  });

  it('is never more lenient on the edges: absent, inherited, null, arrays, integer-valued floats', () => {
    const q = prefilter({
      type: 'object',
      required: ['a', 'toString'],
      additionalProperties: false,
      properties: { a: { type: ['string', 'null'], pattern: '^[0-9]$' }, toString: { type: 'integer', minimum: -1, maximum: 1 } },
    })!;
    expect(q({ a: '1', toString: 0 })).toBe(true);
    expect(q({ a: null, toString: 1.0 })).toBe(true);
    expect(q({ a: '12', toString: 0 })).toBe(false);
    expect(q({ a: '1', toString: 2 })).toBe(false);
    expect(q({ a: '1', toString: 0.5 })).toBe(false);
    expect(q({ a: '1' })).toBe(false); // ajv: inherited toString is a function, not an integer
    expect(q({ a: '1', toString: 0, b: 1 })).toBe(false);
    expect(q([])).toBe(false);
    expect(q(null)).toBe(false);
  });
});
