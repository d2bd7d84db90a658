import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSubject } from '../../properties/subject.ts';
import type { ComponentEntry } from '../../properties/components.ts';
import { createReferenceFastDecoder } from '../reference/fast.ts';
import type { FastDecoderAdapter } from '../fast.ts';
import './index.ts';
import { loadProcessAdapter, ProcessAdapterError } from './load.ts';
import { loadManifest, ManifestError } from './manifest.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/python/', import.meta.url));

function tmp(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fairwire-manifest-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('manifests and the cmd: loader', () => {
  it('loads a manifest: cwd relative to its folder, env passed, capabilities overridden', async () => {
    const file = tmp(
      'vendor.json',
      JSON.stringify({ name: 'acme-fast', command: 'python3', args: ['fast_decoder.py'], cwd: EXAMPLES, env: { ACME: '1' }, capabilities: { fast: { int64: false, operatorDelta: true } } }),
    );
    expect(loadManifest(file)).toMatchObject({ command: 'python3', cwd: EXAMPLES.replace(/\/$/, '') });
    const a = (await loadProcessAdapter(file, 'fast')) as FastDecoderAdapter;
    try {
      expect(a.name).toBe('acme-fast');
      expect(a.capabilities).toMatchObject({ int64: false, operatorDelta: true, operatorTail: false });
    } finally {
      await a.close?.();
    }
  });

  it('the example manifest starts the example decoder from its own folder', async () => {
    const a = await loadProcessAdapter(`${EXAMPLES}fast-decoder.manifest.json`, 'fast');
    try {
      expect(a.name).toBe('fairwire example FAST decoder (Python)');
      expect((a as FastDecoderAdapter).capabilities.int64).toBe(true);
    } finally {
      await a.close?.();
    }
  });

  it('rejects invalid manifests with the schema error', () => {
    expect(() => loadManifest(tmp('m.json', '{"args": []}'))).toThrow(ManifestError);
    expect(() => loadManifest(tmp('m.json', '{"command": "x", "shell": true}'))).toThrow(/additional properties/);
    expect(() => loadManifest(tmp('m.json', 'not json'))).toThrow(/not JSON/);
  });

  it('a vendor that does not implement the component is refused before any property runs', async () => {
    await expect(loadProcessAdapter(`cmd:python3 ${EXAMPLES}sequencer.py`, 'fast')).rejects.toThrow(ProcessAdapterError);
    await expect(loadProcessAdapter(`cmd:python3 ${EXAMPLES}sequencer.py`, 'no-such-component')).rejects.toThrow(/no vendor-protocol wrapper/);
  });

  it("properties/subject.ts resolves cmd:\"...\" through the registered loader", async () => {
    const entry = { component: 'fast', title: 'fast', catalog: [], reference: () => createReferenceFastDecoder(), mutants: [] } satisfies ComponentEntry;
    const a = await loadSubject(`cmd:"python3" "${EXAMPLES}fast_decoder.py"`, entry as ComponentEntry);
    try {
      expect(a.component).toBe('fast');
      expect(a.name).toMatch(/^cmd:/);
    } finally {
      await a.close?.();
    }
  });
});
