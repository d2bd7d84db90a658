import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandLineError, splitCommandLine } from './command-line.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

describe('splitCommandLine', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(splitCommandLine('python3 my_vendor.py')).toEqual(['python3', 'my_vendor.py']);
    expect(splitCommandLine('  java  -jar "My Vendor.jar"\t--x=1 ')).toEqual(['java', '-jar', 'My Vendor.jar', '--x=1']);
    expect(splitCommandLine(`a 'b "c" d' "e \\"f\\" \\\\g" h\\ i ''`)).toEqual(['a', 'b "c" d', 'e "f" \\g', 'h i', '']);
    expect(splitCommandLine('x$HOME;rm *')).toEqual(['x$HOME;rm', '*']);
  });

  it('rejects what it cannot split', () => {
    for (const bad of ['', '   ', 'a "b', "a 'b", 'a\\']) expect(() => splitCommandLine(bad)).toThrow(CommandLineError);
  });

  it('round-trips any argv quoted word by word', () => {
    // Quotes, escapes and whitespace of every kind, plus ordinary and non-ASCII characters.
    const word = fc.string({ unit: fc.oneof(fc.constantFrom("'", '"', '\\', ' ', '\t', '\n', '$', '*', 'é', '€'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 });
    const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '  ', '\t'), (argv, sep) => {
        const got = splitCommandLine(argv.map(quote).join(sep));
        return got.length === argv.length && got.every((w, i) => w === argv[i]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
