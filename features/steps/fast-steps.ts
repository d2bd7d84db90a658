import { readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { Before, Given, When, Then, type World } from '@cucumber/cucumber';
import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import type { CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { capabilitiesUsed } from '../../properties/fast/template-capabilities.ts';
import { loadSubject } from '../../properties/subject.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { adapterSpecFor } from '../support/world.ts';

/**
 * FAST decoding steps: hex in, fields out. The decoder is the reference unless FAIRWIRE_ADAPTER
 * names another adapter (same forms as --adapter: mutant:<name>, <module.ts>, cmd:..., manifest).
 *
 * Skipped, with the reason logged, never failed: a scenario whose templates use a feature the
 * adapter does not declare in its capabilities, and a strict-mode scenario on any adapter but the
 * reference (the adapter contract has no strict option: the reference's strict mode is its own),
 * and a report check on any adapter but the reference (reporting is optional in FAST 1.1).
 */
interface FastWorld {
  xml?: string;
  reset: FastResetPolicy;
  strict: boolean;
  result?: StreamDecodeResult;
}

const state: FastWorld = { reset: 'none', strict: false };

Before(() => {
  delete state.xml;
  delete state.result;
  state.reset = 'none';
  state.strict = false;
});

/** The adapter spec under test, undefined for the reference (a mutant of another component leaves it there). */
function subjectSpec(): string | undefined {
  const spec = adapterSpecFor('fast');
  return !spec || spec === 'reference' ? undefined : spec;
}

async function decoder(strict: boolean): Promise<FastDecoderAdapter> {
  const spec = subjectSpec();
  if (spec === undefined) return createReferenceFastDecoder({ strict });
  return (await loadSubject(spec, componentEntry('fast')!)) as FastDecoderAdapter;
}


function message(n: number): CanonicalMessage {
  const m = state.result?.messages[n - 1];
  assert.ok(m, `message ${n} was not decoded (${state.result?.messages.length ?? 0} decoded${state.result?.error ? `, then ${state.result.error.code}` : ''})`);
  return m;
}

/** A field by dotted path with [i] indexes, e.g. "MDEntries[0].MDEntryPx". */
function field(m: CanonicalMessage, path: string): unknown {
  let v: unknown = m.fields;
  for (const part of path.split('.')) {
    const [, name, index] = /^([^[]+)(?:\[(\d+)\])?$/.exec(part) ?? [];
    assert.ok(name && v && typeof v === 'object' && name in v, `no field "${path}" in ${toCanonicalJson(m.fields)}`);
    v = (v as Record<string, unknown>)[name];
    if (index !== undefined) v = (v as unknown[])[Number(index)];
  }
  return v;
}

Given('the templates in {string}', (file: string) => {
  state.xml = readFileSync(file, 'utf8');
});

Given('the reset policy is {string}', (policy: string) => {
  assert.ok(policy === 'none' || policy === 'message', `reset policy must be none or message, got ${policy}`);
  state.reset = policy;
});

Given('strict mode', function (this: World) {
  const spec = subjectSpec();
  if (spec !== undefined) {
    this.log(`skipped: strict mode is the reference decoder's own option (the FAST adapter contract has none), so it cannot be asked of ${spec}`);
    return 'skipped';
  }
  state.strict = true;
  return undefined;
});

When('I decode the hex {string}', async function (this: World, hex: string) {
  assert.ok(state.xml, 'no templates given');
  const clean = hex.replace(/\s+/g, '');
  assert.match(clean, /^(?:[0-9a-fA-F]{2})*$/, 'hex must be pairs of hex digits');
  const d = await decoder(state.strict);
  const lacking = [...capabilitiesUsed(state.xml)].filter((c) => !d.capabilities[c]);
  if (lacking.length > 0) {
    await d.close?.();
    this.log(`skipped: the templates use ${lacking.join(', ')}, which ${d.name} does not declare in its capabilities`);
    return 'skipped';
  }
  try {
    await d.loadTemplates(state.xml);
    state.result = await d.decode(Uint8Array.from(Buffer.from(clean, 'hex')), { reset: state.reset });
  } finally {
    await d.close?.();
  }
  return undefined;
});

Then(/^(\d+) messages? (?:is|are) decoded$/, (n: string) => {
  assert.equal(state.result?.messages.length, Number(n), `decoded: ${toCanonicalJson(state.result)}`);
});

Then(/^(?:message (\d+) )?field "([^"]+)" is (null|"[^"]*"|\{.*\})$/, (n: string | null | undefined, path: string, expected: string) => {
  const m = n == null || n === '' ? message(state.result?.messages.length ?? 0) : message(Number(n));
  const actual = field(m, path);
  const want: unknown = JSON.parse(expected);
  assert.equal(toCanonicalJson(actual), toCanonicalJson(want), `field ${path} of ${toCanonicalJson(m)}`);
});

Then('decoding stops with error {string}', (code: string) => {
  assert.equal(state.result?.error?.code, code, `result: ${toCanonicalJson(state.result)}`);
});

Then('decoding stops with a {string} error', (cls: string) => {
  assert.equal(state.result?.error?.class, cls, `result: ${toCanonicalJson(state.result)}`);
});

Then('decoding ends without error', () => {
  assert.equal(state.result?.error, null, `result: ${toCanonicalJson(state.result)}`);
});

Then('a {string} report is made', function (this: World, code: string) {
  // FAST 1.1 lets a decoder report reportable conditions or not; conformance never compares
  // reports (spec/fast/canonical.md), so only the reference is held to its own reporting.
  const spec = subjectSpec();
  if (spec !== undefined) {
    this.log(`skipped: reporting ${code} is optional in FAST 1.1 and not part of conformance, so it is not asked of ${spec}`);
    return 'skipped';
  }
  assert.ok(state.result?.reports.some((r) => r.code === code), `reports: ${toCanonicalJson(state.result?.reports)}`);
  return undefined;
});
