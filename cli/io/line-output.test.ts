import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LineOutput } from './line-output.ts';

describe('LineOutput', () => {
  it('a slow reader with a tiny buffer gets every line, in order, and the writer waits for it', async () => {
    const got: string[] = [];
    let maxPending = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, done) {
        got.push(chunk.toString());
        setImmediate(done);
      },
    });
    const out = new LineOutput(slow);
    for (let i = 0; i < 20_000; i++) {
      out.line(`line ${i}`);
      if (out.full) await out.flush();
      maxPending = Math.max(maxPending, slow.writableLength);
    }
    await out.end();
    await new Promise((r) => slow.end(r));
    expect(got.join('').split('\n').slice(0, -1)).toEqual(Array.from({ length: 20_000 }, (_, i) => `line ${i}`));
    // Never more than one batch queued: the writer waited for 'drain'.
    expect(maxPending).toBeLessThan(2 * 65_536 + 32);
  });

  it('a reader that goes away (EPIPE) ends the output quietly: closed, no throw', async () => {
    const gone = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const out = new LineOutput(gone);
    out.line('a');
    await out.flush();
    await new Promise((r) => setImmediate(r));
    expect(out.closed).toBe(true);
    out.line('b');
    await out.flush();
    await out.end();
  });

  it('another write error (no space left) is raised, not swallowed', async () => {
    const full = new Writable({
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }));
      },
    });
    const out = new LineOutput(full);
    const writeTwo = async () => {
      out.line('a');
      await out.flush();
      await new Promise((r) => setImmediate(r));
      out.line('b');
      await out.flush();
    };
    await expect(writeTwo()).rejects.toThrow(/ENOSPC/);
  });
});
