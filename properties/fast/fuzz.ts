import fc from 'fast-check';
import { type FastCapabilities, type FastResetPolicy, type FastVariants } from '../../adapters/fast.ts';
import { decodeStream } from '../../adapters/reference/fast.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import type { CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { Field, Template, TemplateSet } from '../../reference/fast/template-model.ts';
import { makeTemplateSet } from '../../reference/fast/template-set.ts';
import { isDefaultVariants } from '../../reference/fast/variants.ts';
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
  /** The templates of `xml`, as generated (or as parsed from the given file): not parsed again. */
  readonly set: TemplateSet;
  readonly reset: FastResetPolicy;
  readonly bytes: Uint8Array;
  /** What was done to the valid stream (mutations, or the overlong pattern). */
  readonly detail: unknown;
  /** The valid stream's messages, before the damage (resolved under the subject's readings). */
  readonly messages: readonly CanonicalMessage[];
}

/**
 * What the subject did with one stream. `unsupported`: it declined the input inside the protocol
 * (a `skipped` reply, or error code `unsupported` / `unsupported-op`): a feature outside what it
 * implements, counted apart and never judged as a crash.
 */
export type SubjectOutcome =
  | { readonly kind: 'result'; readonly result: StreamDecodeResult }
  | { readonly kind: 'unsupported'; readonly reason: string }
  | { readonly kind: 'threw'; readonly message: string; readonly stack?: string; readonly stderrTail?: string }
  | { readonly kind: 'hang'; readonly afterMs: number; readonly message?: string; readonly stderrTail?: string }
  | { readonly kind: 'fault'; readonly message: string; readonly stderrTail?: string };

export type FindingKind = 'crash' | 'hang' | 'disagreement';

export interface Verdict {
  readonly kind: FindingKind | 'ok' | 'unsupported';
  readonly message: string;
  /**
   * What the finding is, stable across inputs (set for crash, hang, disagreement): the kind and
   * the mismatch's signature, or the first line of the crash with numbers abstracted. One
   * reproducer is kept per signature, the others are counted.
   */
  readonly signature?: string;
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
 * `variants`: the subject's declared readings (spec/fast/variants.md): the valid stream is
 * resolved and encoded under them, as the catalog does, so it means what the subject reads.
 */
export function makeFuzzCase(source: TemplateSource, sessionSeed: number, index: number, variants?: FastVariants): FuzzCase | null {
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
  const readings = isDefaultVariants(variants) ? undefined : variants;
  const stream = resolveStream(templates, sampleOne(fastMessageStream(templates), deriveSeed(seed, 'stream')), readings);
  const encoder = new FastEncoder(set, { reset: stream.reset, ...(readings ? { variants: readings } : {}) });
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
  return { index, seed, strategy, xml, set, reset: stream.reset, bytes, detail, messages: stream.messages };
}

/**
 * The reference's answer, computed in-process (it is trusted not to hang: its loops are
 * bounded). Given a parsed set, the XML is not parsed again (the fuzzer also names fields by it).
 * `variants`: the subject's declared readings, which the reference follows (a subject is judged
 * by what it declares, spec/fast/variants.md).
 */
export function referenceDecode(templates: string | TemplateSet, bytes: Uint8Array, reset: FastResetPolicy, variants?: FastVariants): StreamDecodeResult {
  const set = typeof templates === 'string' ? parseTemplates(templates) : templates;
  return decodeStream(new FastDecoder(set, isDefaultVariants(variants) ? {} : { variants: variants! }), bytes, reset);
}

/** `templates` (when given) name differing fields by what they are in the signature, not by their generated names. */
export function verdict(expected: StreamDecodeResult, outcome: SubjectOutcome, templates?: TemplateSet): Verdict {
  switch (outcome.kind) {
    case 'threw':
      return { kind: 'crash', message: `the subject threw: ${outcome.message}`, signature: crashSignature(outcome.message) };
    case 'fault':
      return { kind: 'crash', message: `the subject failed: ${outcome.message}`, signature: crashSignature(outcome.message) };
    case 'hang': {
      // A vendor's timeout names the op it hung in (templates or decode: two different defects).
      const op = /\((fast\.\w+)\) within/.exec(outcome.message ?? '')?.[1];
      return { kind: 'hang', message: outcome.message ?? `no answer within ${outcome.afterMs} ms`, signature: op ? `hang in ${op}` : 'hang' };
    }
    case 'unsupported':
      return { kind: 'unsupported', message: `the subject declined the input: ${outcome.reason}` };
    case 'result':
      try {
        assertSameDecode(expected, outcome.result, templates);
        return { kind: 'ok', message: '' };
      } catch (err) {
        if (err instanceof Mismatch) return { kind: 'disagreement', message: err.describe(), signature: `disagreement: ${err.signature()}` };
        throw err;
      }
  }
}

/**
 * A crash's signature: its first line with numbers (whole words: not the 3 of python3), hex and quoted text abstracted (a seq, an
 * offset, a pid or a field name must not make one defect count as many).
 */
export function crashSignature(message: string): string {
  const first = message.split('\n')[0]!.trim();
  const abstract = first
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '<text>')
    .replace(/\b0x[0-9a-f]+\b/gi, 'N')
    .replace(/\b\d+\b/g, 'N');
  return `crash: ${abstract.length > 200 ? `${abstract.slice(0, 197)}...` : abstract}`;
}

/**
 * Greedy template minimisation: removes whole templates, then fields one at a time (nested ones
 * too), while `stillFails` holds for the rewritten XML. Candidates that are not a valid template
 * set are skipped. Returns the original XML text when nothing could be removed (a given file is
 * not needlessly rewritten). Bounded by `maxTries` and `budgetMs`.
 */
export async function minimiseTemplates(
  xml: string,
  stillFails: (xml: string) => Promise<boolean>,
  { maxTries = 200, budgetMs = Infinity }: { maxTries?: number; budgetMs?: number } = {},
): Promise<string> {
  let current: readonly Template[];
  try {
    current = parseTemplates(xml).templates;
  } catch {
    return xml;
  }
  let best = xml;
  let tries = 0;
  const until = Date.now() + budgetMs;
  const more = (): boolean => tries < maxTries && Date.now() < until;
  const attempt = async (candidate: readonly Template[]): Promise<boolean> => {
    let text: string;
    try {
      text = writeTemplatesXml(makeTemplateSet(candidate));
      parseTemplates(text);
    } catch {
      return false;
    }
    tries++;
    if (!(await stillFails(text))) return false;
    current = candidate;
    best = text;
    return true;
  };
  // Whole templates first: those the stream does not use go in one try each.
  for (let i = 0; i < current.length && current.length > 1 && more(); ) {
    if (!(await attempt(current.filter((_, j) => j !== i)))) i++;
  }
  // Then fields, depth first; a removal keeps the position (the next field moved into it).
  for (let t = 0; t < current.length && more(); t++) {
    for (let k = 0; more(); ) {
      const paths = fieldPaths(current[t]!.fields);
      if (k >= paths.length) break;
      const next = current.map((tpl, j) => (j === t ? { ...tpl, fields: withoutField(tpl.fields, paths[k]!) } : tpl));
      if (!(await attempt(next))) k++;
    }
  }
  return best;
}

/** Index paths of every field, a group or sequence before the fields inside it. */
function fieldPaths(fields: readonly Field[], prefix: readonly number[] = []): number[][] {
  const out: number[][] = [];
  fields.forEach((f, i) => {
    out.push([...prefix, i]);
    if (f.kind === 'group' || f.kind === 'sequence') out.push(...fieldPaths(f.fields, [...prefix, i]));
  });
  return out;
}

function withoutField(fields: readonly Field[], path: readonly number[]): Field[] {
  const [i, ...rest] = path;
  if (rest.length === 0) return fields.filter((_, j) => j !== i);
  return fields.map((f, j) => (j === i && (f.kind === 'group' || f.kind === 'sequence') ? { ...f, fields: withoutField(f.fields, rest) } : f));
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
