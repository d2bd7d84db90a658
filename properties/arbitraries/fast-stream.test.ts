import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ALL_FAST_CAPABILITIES } from '../../adapters/fast.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import { makeTemplateSet } from '../../reference/fast/template-set.ts';
import { fastCase } from './fast-case.ts';
import { applyMutation, applyMutations, fastStreamMutations } from './fast-stream-mutation.ts';
import { integerEdges, INTEGER_RANGE } from './fast-integer-value.ts';

describe('fastCase', () => {
  it('generates streams the reference encoder accepts (valid under the dictionary state)', () => {
    fc.assert(
      fc.property(fastCase(ALL_FAST_CAPABILITIES), (c) => {
        const bytes = new FastEncoder(makeTemplateSet(c.templates), { reset: c.stream.reset }).encodeStream(c.stream.messages);
        expect(bytes.length).toBeGreaterThan(0);
      }),
      { numRuns: 200, seed: 99 },
    );
  });

  it('exercises dictionary state: repeated values, NULLs and both reset policies occur', () => {
    const cases = fc.sample(fastCase(ALL_FAST_CAPABILITIES), { numRuns: 200, seed: 5 });
    const json = cases.map((c) => JSON.stringify(c.stream.messages));
    expect(json.filter((j) => j.includes(':null')).length).toBeGreaterThan(50);
    expect(cases.filter((c) => c.stream.reset === 'message').length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.stream.messages.length > 1).length).toBeGreaterThan(100);
    // the same value in consecutive messages of a stream (copy / increment / delta no-change paths)
    const repeats = cases.filter((c) => c.stream.messages.some((m, i) => i > 0 && Object.entries(m.fields).some(([k, v]) => v !== null && JSON.stringify(c.stream.messages[i - 1]!.fields[k]) === JSON.stringify(v))));
    expect(repeats.length).toBeGreaterThan(40);
  });
});

describe('integerEdges', () => {
  it('holds the 7-bit boundaries of each width, within range', () => {
    expect(integerEdges('uInt32')).toEqual(expect.arrayContaining([127n, 128n, 16383n, 16384n, 2n ** 32n - 1n]));
    expect(integerEdges('int32')).toEqual(expect.arrayContaining([63n, 64n, -64n, -65n, 8191n, -8193n, -(2n ** 31n)]));
    expect(integerEdges('uInt64')).toEqual(expect.arrayContaining([2n ** 63n, 2n ** 64n - 1n, 2n ** 64n - 2n]));
    for (const t of ['int32', 'uInt32', 'int64', 'uInt64'] as const) {
      for (const v of integerEdges(t)) expect(v >= INTEGER_RANGE[t].min && v <= INTEGER_RANGE[t].max).toBe(true);
    }
  });
});

describe('stream mutations', () => {
  const bytes = Uint8Array.from([0xc0, 0x81, 0x85, 0x41, 0xc2, 0x80, 0x86, 0x83]);
  it('flip changes one bit, truncate cuts, inflate inserts stop-bit-less bytes', () => {
    const f = applyMutation(bytes, { kind: 'flip', at: 250, bit: 3 });
    expect([...f].filter((b, i) => b !== bytes[i])).toHaveLength(1);
    expect(applyMutation(bytes, { kind: 'truncate', at: 500 })).toEqual(bytes.slice(0, 4));
    expect([...applyMutation(bytes, { kind: 'inflate', at: 0, bytes: 3 }).slice(0, 4)]).toEqual([0x7f, 0x7f, 0x7f, 0xc0]);
    expect(applyMutation(bytes, { kind: 'pad', at: 1000, byte: 0 })).toHaveLength(bytes.length + 1);
  });

  it('is deterministic and bounded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fastStreamMutations(), (b, ms) => {
        const before = Uint8Array.from(b);
        const a = applyMutations(b, ms);
        expect(applyMutations(b, ms)).toEqual(a);
        expect(a.length).toBeLessThanOrEqual(b.length + 32 * ms.length);
        expect(b).toEqual(before); // the input is not modified
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
