import { describe, expect, it } from 'vitest';
import { UsageError } from './command.ts';
import { integerInRange, nonNegativeInteger, parseCommandOptions, positiveInteger, positiveNumber, seedOption } from './options.ts';

describe('integer options', () => {
  it.each(['-1', 'abc', '0', '1.5', '', '1e3', '99999999999999999999'])("--runs %j: 'must be a positive integer'", (v) => {
    expect(() => positiveInteger('--runs', v)).toThrow(UsageError);
    expect(() => positiveInteger('--runs', v)).toThrow(`--runs must be a positive integer, got '${v}'`);
  });

  it('accepts positive integers and falls back when absent', () => {
    expect(positiveInteger('--runs', '7')).toBe(7);
    expect(positiveInteger('--runs', undefined)).toBeUndefined();
    expect(positiveInteger('--runs', undefined, 100)).toBe(100);
    expect(nonNegativeInteger('--count', '0')).toBe(0);
    expect(() => nonNegativeInteger('--count', '-3')).toThrow("--count must be a non-negative integer, got '-3'");
  });

  it('ranges say positive / non-negative when they start at 1 / 0', () => {
    expect(() => integerInRange('--ring', '0', 1, 16)).toThrow("--ring must be a positive integer in 1..16, got '0'");
    expect(() => integerInRange('--port', 'x', 0, 65535)).toThrow("--port must be a non-negative integer in 0..65535, got 'x'");
    expect(integerInRange('--port', '80', 0, 65535)).toBe(80);
  });

  it('seeds: 32-bit, negative allowed, anything else refused', () => {
    expect(seedOption('--seed', '-5')).toBe(-5);
    expect(seedOption('--seed', '4294967295')).toBe(-1);
    expect(seedOption('--seed', undefined)).toBeUndefined();
    expect(() => seedOption('--seed', 'x')).toThrow("--seed must be an integer in -2147483648..4294967295, got 'x'");
  });

  it('positive numbers', () => {
    expect(positiveNumber('--time', '0.5')).toBe(0.5);
    expect(() => positiveNumber('--time', '0')).toThrow("--time must be a positive number, got '0'");
  });
});

describe('parseCommandOptions', () => {
  const opts = { runs: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' } } as const;

  it('takes a negative number after a string option as its value, so the parser can judge it', () => {
    const { values } = parseCommandOptions(['--runs', '-1', '--seed', '-5'], opts);
    expect(values).toEqual({ runs: '-1', seed: '-5' });
    expect(() => positiveInteger('--runs', values.runs)).toThrow("must be a positive integer, got '-1'");
  });

  it('still refuses an option as a value, and unknown options, in one line', () => {
    expect(() => parseCommandOptions(['--runs', '--quiet'], opts)).toThrow(/^--runs needs a value/);
    expect(() => parseCommandOptions(['--nope'], opts)).toThrow(UsageError);
    try {
      parseCommandOptions(['--nope'], opts);
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('refuses positionals when told to', () => {
    expect(() => parseCommandOptions(['x'], opts, { positionals: false })).toThrow(UsageError);
    expect(parseCommandOptions(['x'], opts).positionals).toEqual(['x']);
  });
});
