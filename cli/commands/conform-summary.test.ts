import { describe, expect, it } from 'vitest';
import { issue12Report } from '../../properties/testing/report-fixture.ts';
import { formatSummary } from './conform-summary.ts';

describe('conform terminal summary', () => {
  const text = formatSummary(issue12Report());
  const lines = text.split('\n');

  it('shows a flaky result as flaky (2/3) in the table, and counts it apart from deterministic failures', () => {
    expect(lines.find((l) => l.startsWith('toy.b.flaky'))).toMatch(/^toy\.b\.flaky\s+flaky \(2\/3\)\s+12\/100\s+0\.04s  \+1 more finding\(s\)$/);
    expect(lines.find((l) => l.startsWith('toy.a.passes'))).toMatch(/^toy\.a\.passes\s+passed\s+100 /);
    expect(text).toContain('── toy.b.flaky (flaky (2/3), finding 1 of 2) ── a racy vendor');
    expect(text).toContain('flaky: failed on 2 of 3 tries of the same case, each on a fresh subject');
    expect(text).toContain('3 properties: 1 passed, 0 failed, 1 flaky, 1 faults,');
    expect(text).toMatch(/^flaky: 1 \(failed on some tries of the same case only/m);
  });

  it('prints the explanation with its timeline, highlighted entries marked', () => {
    const at = lines.indexOf('explanation:');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('  order c1, stamped 1500, was released at 1600 before a1, stamped 1100; a1 waited at proxy P1 for participant B');
    expect(lines).toContain('  timeline:');
    expect(lines).toContain('    >     1600  subject      releases c1 (stamp 1500)');
    expect(lines).toContain('          1550  P2           order c1 (stamp 1500) arrives');
  });

  it('prints the vendor stderr tail bounded and indented, and the first requests of a fault case with the count', () => {
    const at = lines.indexOf('vendor stderr (last lines):');
    expect(lines.slice(at + 1, at + 3)).toEqual(['  (10 earlier lines not shown)', '  log line 11']);
    expect(lines).toContain('  log line 30');
    expect(lines).not.toContain('  log line 10');
    const req = lines.indexOf('requests of the case (5):');
    expect(lines.slice(req + 1, req + 5)).toEqual([
      '  {"seq":1,"op":"toy.apply","value":0}',
      '  {"seq":2,"op":"toy.apply","value":1}',
      '  {"seq":3,"op":"toy.apply","value":2}',
      '  ... 2 more (all 5 in report.json)',
    ]);
    expect(lines).toContain('  looping forever');
  });

  it('prints each further finding as its own block with its own replay line', () => {
    const at = lines.indexOf('── toy.b.flaky (finding 2 of 2: failed) ──');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1)).toContain('replay: npx fairwire conform --component toy --property toy.b.flaky --replay 11:0');
    expect(lines.slice(at + 1)).toContain('  the third item was dropped');
    expect(text).toContain('variants in force: fast.null-under-tail-initial=absent');
  });
});
