import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { option, shellWord } from './command-line.ts';

// What a shell makes of a printed command line: the words it passes to the program.
const words = (line: string): string[] =>
  JSON.parse(execFileSync('sh', ['-c', `node -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- ${line}`], { encoding: 'utf8' })) as string[];

describe('printed command lines', () => {
  it('keep every value one word, whatever it holds', () => {
    for (const v of ['reference', 'cmd:python3 adapters/examples/python/fast_decoder.py', `cmd:sh -c 'echo "$HOME" \`id\`'`, 'a;b|c&d', '']) {
      expect(words(shellWord(v))).toEqual([v]);
    }
  });

  it('join a negative value with = so the option parser takes it as the value', () => {
    expect(option('seed', -7)).toBe('--seed=-7');
    expect(option('replay', '-1721438007:13:1')).toBe('--replay=-1721438007:13:1');
    expect(option('seed', 42)).toBe('--seed 42');
    expect(words(`${option('adapter', 'cmd:python3 x.py')} ${option('replay', '-5:1:2')}`)).toEqual(['--adapter', 'cmd:python3 x.py', '--replay=-5:1:2']);
  });
});
