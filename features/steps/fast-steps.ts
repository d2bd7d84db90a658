import { readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { Given, When, Then } from '@cucumber/cucumber';
import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import type { CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { errorClassOf, type FastErrorCode } from '../../reference/fast/errors.ts';
import { capabilitiesUsed } from '../../properties/fast/template-capabilities.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { dataFile, type FairwireWorld } from '../support/world.ts';
import { expectThat } from './expect-that.ts';

/**
 * FAST decoding steps: hex in, fields out. The decoder is the adapter under test for the `fast`
 * component (the reference unless the run names another: world parameters or FAIRWIRE_ADAPTER*).
 *
 * Skipped, with the reason logged, never failed: a scenario whose templates use a feature the
 * adapter does not declare in its capabilities, and a strict-mode scenario on any adapter but the
 * reference (the adapter contract has no strict option: the reference's strict mode is its own),
 * and a report check on any adapter but the reference (reporting is optional in FAST 1.1).
 * Error codes: conformance compares the error class, never the code (spec/fast/canonical.md,
 * decoders disagree on codes); the reference is held to the spec's code, others to its class.
 */
interface FastState {
  xml?: string;
  reset: FastResetPolicy;
  strict: boolean;
  hex?: string;
  result?: StreamDecodeResult;
}

const states = new WeakMap<FairwireWorld, FastState>();

function state(w: FairwireWorld): FastState {
  let s = states.get(w);
  if (!s) states.set(w, (s = { reset: 'none', strict: false }));
  return s;
}

/** The adapter spec under test, undefined for the reference (a mutant of another component leaves it there). */
function subjectSpec(w: FairwireWorld): string | undefined {
  const spec = w.adapterSpec('fast');
  return !spec || spec === 'reference' ? undefined : spec;
}

async function decoder(w: FairwireWorld, strict: boolean): Promise<{ d: FastDecoderAdapter; own: boolean }> {
  if (subjectSpec(w) === undefined) return { d: createReferenceFastDecoder({ strict }), own: true };
  return { d: await w.adapter<FastDecoderAdapter>('fast'), own: false };
}

function decoded(w: FairwireWorld): StreamDecodeResult {
  const r = state(w).result;
  assert.ok(r, 'nothing was decoded (say "When I decode the hex ...")');
  return r;
}

/** What the decoder made of the stream, in a sentence. */
function outcome(r: StreamDecodeResult): string {
  const n = `${r.messages.length} message${r.messages.length === 1 ? '' : 's'}`;
  return r.error ? `${n}, then error ${r.error.code} (${r.error.class}) at byte ${r.error.offset}` : `${n} and no error`;
}

function message(w: FairwireWorld, n: number): CanonicalMessage {
  const r = decoded(w);
  const m = r.messages[n - 1];
  expectThat(m, () => `message ${n} of the stream ${state(w).hex} should have been decoded, but the decoder gave ${outcome(r)}`);
  return m;
}

/** A field by dotted path with [i] indexes, e.g. "MDEntries[0].MDEntryPx"; undefined when absent. */
function field(m: CanonicalMessage, path: string): { found: boolean; value: unknown } {
  let v: unknown = m.fields;
  for (const part of path.split('.')) {
    const [, name, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(part) ?? [];
    if (!(name && v && typeof v === 'object' && name in v)) return { found: false, value: undefined };
    v = (v as Record<string, unknown>)[name];
    if (index !== undefined) v = (v as unknown[])[Number(index)];
  }
  return { found: true, value: v };
}

Given('the templates in {string}', function (this: FairwireWorld, file: string) {
  state(this).xml = readFileSync(dataFile(file), 'utf8');
});

Given('the reset policy is {string}', function (this: FairwireWorld, policy: string) {
  assert.ok(policy === 'none' || policy === 'message', `reset policy must be none or message, got ${policy}`);
  state(this).reset = policy;
});

Given('strict mode', function (this: FairwireWorld) {
  const spec = subjectSpec(this);
  if (spec !== undefined) {
    this.log(`skipped: strict mode is the reference decoder's own option (the FAST adapter contract has none), so it cannot be asked of ${spec}`);
    return 'skipped';
  }
  state(this).strict = true;
  return undefined;
});

When('I decode the hex {string}', async function (this: FairwireWorld, hex: string) {
  const s = state(this);
  assert.ok(s.xml, 'no templates given (say "Given the templates in ...")');
  const clean = hex.replace(/\s+/g, '');
  assert.match(clean, /^(?:[0-9a-fA-F]{2})*$/, 'hex must be pairs of hex digits');
  const { d, own } = await decoder(this, s.strict);
  try {
    const lacking = [...capabilitiesUsed(s.xml)].filter((c) => !d.capabilities[c]);
    if (lacking.length > 0) {
      this.log(`skipped: the templates use ${lacking.join(', ')}, which ${d.name} does not declare in its capabilities`);
      return 'skipped';
    }
    await d.loadTemplates(s.xml);
    s.hex = `"${hex}"`;
    s.result = await d.decode(Uint8Array.from(Buffer.from(clean, 'hex')), { reset: s.reset });
  } finally {
    if (own) await d.close?.();
  }
  return undefined;
});

Then(/^(\d+) messages? (?:is|are) decoded$/, function (this: FairwireWorld, n: string) {
  const r = decoded(this);
  expectThat(
    r.messages.length === Number(n),
    () => `the stream ${state(this).hex} should give ${n} message(s), but the decoder gave ${outcome(r)}: ${toCanonicalJson(r.messages)}`,
  );
});

Then(/^(?:message (\d+) )?field "([^"]+)" is (null|"[^"]*"|\{.*\})$/, function (this: FairwireWorld, n: string | null | undefined, path: string, expected: string) {
  const k = n == null || n === '' ? Math.max(1, decoded(this).messages.length) : Number(n);
  const m = message(this, k);
  const { found, value } = field(m, path);
  const want: unknown = JSON.parse(expected);
  expectThat(found, () => `message ${k} should have a field ${path}, but it has none: ${toCanonicalJson(m.fields)}`);
  expectThat(
    toCanonicalJson(value) === toCanonicalJson(want),
    () => `message ${k}: field ${path} should be ${toCanonicalJson(want)} but the decoder gave ${toCanonicalJson(value)} (whole message: ${toCanonicalJson(m.fields)}). A feed handler would pass this wrong value on to trading.`,
  );
});

Then('decoding stops with error {string}', function (this: FairwireWorld, code: string) {
  const r = decoded(this);
  const cls = errorClassOf(code as FastErrorCode);
  expectThat(
    r.error?.class === cls,
    () => `the stream ${state(this).hex} should stop with a ${cls} error (${code} in the spec) but the decoder gave ${outcome(r)}` +
      (r.error ? '' : ': bad input would be passed on as if it were good'),
  );
  if (subjectSpec(this) === undefined) {
    expectThat(r.error?.code === code, () => `the reference should stop with ${code} (spec/fast/canonical.md) but gave ${outcome(r)}`);
  } else if (r.error?.code !== code) {
    // Decoders disagree on codes for one fault; conformance compares the class only.
    this.log(`note: ${this.adapterSpec('fast')} answered ${r.error?.code} where the spec's table says ${code}; same class (${cls}), so this conforms`);
  }
});

Then('decoding stops with a {string} error', function (this: FairwireWorld, cls: string) {
  const r = decoded(this);
  expectThat(r.error?.class === cls, () => `the stream ${state(this).hex} should stop with a ${cls} error but the decoder gave ${outcome(r)}`);
});

Then('decoding ends without error', function (this: FairwireWorld) {
  const r = decoded(this);
  expectThat(r.error === null, () => `the stream ${state(this).hex} should decode to the end without error, but the decoder gave ${outcome(r)}: good data would be lost`);
});

Then('a {string} report is made', function (this: FairwireWorld, code: string) {
  // FAST 1.1 lets a decoder report reportable conditions or not; conformance never compares
  // reports (spec/fast/canonical.md), so only the reference is held to its own reporting.
  const spec = subjectSpec(this);
  if (spec !== undefined) {
    this.log(`skipped: reporting ${code} is optional in FAST 1.1 and not part of conformance, so it is not asked of ${spec}`);
    return 'skipped';
  }
  const reports = decoded(this).reports;
  expectThat(reports.some((r) => r.code === code), () => `the reference should report ${code} for the stream ${state(this).hex}, but reported ${reports.map((r) => `${r.code} at byte ${r.offset}`).join(', ') || 'nothing'}`);
  return undefined;
});
