import { readFileSync } from 'node:fs';
import { strict as assert } from 'node:assert';
import { Before, Given, When, Then } from '@cucumber/cucumber';
import type { FastDecoderAdapter, FastResetPolicy } from '../../adapters/fast.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import type { CanonicalMessage, StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { loadSubject } from '../../properties/subject.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { adapterSpecFor } from '../support/world.ts';

/**
 * FAST decoding steps: hex in, fields out. The decoder is the reference unless FAIRWIRE_ADAPTER
 * names another adapter (same forms as --adapter: mutant:<name>, <module.ts>, cmd:..., manifest).
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

async function decoder(strict: boolean): Promise<FastDecoderAdapter> {
  // A mutant of another component leaves the FAST decoder on the reference.
  const spec = adapterSpecFor('fast');
  if (!spec || spec === 'reference') return createReferenceFastDecoder({ strict });
  if (strict) throw new Error('strict mode scenarios need the reference decoder (adapters take no strict option)');
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

Given('strict mode', () => {
  state.strict = true;
});

When('I decode the hex {string}', async (hex: string) => {
  assert.ok(state.xml, 'no templates given');
  const clean = hex.replace(/\s+/g, '');
  assert.match(clean, /^(?:[0-9a-fA-F]{2})*$/, 'hex must be pairs of hex digits');
  const d = await decoder(state.strict);
  try {
    await d.loadTemplates(state.xml);
    state.result = await d.decode(Uint8Array.from(Buffer.from(clean, 'hex')), { reset: state.reset });
  } finally {
    await d.close?.();
  }
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

Then('a {string} report is made', (code: string) => {
  assert.ok(state.result?.reports.some((r) => r.code === code), `reports: ${toCanonicalJson(state.result?.reports)}`);
});
