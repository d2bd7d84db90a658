import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CORPORA_DIR, corpusSkipReason } from './corpora.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

describe('corpus location', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is ../shared/corpora beside the clone, and nowhere else', () => {
    expect(resolve(CORPORA_DIR)).toBe(resolve(join(REPO, '..', 'shared', 'corpora')));
  });

  it('a missing file gives a reason naming it and where it was looked for', () => {
    vi.stubEnv('CI', 'false');
    const reason = corpusSkipReason('no-such-corpus/file.dat');
    expect(reason).toMatch(/no-such-corpus\/file\.dat not under .*shared\/corpora/);
  });

  it('under CI a missing corpus is a failure, not a skip', () => {
    vi.stubEnv('CI', 'true');
    expect(() => corpusSkipReason('no-such-corpus/file.dat')).toThrow(/CI=true, so this is a failure, not a skip/);
  });
});
