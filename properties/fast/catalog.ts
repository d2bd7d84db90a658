import fc from 'fast-check';
import type { FastCapabilities, FastDecoderAdapter } from '../../adapters/fast.ts';
import type { StringDeltaSide } from '../../reference/fast/encoder.ts';
import { fastCase, type FastCase } from '../arbitraries/fast-case.ts';
import { applyMutations, fastStreamMutations, type StreamMutation } from '../arbitraries/fast-stream-mutation.ts';
import { Mismatch } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { encodeStream, templateSetOf, type EncodeVariant } from './fast-codec.ts';
import { assertSameDecode, decodeWith, hex } from './fast-check-helpers.ts';

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

function describeCase(c: FastCase, bytes?: Uint8Array): Record<string, unknown> {
  return {
    templatesXml: templateSetOf(c.templates).xml,
    reset: c.stream.reset,
    messages: c.stream.messages,
    ...(bytes ? { streamHex: hex(bytes) } : {}),
  };
}

async function compareOn(subject: FastDecoderAdapter, oracle: FastDecoderAdapter, c: FastCase, bytes: Uint8Array, mustDecode: boolean): Promise<void> {
  const { xml, set } = templateSetOf(c.templates);
  const expected = await decodeWith('oracle', oracle, xml, bytes, c.stream.reset);
  if (mustDecode && expected.error) {
    throw new Mismatch(`the reference rejects a stream its encoder produced: ${expected.error.code} ${expected.error.message}`, c.stream.messages, expected, {
      kind: 'reference-rejects-encoding',
      path: expected.error.code,
    });
  }
  const actual = await decodeWith('subject', subject, xml, bytes, c.stream.reset);
  assertSameDecode(expected, actual, set);
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
    const bytes = encodeStream(input.case.templates, input.case.stream, { stringDelta: cycle(input.deltaSides, 'shortest') });
    await compareOn(subject, oracle, input.case, bytes, true);
  },
  describe: (input) => ({ ...describeCase(input.case, encodeStream(input.case.templates, input.case.stream, { stringDelta: cycle(input.deltaSides, 'shortest') })), deltaSides: input.deltaSides }),
});

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
    const bytes = encodeStream(input.case.templates, input.case.stream, overlongVariant(input.extra));
    await compareOn(subject, oracle, input.case, bytes, true);
  },
  describe: (input) => ({ ...describeCase(input.case, encodeStream(input.case.templates, input.case.stream, overlongVariant(input.extra))), extra: input.extra }),
});

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
    const bytes = encodeStream(input.case.templates, input.case.stream, pmapVariant(input));
    await compareOn(subject, oracle, input.case, bytes, true);
  },
  describe: (input) => ({ ...describeCase(input.case, encodeStream(input.case.templates, input.case.stream, pmapVariant(input))), form: input.form, padding: input.padding }),
});

interface MalformedInput {
  readonly case: FastCase;
  readonly mutations: StreamMutation[];
}

function malformedBytes(input: MalformedInput): Uint8Array {
  return applyMutations(encodeStream(input.case.templates, input.case.stream), input.mutations);
}

export const decodeMalformed = defineProperty<FastDecoderAdapter, MalformedInput>({
  id: 'fast.decode.malformed',
  component: 'fast',
  title: 'on mutated, truncated and spliced streams: the same decoded prefix, the same verdict and error class, no exception',
  requires: [],
  arbitrary: (caps) => fc.record({ case: fastCase(caps), mutations: fastStreamMutations() }),
  check: async (subject, oracle, input) => {
    await compareOn(subject, oracle, input.case, malformedBytes(input), false);
  },
  describe: (input) => ({ ...describeCase(input.case, malformedBytes(input)), mutations: input.mutations }),
});

/**
 * Every property here calls the subject: the reference's own self-checks (decode ∘ encode is the
 * identity) are vitest tests of the reference (reference-codec.test.ts), not part of a vendor's verdict.
 */
export const fastCatalog: Catalog<FastDecoderAdapter> = [decodeEquivalence, decodeOverlong, decodeTruncatedPmap, decodeMalformed];
