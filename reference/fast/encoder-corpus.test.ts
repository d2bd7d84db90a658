import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { FastEncoder } from './encoder.ts';
import { FastDecoder } from './decoder.ts';
import { parseTemplates } from './template-parser.ts';
import fc from 'fast-check';
import { messagesOf } from './testing/encoder-support.ts';
import type { FastError } from './errors.ts';
import type { CanonicalMessage } from './canonical.ts';
import { corpusPath, corpusSkipReason, titled } from './testing/corpora.ts';

/**
 * Differential check against an independent encoder: the mFAST performance corpus was written
 * by mFAST's encoder (one message per frame, dictionaries reset per message). Re-encoding what
 * the reference decoder reads from each frame must give the frame back byte for byte: the same
 * shortest choices (pmaps, operators, string deltas) as another implementation.
 */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261121);
const mfastSkip = corpusSkipReason('mfast-complex/complex30000.dat', 'mfast-complex/example.xml');

describe('the mFAST corpus re-encodes byte for byte', () => {
  it.skipIf(mfastSkip !== undefined)(titled('every 5th frame of complex30000.dat', mfastSkip), () => {
    const data = readFileSync(corpusPath('mfast-complex/complex30000.dat')!);
    const set = parseTemplates(readFileSync(corpusPath('mfast-complex/example.xml')!, 'utf8'));
    const decoder = new FastDecoder(set, { reset: 'message' });
    const encoder = new FastEncoder(set, { reset: 'message' });
    let frames = 0;
    let checked = 0;
    for (let off = 0; off < data.length; frames++) {
      const len = data.readUInt32LE(off);
      const frame = data.subarray(off + 4, off + 4 + len);
      off += 4 + len;
      if (frames % 5 !== 0) continue;
      const d = decoder.decodeStream(frame);
      expect(d.error).toBeNull();
      expect(d.reports).toEqual([]);
      const bytes = encoder.encodeStream(d.messages);
      if (Buffer.compare(Buffer.from(bytes), frame) !== 0) {
        expect.fail(`frame ${frames}: mFAST ${frame.toString('hex')} vs ours ${Buffer.from(bytes).toString('hex')}`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(5000);
  });
});

/** Real-world template files (corpora/fast-templates, mFAST's example): generated streams round-trip. */
const templateFiles = ['fast-templates/openfast-fpl.xml', 'fast-templates/rsfastlib-cqg.xml', 'fast-templates/rsfastlib-spec.xml', 'fast-templates/rsfastlib-spec2.xml', 'mfast-complex/example.xml'];

describe('generated streams over real-world templates round-trip through the decoder', () => {
  for (const file of templateFiles) {
    const skip = corpusSkipReason(file);
    it.skipIf(skip !== undefined)(titled(file, skip), () => {
      const set = parseTemplates(readFileSync(corpusPath(file)!, 'utf8'));
      let accepted = 0;
      let rejected = 0;
      fc.assert(
        fc.property(messagesOf(set, 'none', 6), (messages) => {
          const enc = new FastEncoder(set);
          const parts: Uint8Array[] = [];
          const ok: CanonicalMessage[] = [];
          for (const m of messages) {
            try {
              parts.push(enc.encodeMessage(m));
              ok.push(m);
              accepted++;
            } catch (e) {
              // Impossible under the dictionary state: a tail that would shorten its base (D7); a
              // delta over an entry another template emptied (D6) or assigned with another type
              // (D4) — these files share global keys such as "Value" across types.
              expect(['D4', 'D6', 'D7']).toContain((e as FastError).code);
              rejected++;
            }
          }
          const d = new FastDecoder(set).decodeStream(Buffer.concat(parts));
          expect(d.error).toBeNull();
          expect(d.reports).toEqual([]);
          expect(d.messages).toEqual(ok);
        }),
        { numRuns: 40, seed: SEED },
      );
      expect(accepted).toBeGreaterThan(2 * rejected);
    });
  }
});
