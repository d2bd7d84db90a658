import { describe, expect, it } from 'vitest';
import { UsageError } from '../command.ts';
import { conformCommand, parseConformArgs } from './conform.ts';

describe('conform --flaky-tries', () => {
  it('takes K >= 1 (default: the runner\'s 3), and rejects anything else as a usage error', () => {
    expect(parseConformArgs(['--seed', '1']).flakyTries).toBeUndefined();
    expect(parseConformArgs(['--seed', '1', '--flaky-tries', '1']).flakyTries).toBe(1);
    expect(parseConformArgs(['--seed', '1', '--flaky-tries=5']).flakyTries).toBe(5);
    for (const bad of ['0', '-2', 'x', '1.5']) expect(() => parseConformArgs(['--flaky-tries', bad]), bad).toThrow(UsageError);
  });

  it('is in the help', () => {
    expect(conformCommand.help).toContain('--flaky-tries K');
  });
});
