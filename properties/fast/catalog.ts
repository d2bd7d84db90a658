import fc from 'fast-check';
import type { FastCapabilities, FastDecoderAdapter } from '../../adapters/fast.ts';
import type { StringDeltaSide } from '../../reference/fast/encoder.ts';
import { fastCase, streamUnder, type FastCase } from '../arbitraries/fast-case.ts';
import { applyMutations, fastStreamMutations, type StreamMutation } from '../arbitraries/fast-stream-mutation.ts';
import { Mismatch } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { encodeStream, templateSetOf, type EncodeVariant } from './fast-codec.ts';
import { assertSameDecode, decodeWith, hex } from './fast-check-helpers.ts';
import { caseContext, oracleFor, rememberCase, type FastCaseContext } from './case-context.ts';
import { explainFastCase } from './explain.ts';
import type { FastVariants } from '../../adapters/fast.ts';

/**
 * The FAST decoder catalog. Every property generates a template set and a valid message stream
 * inside the subject's capabilities, lets the reference encoder choose the wire (in one of its
 * legal forms), hands the subject the template XML from the reference writer, and compares what
 * the subject decodes with what the reference decodes.
 */

/** Cycles through a small list (shrinks towards the first element / the empty list). */
function cycle<T>(list: readonly T[], fallback: T): (i: number) => T {
  return (i) => (list.length === 0 ? fallback : list[i % list.length]!);
}

const side = fc.constantFrom<StringDeltaSide>('shortest', 'front', 'back');

/**
 * The report's rendering of an input: the bytes are the ones the subject was given (encoded
 * under its declared variants, remembered by the check), else the default encoding.
 */
function describeCase(input: object, c: FastCase, bytesOf: (readings?: FastVariants) => Uint8Array): Record<string, unknown> {
  const ctx = caseContext(input);
  return {
    templatesXml: templateSetOf(c.templates).xml,
    reset: c.stream.reset,
    messages: streamUnder(c, ctx?.variants).messages,
    streamHex: hex(ctx?.bytes ?? bytesOf()),
    ...(ctx?.variants ? { variants: ctx.variants } : {}),
  };
}

/** The byte-level explanation of a failure (explain.ts), from what the check remembered. */
const explainCase = (input: object, error: unknown) => explainFastCase(caseContext(input), error);

async function compareOn(
  input: object,
  subject: FastDecoderAdapter,
  runOracle: FastDecoderAdapter,
  c: FastCase,
  bytesOf: (readings?: FastVariants) => Uint8Array,
  mustDecode: boolean,
): Promise<void> {
  const { xml, set } = templateSetOf(c.templates);
  // The subject's declared readings decide the stream and the oracle (spec/fast/variants.md).
  const variants = subject.variants;
  const bytes = bytesOf(variants);
  const oracle = oracleFor(runOracle, variants);
  // What this try saw, for describe / explain. A failing try is kept over a later passing try of
  // the same input (a flaky vendor re-tried by the runner): the explanation is about the failure.
  const before = caseContext(input);
  let seen: FastCaseContext = { xml, bytes, reset: c.stream.reset, ...(variants ? { variants } : {}) };
  try {
    const expected = await decodeWith('oracle', oracle, xml, bytes, c.stream.reset);
    seen = { ...seen, expected };
    if (mustDecode && expected.error) {
      throw new Mismatch(`the reference rejects a stream its encoder produced: ${expected.error.code} ${expected.error.message}`, streamUnder(c, variants).messages, expected, {
        kind: 'reference-rejects-encoding',
        path: expected.error.code,
      });
    }
    const actual = await decodeWith('subject', subject, xml, bytes, c.stream.reset);
    seen = { ...seen, actual };
    assertSameDecode(expected, actual, set);
  } catch (err) {
    rememberCase(input, { ...seen, failed: true });
    throw err;
  }
  rememberCase(input, before?.failed ? before : seen);
}

interface EquivalenceInput {
  readonly case: FastCase;
  /** Which end string deltas remove from, per delta in stream order (cycled). */
  readonly deltaSides: StringDeltaSide[];
}

export const decodeEquivalence = defineProperty<FastDecoderAdapter, EquivalenceInput>({
  id: 'fast.decode.equivalence',
  component: 'fast',
  title: 'decodes encoder output (front, back and shortest string deltas) to the same canonical messages as the reference',
  requires: [],
  arbitrary: (caps: FastCapabilities) => fc.record({ case: fastCase(caps), deltaSides: fc.array(side, { maxLength: 3 }) }),
  check: async (subject, oracle, input) => {
    await compareOn(input, subject, oracle, input.case, equivalenceBytes(input), true);
  },
  describe: (input) => ({ ...describeCase(input, input.case, equivalenceBytes(input)), deltaSides: input.deltaSides }),
  explain: explainCase,
});

function equivalenceBytes(input: EquivalenceInput): (readings?: FastVariants) => Uint8Array {
  return (readings) => encodeStream(input.case.templates, streamUnder(input.case, readings), { stringDelta: cycle(input.deltaSides, 'shortest') }, readings);
}

interface OverlongInput {
  readonly case: FastCase;
  /** Redundant leading bytes per stop-bit entity in stream order (cycled); at least one > 0. */
  readonly extra: number[];
}

function overlongVariant(extra: readonly number[]): EncodeVariant {
  return { overlong: cycle(extra, 0) };
}

export const decodeOverlong = defineProperty<FastDecoderAdapter, OverlongInput>({
  id: 'fast.decode.overlong',
  component: 'fast',
  title: 'overlong integers and strings (R6 / R9, reportable) decode to the same values as their shortest forms',
  requires: [],
  arbitrary: (caps) =>
    fc.record({
      case: fastCase(caps),
      extra: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }).map((a) => (a.some((x) => x > 0) ? a : [...a, 1])),
    }),
  check: async (subject, oracle, input) => {
    await compareOn(input, subject, oracle, input.case, overlongBytes(input), true);
  },
  describe: (input) => ({ ...describeCase(input, input.case, overlongBytes(input)), extra: input.extra }),
  explain: explainCase,
});

function overlongBytes(input: OverlongInput): (readings?: FastVariants) => Uint8Array {
  return (readings) => encodeStream(input.case.templates, streamUnder(input.case, readings), overlongVariant(input.extra), readings);
}

interface PmapInput {
  readonly case: FastCase;
  readonly form: 'shortest' | 'full';
  /** Zero bytes after each presence map (cycled): overlong maps (R7). */
  readonly padding: number[];
}

function pmapVariant(input: PmapInput): EncodeVariant {
  return { pmap: input.form, pmapPadding: cycle(input.padding, 0) };
}

export const decodeTruncatedPmap = defineProperty<FastDecoderAdapter, PmapInput>({
  id: 'fast.decode.truncated-pmap',
  component: 'fast',
  title: 'truncated presence maps (missing bits are 0), full ones and zero-padded ones (R7) decode the same',
  requires: [],
  arbitrary: (caps) =>
    fc.record({
      case: fastCase(caps),
      form: fc.constantFrom<'shortest' | 'full'>('shortest', 'full'),
      padding: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 4 }),
    }),
  check: async (subject, oracle, input) => {
    await compareOn(input, subject, oracle, input.case, pmapBytes(input), true);
  },
  describe: (input) => ({ ...describeCase(input, input.case, pmapBytes(input)), form: input.form, padding: input.padding }),
  explain: explainCase,
});

function pmapBytes(input: PmapInput): (readings?: FastVariants) => Uint8Array {
  return (readings) => encodeStream(input.case.templates, streamUnder(input.case, readings), pmapVariant(input), readings);
}

interface MalformedInput {
  readonly case: FastCase;
  readonly mutations: StreamMutation[];
}

function malformedBytes(input: MalformedInput): (readings?: FastVariants) => Uint8Array {
  return (readings) => applyMutations(encodeStream(input.case.templates, streamUnder(input.case, readings), undefined, readings), input.mutations);
}

export const decodeMalformed = defineProperty<FastDecoderAdapter, MalformedInput>({
  id: 'fast.decode.malformed',
  component: 'fast',
  title: 'on mutated, truncated and spliced streams: the same decoded prefix, the same verdict and error class, no exception',
  requires: [],
  arbitrary: (caps) => fc.record({ case: fastCase(caps), mutations: fastStreamMutations() }),
  check: async (subject, oracle, input) => {
    await compareOn(input, subject, oracle, input.case, malformedBytes(input), false);
  },
  describe: (input) => ({ ...describeCase(input, input.case, malformedBytes(input)), mutations: input.mutations }),
  explain: explainCase,
});

/**
 * Every property here calls the subject: the reference's own self-checks (decode ∘ encode is the
 * identity) are vitest tests of the reference (reference-codec.test.ts), not part of a vendor's verdict.
 */
export const fastCatalog: Catalog<FastDecoderAdapter> = [decodeEquivalence, decodeOverlong, decodeTruncatedPmap, decodeMalformed];
