import { describe, expect, it } from 'vitest';
import { CaseLog, tailLines } from './case-log.ts';

const req = (seq: number, extra = '') => JSON.stringify({ seq, op: 'echo', params: { value: seq, extra } });

describe('CaseLog', () => {
  it('keeps the requests of the case only, in order, as JSON values', () => {
    const log = new CaseLog();
    log.sent(req(1));
    log.begin();
    log.sent(req(2));
    log.sent(req(3));
    expect(log.observe().requests).toEqual([
      { seq: 2, op: 'echo', params: { value: 2, extra: '' } },
      { seq: 3, op: 'echo', params: { value: 3, extra: '' } },
    ]);
  });

  it('a long case keeps its first and last requests and says how many were not kept', () => {
    const log = new CaseLog({ maxRequests: 10, maxRequestBytes: 1 << 20, maxStderrLines: 40, maxStderrBytes: 4096 });
    log.begin();
    for (let i = 1; i <= 100; i++) log.sent(req(i));
    const r = log.observe().requests!;
    expect(r).toHaveLength(11);
    expect(r.slice(0, 5).map((x) => (x as { seq: number }).seq)).toEqual([1, 2, 3, 4, 5]);
    expect(r[5]).toMatch(/^… 90 more requests not kept/);
    expect(r.slice(6).map((x) => (x as { seq: number }).seq)).toEqual([96, 97, 98, 99, 100]);
  });

  it('bounds the bytes too: a request larger than half the budget keeps its seq and op only', () => {
    const log = new CaseLog({ maxRequests: 1000, maxRequestBytes: 2000, maxStderrLines: 40, maxStderrBytes: 4096 });
    log.begin();
    log.sent(req(1, 'x'.repeat(5000)));
    for (let i = 2; i <= 50; i++) log.sent(req(i, 'y'.repeat(100)));
    const r = log.observe().requests!;
    expect(r[0]).toEqual({ seq: 1, op: 'echo', params: expect.stringMatching(/bytes, not kept/) });
    expect(JSON.stringify(r).length).toBeLessThan(2600);
    expect(r.some((x) => typeof x === 'string' && /more requests not kept/.test(x))).toBe(true);
    expect((r[r.length - 1] as { seq: number }).seq).toBe(50);
  });

  it('stderr: the lines written during the case, bounded to the last ones', () => {
    const log = new CaseLog({ maxRequests: 10, maxRequestBytes: 1 << 20, maxStderrLines: 3, maxStderrBytes: 4096 });
    log.stderr('before\n');
    log.begin();
    log.stderr('one\ntw');
    log.stderr('o\nthree\nfour\nfive (no newline yet)');
    expect(log.observe().stderrTail).toBe('(… 2 earlier lines of this case not kept)\nthree\nfour\nfive (no newline yet)');
  });

  it('stderr: nothing during the case shows the last lines before it, labelled; nothing at all is absent', () => {
    const log = new CaseLog();
    log.begin();
    expect(log.observe()).toEqual({});
    log.stderr('loaded 3 templates\n');
    log.begin();
    expect(log.observe().stderrTail).toBe('(nothing on stderr during this case; the last lines before it:)\nloaded 3 templates');
  });

  it('stderr: a line without an end is bounded and counted at the end of the process', () => {
    const log = new CaseLog({ maxRequests: 10, maxRequestBytes: 1 << 20, maxStderrLines: 40, maxStderrBytes: 100 });
    log.begin();
    for (let i = 0; i < 1000; i++) log.stderr('z'.repeat(100));
    log.ended();
    const t = log.observe().stderrTail!;
    expect(t.length).toBeLessThanOrEqual(100);
    expect(t).toMatch(/^…z+$/);
  });

  it('tailLines keeps whole last lines within the bounds', () => {
    expect(tailLines('a\nb\nc\n', 2, 100)).toBe('b\nc');
    expect(tailLines('aaaa\nbbbb\ncccc', 10, 10)).toBe('bbbb\ncccc');
    expect(tailLines('abcdefghij', 10, 5)).toBe('…ghij');
  });
});
