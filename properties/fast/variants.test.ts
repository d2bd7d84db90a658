import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAST_VARIANTS, variantsInForce, type FastDecoderAdapter, type FastVariants } from '../../adapters/fast.ts';
import { createFastDecoderAdapter, createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import { fastCase, streamUnder } from '../arbitraries/fast-case.ts';
import { firstDifference, Mismatch } from '../mismatch.ts';
import { fastCatalog, decodeEquivalence } from './catalog.ts';
import { encodeStream, templateSetOf } from './fast-codec.ts';
import { decodeWith } from './fast-check-helpers.ts';

/**
 * Declared variants (spec/fast/variants.md): a decoder that follows another reading passes the
 * catalog when it declares that reading, and fails it — on a counterexample that exercises
 * exactly that ambiguity — when it declares the default.
 */
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

const READINGS: readonly { readonly name: string; readonly behaviour: FastVariants; readonly exercised: (xml: string) => boolean }[] = [
  {
    name: "tailNull 'unchanged'",
    behaviour: { ...DEFAULT_FAST_VARIANTS, tailNull: 'unchanged' },
    // an optional field under tail: the only place a NULL tail can be sent
    exercised: (xml) => /<(string|byteVector) [^>]*presence="optional"[^>]*>(?:(?!<\/(string|byteVector)>).)*<tail/s.test(xml),
  },
  {
    name: "staticTemplateRefDictionary 'referring'",
    behaviour: { ...DEFAULT_FAST_VARIANTS, staticTemplateRefDictionary: 'referring' },
    // a static reference, and a template-scoped entry for it to resolve one way or the other
    exercised: (xml) => /<templateRef name=/.test(xml) && /dictionary="template"/.test(xml),
  },
];

const decoder = (behaviour: FastVariants, declared: FastVariants | undefined): FastDecoderAdapter =>
  createFastDecoderAdapter({ name: 'variant', behaviour, ...(declared ? { variants: declared } : {}) });

describe('FAST declared variants', () => {
  for (const r of READINGS) {
    it(`${r.name}, declared: every property of the catalog holds`, async () => {
      for (const p of fastCatalog) {
        const subject = decoder(r.behaviour, r.behaviour);
        const out = await fc.check(
          fc.asyncProperty(p.arbitrary(subject.capabilities), async (input) => {
            await p.check(subject, createReferenceFastDecoder(), input);
          }),
          { numRuns: 100, seed: SEED },
        );
        expect(out.failed, `${p.id} (seed ${SEED}): ${String(out.errorInstance)}`).toBe(false);
      }
    });

    it(`${r.name}, undeclared: fails fast.decode.equivalence on a case that exercises that reading`, async () => {
      for (const seed of [SEED, SEED + 1]) {
        const subject = decoder(r.behaviour, undefined);
        const out = await fc.check(
          fc.asyncProperty(decodeEquivalence.arbitrary(subject.capabilities), async (input) => {
            await decodeEquivalence.check(subject, createReferenceFastDecoder(), input);
          }),
          { numRuns: 200, seed },
        );
        expect(out.failed, `seed ${seed}`).toBe(true);
        expect(out.errorInstance).toBeInstanceOf(Mismatch);
        const input = out.counterexample![0];
        expect(r.exercised(templateSetOf(input.case.templates).xml), `seed ${seed}: the shrunk templates do not hold the ambiguity`).toBe(true);
        // the explanation points at the reading to declare
        const e = decodeEquivalence.explain!(input, out.errorInstance);
        expect(e?.details?.join('\n'), `seed ${seed}`).toMatch(/exactly what the reference gives reading \w+ as '(unchanged|referring)'/);
        // and that is all it is: declaring the reading makes the same counterexample pass
        await decodeEquivalence.check(decoder(r.behaviour, r.behaviour), createReferenceFastDecoder(), input);
      }
    });
  }

  it('the reference codec round-trips under every combination of readings', async () => {
    for (const tailNull of ['empty', 'unchanged'] as const) {
      for (const staticTemplateRefDictionary of ['referred', 'referring'] as const) {
        const variants = { tailNull, staticTemplateRefDictionary };
        const oracle = createReferenceFastDecoder({ variants });
        await fc.assert(
          fc.asyncProperty(fastCase(oracle.capabilities), async (c) => {
            const stream = streamUnder(c, variants);
            const bytes = encodeStream(c.templates, stream, undefined, variants);
            const res = await decodeWith('oracle', oracle, templateSetOf(c.templates).xml, bytes, stream.reset);
            expect(res.error).toBeNull();
            expect(firstDifference(stream.messages, res.messages)).toBeUndefined();
          }),
          { numRuns: 60, seed: SEED },
        );
      }
    }
  });

  it('variantsInForce lists every variant, the declared ones marked', () => {
    expect(variantsInForce(createReferenceFastDecoder())).toEqual(['tailNull: empty (default)', 'staticTemplateRefDictionary: referred (default)']);
    expect(variantsInForce(decoder(READINGS[0]!.behaviour, READINGS[0]!.behaviour))).toEqual([
      'tailNull: unchanged (declared; default empty)',
      'staticTemplateRefDictionary: referred (default)',
    ]);
    expect(variantsInForce({ component: 'matching' })).toEqual([]);
  });
});
