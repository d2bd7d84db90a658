import fc from 'fast-check';
import { type FastCapabilities, type FastResetPolicy } from '../../adapters/fast.ts';
import { decodeStream } from '../../adapters/reference/fast.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { Template, TemplateSet } from '../../reference/fast/template-model.ts';
import { makeTemplateSet } from '../../reference/fast/template-set.ts';
import { writeTemplatesXml } from '../../reference/fast/template-writer.ts';
import { fastTemplateSet } from '../arbitraries/fast-template-set.ts';
import { fastMessageStream } from '../arbitraries/fast-message-stream.ts';
import { resolveStream } from '../arbitraries/fast-stream-resolver.ts';
import { applyMutations, fastStreamMutation, type StreamMutation } from '../arbitraries/fast-stream-mutation.ts';
import { Mismatch } from '../mismatch.ts';
import { deriveSeed } from '../runner.ts';
import { assertSameDecode } from './fast-check-helpers.ts';

/**
 * The FAST stream fuzzer's engine (the `fairwire fuzz fast` command drives it): deterministic
 * cases from (seed, index), one mutation strategy per case, a verdict per case comparing the
 * subject with the reference, and byte-level minimisation of what it finds.
 */
export const FUZZ_STRATEGIES = ['bitflip', 'truncate', 'splice', 'inflate', 'overlong', 'insert'] as const;
export type FuzzStrategy = (typeof FUZZ_STRATEGIES)[number];

export interface FuzzCase {
  readonly index: number;
  readonly seed: number;
  readonly strategy: FuzzStrategy;
  readonly xml: string;
  readonly reset: FastResetPolicy;
  readonly bytes: Uint8Array;
  /** What was done to the valid stream (mutations, or the overlong pattern). */
  readonly detail: unknown;
}

/**
 * What the subject did with one stream. `unsupported`: it declined the input inside the protocol
 * (a `skipped` reply, or error code `unsupported` / `unsupported-op`): a feature outside what it
 * implements, counted apart and never judged as a crash.
 */
export type SubjectOutcome =
  | { readonly kind: 'result'; readonly result: StreamDecodeResult }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'threw'; readonly message: string; readonly stack?: string }
  | { readonly kind: 'hang'; readonly afterMs: number }
  | { readonly kind: 'fault'; readonly message: string };

export type FindingKind = 'crash' | 'hang' | 'disagreement';

export interface Verdict {
  readonly kind: FindingKind | 'ok' | 'unsupported';
  readonly message: string;
}

/** The templates a fuzz session uses: given ones (fixed) or a fresh random set per case. */
export type TemplateSource = { readonly kind: 'given'; readonly set: TemplateSet; readonly xml: string } | { readonly kind: 'random'; readonly caps: FastCapabilities };

const mutationsOfKind = (kind: StreamMutation['kind']): fc.Arbitrary<StreamMutation[]> =>
  fc.array(
    fastStreamMutation().filter((m) => m.kind === kind),
    { minLength: 1, maxLength: 3 },
  );

const STRATEGY_MUTATION: Record<Exclude<FuzzStrategy, 'overlong'>, StreamMutation['kind']> = {
  bitflip: 'flip',
  truncate: 'truncate',
  splice: 'splice',
  inflate: 'inflate',
  insert: 'insert',
};

function sampleOne<T>(arb: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arb, { seed, numRuns: 1 })[0]!;
}

/**
 * Case `index` of a session: a valid stream under the templates (generated, encoded by the
 * reference), then damaged by the case's strategy (round robin). Null when the generated
 * messages are not encodable under given templates (the generator does not model every
 * cross-field constraint of arbitrary real-world templates; such cases are skipped and counted).
 */
export function makeFuzzCase(source: TemplateSource, sessionSeed: number, index: number): FuzzCase | null {
  const seed = deriveSeed(sessionSeed, 'fuzz.fast', index);
  const strategy = FUZZ_STRATEGIES[index % FUZZ_STRATEGIES.length]!;
  let templates: readonly Template[];
  let set: TemplateSet;
  let xml: string;
  if (source.kind === 'given') {
    ({ set, xml } = source);
    templates = set.templates;
  } else {
    templates = sampleOne(fastTemplateSet(source.caps), seed);
    set = makeTemplateSet(templates);
    xml = writeTemplatesXml(set);
  }
  const stream = resolveStream(templates, sampleOne(fastMessageStream(templates), deriveSeed(seed, 'stream')));
  const encoder = new FastEncoder(set, { reset: stream.reset });
  let bytes: Uint8Array;
  let detail: unknown;
  try {
    if (strategy === 'overlong') {
      const extra = sampleOne(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }), deriveSeed(seed, 'overlong'));
      bytes = encoder.encodeStream(stream.messages, { overlong: (i) => extra[i % extra.length]!, pmap: index % 2 ? 'full' : 'shortest' });
      detail = { overlong: extra };
    } else {
      const mutations = sampleOne(mutationsOfKind(STRATEGY_MUTATION[strategy]), deriveSeed(seed, 'mutate'));
      bytes = applyMutations(encoder.encodeStream(stream.messages), mutations);
      detail = { mutations };
    }
  } catch (err) {
    if (err instanceof FastError && source.kind === 'given') return null;
    throw err;
  }
  return { index, seed, strategy, xml, reset: stream.reset, bytes, detail };
}

/** The reference's answer, computed in-process (it is trusted not to hang: its loops are bounded). */
export function referenceDecode(xml: string, bytes: Uint8Array, reset: FastResetPolicy): StreamDecodeResult {
  return decodeStream(new FastDecoder(parseTemplates(xml)), bytes, reset);
}

export function verdict(expected: StreamDecodeResult, outcome: SubjectOutcome): Verdict {
  switch (outcome.kind) {
    case 'threw':
      return { kind: 'crash', message: `the subject threw: ${outcome.message}` };
    case 'fault':
      return { kind: 'crash', message: `the subject failed: ${outcome.message}` };
    case 'hang':
      return { kind: 'hang', message: `no answer within ${outcome.afterMs} ms` };
    case 'unsupported':
      return { kind: 'unsupported', message: `the subject declined the input: ${outcome.reason}` };
    case 'result':
      try {
        assertSameDecode(expected, outcome.result);
        return { kind: 'ok', message: '' };
      } catch (err) {
        if (err instanceof Mismatch) return { kind: 'disagreement', message: err.describe() };
        throw err;
      }
  }
}

/**
 * Greedy delta debugging over bytes: removes chunks (halves, quarters, ... single bytes) while
 * `stillFails` holds, within `maxTries` calls (and a wall-clock budget: a candidate may hang).
 * Deterministic when the budget is not hit.
 */
export async function minimiseBytes(
  bytes: Uint8Array,
  stillFails: (b: Uint8Array) => Promise<boolean>,
  { maxTries = 200, budgetMs = Infinity }: { maxTries?: number; budgetMs?: number } = {},
): Promise<Uint8Array> {
  let best = bytes;
  let tries = 0;
  const until = Date.now() + budgetMs;
  const more = (): boolean => tries < maxTries && Date.now() < until;
  let chunk = Math.max(1, best.length >> 1);
  while (chunk >= 1 && more()) {
    let progressed = false;
    for (let start = 0; start < best.length && more(); ) {
      const candidate = new Uint8Array(best.length - Math.min(chunk, best.length - start));
      candidate.set(best.subarray(0, start), 0);
      candidate.set(best.subarray(start + chunk), start);
      tries++;
      if (candidate.length < best.length && (await stillFails(candidate))) {
        best = candidate;
        progressed = true;
      } else {
        start += chunk;
      }
    }
    if (!progressed) chunk >>= 1;
  }
  return best;
}
