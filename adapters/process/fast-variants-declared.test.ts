import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeEquivalence } from '../../properties/fast/catalog.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { Mismatch } from '../../properties/mismatch.ts';
import { loadSubject, SubjectError } from '../../properties/subject.ts';
import { FastVariantsError } from '../../reference/fast/variants.ts';
import type { FastDecoderAdapter } from '../fast.ts';
import { AdapterFault } from '../fault.ts';
import { createFastDecoderAdapter, createReferenceFastDecoder } from '../reference/fast.ts';
import { loadProcessAdapter } from './load.ts';
import { loadManifest, ManifestError } from './manifest.ts';
import { runCli } from '../../cli/commands/testing/run-cli.ts';

/**
 * Declared FAST variants are checked where they are declared (spec/fast/variants.md): a misspelt
 * variant or reading is never read as the default. A vendor's ready line: a start fault (exit 3,
 * as any broken ready); a manifest: a manifest error (exit 2, as any bad manifest); an in-process
 * adapter: an error when it is loaded. A manifest can declare variants itself, replacing what the
 * vendor declares in ready, as it does for capabilities.
 */
const TESTING = fileURLToPath(new URL('./testing/', import.meta.url));
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);

const cli = (argv: string[]) => runCli(argv);

async function equivalence(subject: FastDecoderAdapter, numRuns = 120) {
  return fc.check(
    fc.asyncProperty(decodeEquivalence.arbitrary(subject.capabilities), async (input) => {
      await decodeEquivalence.check(subject, createReferenceFastDecoder(), input);
    }),
    { numRuns, seed: SEED, endOnFailure: true },
  );
}

async function withAdapter<T>(manifest: string, body: (a: FastDecoderAdapter) => Promise<T>): Promise<T> {
  const a = (await loadProcessAdapter(join(TESTING, manifest), 'fast')) as FastDecoderAdapter;
  try {
    return await body(a);
  } finally {
    await a.close?.();
  }
}

describe('a misspelt FAST variant is an error where it is declared, never the default', () => {
  it("in a vendor's ready line: a start fault naming the variant and its readings", async () => {
    const fault = await loadProcessAdapter(join(TESTING, 'fast-decoder-ready-variant-typo.manifest.json'), 'fast').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(fault).toBeInstanceOf(AdapterFault);
    expect((fault as AdapterFault).kind).toBe('start');
    expect((fault as AdapterFault).message).toContain(`ready: components.fast.variants: FAST variant tailNull has no reading "emptyy": it is 'empty' or 'unchanged'`);
  });

  it('conform: the ready typo is a fault of the adapter start (exit 3), the manifest typo a usage error (exit 2)', async () => {
    const ready = await cli(['conform', '--component', 'fast', '--adapter', join(TESTING, 'fast-decoder-ready-variant-typo.manifest.json'), '--no-corpus', '--seed', String(SEED), '--quiet']);
    expect(ready.code, ready.err + ready.out).toBe(3);
    expect(ready.out + ready.err).toMatch(/tailNull has no reading "emptyy"/);
    const manifest = await cli(['conform', '--component', 'fast', '--adapter', join(TESTING, 'fast-decoder-variant-typo.manifest.json'), '--no-corpus', '--seed', String(SEED), '--quiet']);
    expect(manifest.code, manifest.err + manifest.out).toBe(2);
    expect(manifest.out + manifest.err).toMatch(/variants\.fast: FAST variant tailNull has no reading "emptyy": it is 'empty' or 'unchanged'/);
  }, 60_000);

  it('in a manifest: a ManifestError, also for an unknown variant or a component without variants', () => {
    expect(() => loadManifest(join(TESTING, 'fast-decoder-variant-typo.manifest.json'))).toThrow(ManifestError);
    const dir = mkdtempSync(join(tmpdir(), 'fw-variants-'));
    const write = (variants: unknown): string => {
      const file = join(dir, `m${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify({ command: 'python3', variants }));
      return file;
    };
    expect(() => loadManifest(write({ fast: { tailnull: 'unchanged' } }))).toThrow(/unknown FAST variant 'tailnull' \(known: tailNull, staticTemplateRefDictionary/);
    expect(() => loadManifest(write({ matching: { tailNull: 'unchanged' } }))).toThrow(/component 'matching' has no declared variants \(only fast has\)/);
    expect(() => loadManifest(write({ fast: { tailNull: 1 } }))).toThrow(ManifestError); // the schema: readings are strings
    expect(loadManifest(write({ fast: { staticTemplateRefDictionary: 'referring' } })).variants).toEqual({ fast: { tailNull: 'empty', staticTemplateRefDictionary: 'referring' } });
  });

  it('in process: building the adapter throws, and loading a module whose adapter declares one is a SubjectError', async () => {
    expect(() => createFastDecoderAdapter({ name: 'x', variants: { tailNull: 'emptyy' } as never })).toThrow(FastVariantsError);
    const dir = mkdtempSync(join(tmpdir(), 'fw-variants-module-'));
    const file = join(dir, 'decoder.mjs');
    writeFileSync(
      file,
      `export default { name: 'typo', component: 'fast', capabilities: {}, variants: { tailNull: 'emptyy', staticTemplateRefDictionary: 'referred' },
        loadTemplates() {}, reset() {}, decode() { return { messages: [], error: null, reports: [] }; } };\n`,
    );
    const load = loadSubject(file, componentEntry('fast')!);
    await expect(load).rejects.toBeInstanceOf(SubjectError);
    await expect(load).rejects.toThrow(/adapter\.variants: FAST variant tailNull has no reading "emptyy"/);
  });
});

describe('variants declared in a manifest replace those of ready', () => {
  it('the manifest adds a reading the vendor does not declare, and takes one back', async () => {
    await withAdapter('fast-decoder-manifest-declares-unchanged.manifest.json', async (a) => {
      expect(a.variants).toEqual({ tailNull: 'unchanged', staticTemplateRefDictionary: 'referred' });
    });
    // The vendor reads and declares 'unchanged' in ready; the manifest says the default.
    await withAdapter('fast-decoder-tail-unchanged-undeclared.manifest.json', async (a) => {
      expect(a.variants).toBeUndefined();
    });
  });

  it('judged by the manifest: the vendor reading unchanged passes when declared, fails when the manifest declares the default', async () => {
    const declared = await withAdapter('fast-decoder-tail-unchanged.manifest.json', (a) => equivalence(a));
    expect(declared.failed, `seed ${SEED}: ${String(declared.errorInstance)}`).toBe(false);
    const undeclared = await withAdapter('fast-decoder-tail-unchanged-undeclared.manifest.json', (a) => equivalence(a));
    expect(undeclared.failed, `seed ${SEED}`).toBe(true);
    expect(undeclared.errorInstance).toBeInstanceOf(Mismatch);
  }, 120_000);
});
