import { describe, expect, it } from 'vitest';
import { UsageError } from '../command.ts';
import { middleThird, parseSpike, parseStraggler } from './faults.ts';
import { commandLine, intListOption } from './options.ts';

describe('--straggler and --spike', () => {
  it('parse node ids, µs to integer ns, and optional windows', () => {
    expect(parseStraggler('p1.0')).toEqual({ node: 'p1.0' });
    expect(parseStraggler('p2.13:12.5')).toEqual({ node: 'p2.13', extraNs: 12_500 });
    expect(parseStraggler('r7:100@10-20')).toEqual({ node: 'r7', extraNs: 100_000, startNs: 10_000, endNs: 20_000 });
    const w = middleThird(300, 1000);
    expect(w).toEqual({ startNs: 100_000, endNs: 200_000 });
    expect(parseSpike('root>p1.0', w)).toEqual({ from: 'root', to: 'p1.0', ...w });
    expect(parseSpike('p1.0>r0:500@1-2', w)).toEqual({ from: 'p1.0', to: 'r0', extraNs: 500_000, startNs: 1000, endNs: 2000 });
  });

  it('reject what they cannot read with a usage error', () => {
    for (const bad of ['', 'proxy', 'p1', 'p1.0:-5', 'p1.0:x', 'p1.0@5', 'p1.0@5-1', 'p1.0:1:2']) expect(() => parseStraggler(bad), bad).toThrow(UsageError);
    for (const bad of ['root', 'root>', '>r0', 'root>r0@x-1', 'a>b']) expect(() => parseSpike(bad, middleThird(10, 10)), bad).toThrow(UsageError);
  });
});

describe('options', () => {
  it('lists and ranges', () => {
    expect(intListOption('--x', '1..3,8,2', 0, 10, [])).toEqual([1, 2, 3, 8]);
    expect(intListOption('--x', undefined, 0, 10, [4])).toEqual([4]);
    for (const bad of ['3..1', '1..', 'a', '11', '0..100']) expect(() => intListOption('--x', bad, 0, 10, []), bad).toThrow(UsageError);
  });

  it('quotes a command line so that it runs as pasted', () => {
    expect(commandLine(['simulate', 'tree', '--spike', 'root>p1.0', '--adapter', "cmd:python3 it's.py"])).toBe(`fairwire simulate tree --spike 'root>p1.0' --adapter 'cmd:python3 it'\\''s.py'`);
  });
});
