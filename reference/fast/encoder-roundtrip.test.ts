import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FastEncoder, type EncodeVariant, type StringDeltaSide } from './encoder.ts';
import { FastDecoder } from './decoder.ts';
import { FastError } from './errors.ts';
import { allTestTemplateSets, messagesOf } from './testing/encoder-support.ts';
import type { CanonicalMessage } from './canonical.ts';
import { makeTemplateSet } from './template-set.ts';
import type { Field, Operator, OperatorKind, TemplateSet } from './template-model.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Encodes message by message and keeps those the encoder accepts. The only messages the
 * generators make that no byte string can express are tails that would shorten their base (D7).
 */
function acceptable(set: TemplateSet, messages: CanonicalMessage[], reset: 'none' | 'message'): { accepted: CanonicalMessage[]; bytes: Uint8Array; rejected: number } {
  const enc = new FastEncoder(set, { reset });
  const accepted: CanonicalMessage[] = [];
  const parts: Uint8Array[] = [];
  let rejected = 0;
  for (const m of messages) {
    try {
      parts.push(enc.encodeMessage(m));
      accepted.push(m);
    } catch (e) {
      expect(e).toBeInstanceOf(FastError);
      expect((e as FastError).code).toBe('D7');
      rejected++;
    }
  }
  return { accepted, bytes: Buffer.concat(parts), rejected };
}

const variantParts = fc.record({
  overlong: fc.array(fc.nat(2), { minLength: 1, maxLength: 40 }),
  full: fc.boolean(),
  padding: fc.array(fc.nat(2), { minLength: 1, maxLength: 10 }),
  sides: fc.array(fc.constantFrom<StringDeltaSide>('shortest', 'front', 'back'), { minLength: 1, maxLength: 10 }),
});

for (const [name, set] of Object.entries(allTestTemplateSets())) {
  describe(`encoder ∘ decoder over the ${name} templates`, () => {
    it('decode(encode(m)) = m with no reports; rejects only impossible messages, leaving the state alone', () => {
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(
          fc.constantFrom<'none' | 'message'>('none', 'none', 'message').chain((reset) => messagesOf(set, reset).map((messages) => ({ messages, reset }))),
          ({ messages, reset }) => {
          const r = acceptable(set, messages, reset);
          accepted += r.accepted.length;
          rejected += r.rejected;
          const d = new FastDecoder(set, { reset }).decodeStream(r.bytes);
          expect(d.error).toBeNull();
          expect(d.messages).toEqual(r.accepted);
          expect(d.reports).toEqual([]);
          // One stream call gives the same bytes as message-by-message.
          expect(hex(new FastEncoder(set, { reset }).encodeStream(r.accepted))).toBe(hex(r.bytes));
          },
        ),
        { seed: SEED, numRuns: 120 },
      );
      expect(accepted).toBeGreaterThan(20 * rejected);
    });

    it('every variant decodes to the same messages, with only the reports it causes', () => {
      fc.assert(
        fc.property(messagesOf(set), variantParts, (messages, v) => {
          const { accepted } = acceptable(set, messages, 'none');
          let overlongSites = 0;
          let padded = 0;
          const variant: EncodeVariant = {
            overlong: (i) => {
              const k = v.overlong[i % v.overlong.length]!;
              if (k > 0) overlongSites++;
              return k;
            },
            pmap: v.full ? 'full' : 'shortest',
            pmapPadding: (i) => {
              const k = v.padding[i % v.padding.length]!;
              if (k > 0) padded++;
              return k;
            },
            stringDelta: (i) => v.sides[i % v.sides.length]!,
          };
          const bytes = new FastEncoder(set).encodeStream(accepted, variant);
          const d = new FastDecoder(set).decodeStream(bytes);
          expect(d.error).toBeNull();
          expect(d.messages).toEqual(accepted);
          const codes = d.reports.map((r) => r.code);
          for (const c of codes) expect(['R6', 'R7', 'R9']).toContain(c);
          const r7 = codes.filter((c) => c === 'R7').length;
          if (!v.full) expect(r7).toBe(padded);
          else expect(r7).toBeGreaterThanOrEqual(padded);
          const r69 = codes.length - r7;
          expect(r69).toBeLessThanOrEqual(overlongSites);
          if (overlongSites > 0 && (name === 'integers' || name === 'decimals')) expect(r69).toBeGreaterThan(0);
          // The shortest encoding is never longer than a variant.
          expect(new FastEncoder(set).encodeStream(accepted).length).toBeLessThanOrEqual(bytes.length);
        }),
        { seed: SEED, numRuns: 100 },
      );
    });
  });
}

/** The set with every operator of kind `from` turned into `to` (a wrong encoder's view of the templates). */
function swapOperator(set: TemplateSet, from: OperatorKind, to: OperatorKind): TemplateSet {
  const op = (o: Operator): Operator => (o.kind !== from ? o : to === 'none' ? { kind: 'none' } : { ...o, kind: to });
  const field = (f: Field): Field => {
    switch (f.kind) {
      case 'integer':
      case 'string':
      case 'byteVector':
        return { ...f, op: op(f.op) };
      case 'decimal':
        return {
          ...f,
          operators: f.operators.form === 'single' ? { form: 'single', op: op(f.operators.op) } : { form: 'individual', exponent: op(f.operators.exponent), mantissa: op(f.operators.mantissa) },
        };
      case 'group':
        return { ...f, fields: f.fields.map(field) };
      case 'sequence':
        return { ...f, length: { ...f.length, op: op(f.length.op) }, fields: f.fields.map(field) };
      case 'templateRef':
        return f;
    }
  };
  return makeTemplateSet(set.templates.map((t) => ({ ...t, fields: t.fields.map(field) })));
}

describe('the round-trip check can fail: it catches encoders with one wrong operator', () => {
  const sets = allTestTemplateSets();
  const cases: [string, TemplateSet, TemplateSet][] = [
    ['increment encoded as copy', sets['integers']!, swapOperator(sets['integers']!, 'increment', 'copy')],
    ['delta encoded as no operator', sets['decimals']!, swapOperator(sets['decimals']!, 'delta', 'none')],
    ['tail encoded as delta', sets['strings']!, swapOperator(sets['strings']!, 'tail', 'delta')],
    ['increment encoded as copy, in nested structures', sets['structure']!, swapOperator(sets['structure']!, 'increment', 'copy')],
    // (tail or default encoded as copy is only less compact, never wrong: the byte-exact tests in
    // encoder.test.ts catch those, a round trip cannot.)
  ];
  for (const [bug, decoderSet, encoderSet] of cases) {
    it(bug, () => {
      const result = fc.check(
        fc.property(messagesOf(decoderSet), (messages) => {
          const enc = new FastEncoder(encoderSet);
          const parts: Uint8Array[] = [];
          const accepted: CanonicalMessage[] = [];
          for (const m of messages) {
            try {
              parts.push(enc.encodeMessage(m));
              accepted.push(m);
            } catch {
              // a rejection is not what this check looks at
            }
          }
          const d = new FastDecoder(decoderSet).decodeStream(Buffer.concat(parts));
          expect(d.error).toBeNull();
          expect(d.messages).toEqual(accepted);
        }),
        { numRuns: 100, seed: 20261121 },
      );
      expect(result.failed).toBe(true);
    });
  }
});
