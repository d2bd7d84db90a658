import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FPGA_CAPABILITIES } from '../../adapters/reference/fpga.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { FpgaFeed, interpreterFactory, type EngineFactory } from '../../reference/fpga/fpga-decoder.ts';
import { generateStructured } from '../../reference/fpga/jit-codegen.ts';
import { JitEngine } from '../../reference/fpga/jit.ts';
import { fastCase } from '../arbitraries/fast-case.ts';
import { applyMutations, fastStreamMutations } from '../arbitraries/fast-stream-mutation.ts';
import { encodeStream, templateSetOf } from '../fast/fast-codec.ts';

/**
 * The JIT's two routine forms (structured and `switch (pc)`), and its four-byte reads at the end
 * of the input (bytes past the end masked off, whatever the buffer holds there), against the
 * microcode interpreter, record for record, on generated template sets and streams (valid and
 * corrupted). fpga.jit.equivalence covers the default form through the adapters.
 */
const hex = (rs: Uint8Array[]) => rs.map((r) => Buffer.from(r).toString('hex'));
const switchForm: EngineFactory = (c, o) => new JitEngine(c.program, { ...o, form: 'switch' });
const structured: EngineFactory = (c, o) => new JitEngine(c.program, { ...o, form: 'structured' });
// Routines cut into parts of ~1.5 kB of source: every part boundary is exercised on small templates.
const chunked: EngineFactory = (c, o) => new JitEngine(c.program, { ...o, form: 'structured', chunkChars: 1500 });

const cases = fc.tuple(fastCase(FPGA_CAPABILITIES), fastStreamMutations(), fc.boolean(), fc.nat(), fc.constantFrom(0x00, 0x80, 0xff)).map(([c, muts, mutate, cut, fill]) => {
  const clean = encodeStream(c.templates, c.stream);
  const bytes = mutate ? applyMutations(clean, muts) : clean;
  return { xml: templateSetOf(c.templates).xml, bytes, reset: c.stream.reset, cut: bytes.length === 0 ? 0 : cut % (bytes.length + 1), fill };
});

function records(xml: string, bytes: Uint8Array, reset: 'none' | 'message', factory: EngineFactory): string[] {
  return hex(new FpgaFeed(parseTemplates(xml), { keepRecords: true }, factory).decode(bytes, reset).records);
}

describe('JIT routine forms and end-of-input reads', () => {
  it('structured, cut-into-parts and switch forms write the interpreter’s records, also for input followed by other bytes in its buffer', () => {
    fc.assert(
      fc.property(cases, ({ xml, bytes, reset, cut, fill }) => {
        const want = records(xml, bytes, reset, interpreterFactory);
        expect(records(xml, bytes, reset, structured)).toEqual(want);
        expect(records(xml, bytes, reset, switchForm)).toEqual(want);
        expect(records(xml, bytes, reset, chunked)).toEqual(want);
        // The input as a view into a larger buffer: a truncated prefix followed by bytes that
        // would read as stop bits (0x80, 0xff) or zeros if the four-byte loads did not mask them.
        const prefix = bytes.subarray(0, cut);
        const big = new Uint8Array(cut + 16).fill(fill);
        big.set(prefix, 8);
        expect(records(xml, big.subarray(8, 8 + cut), reset, structured)).toEqual(records(xml, prefix.slice(), reset, interpreterFactory));
      }),
      { numRuns: 100, seed: 23 },
    );
  });

  it('translates compiled routines into structured code, and falls back when jumps do not nest', () => {
    const { program } = compile(
      parseTemplates(`<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1">
        <uInt32 name="a"/><sequence name="s"><length name="n"/><uInt32 name="b"><copy/></uInt32>
        <group name="g" presence="optional"><int32 name="c"><delta/></int32></group></sequence>
        <decimal name="d" presence="optional"><exponent><copy/></exponent><mantissa><copy/></mantissa></decimal>
      </template></templates>`),
    );
    const entry = program.jumpTable.get(1)!;
    const src = generateStructured(program, entry);
    expect(src).not.toBeNull();
    expect(src).not.toContain('switch');
    // Two forward jumps whose spans cross ([0, 2) and [1, 3)): not nested, so no structured form.
    const field = { name: 'x', optional: true };
    const crossing = {
      ...program,
      instrs: [
        { field, fid: 1, op: 'none.exp', target: 2 },
        { field, fid: 2, op: 'none.exp', target: 3 },
        { field: null, fid: null, op: 'jmp', target: 3 },
        { field: null, fid: null, op: 'ret', target: null },
      ],
    } as unknown as typeof program;
    expect(generateStructured(crossing, 0)).toBeNull();
  });
});

describe('JIT routines past V8\'s optimisation limit', () => {
  it('cuts a large flat template into parts that together write the interpreter\'s records', () => {
    const xml = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="Big" id="3">${Array.from({ length: 150 }, (_, k) => `<${k % 3 === 0 ? 'int64' : 'uInt32'} name="f${k}"${k % 5 === 0 ? ' presence="optional"' : ''}/>`).join('')}</template></templates>`;
    const feed = new FpgaFeed(parseTemplates(xml), { keepRecords: true }, structured);
    const src = [...new JitEngine(feed.compiled.program).sources.values()][0]!;
    expect(src).toContain('function part1(rt, base)');
    const bytes = Uint8Array.from([0xc0, 0x83, ...Array.from({ length: 150 }, (_, k) => (k % 7 === 0 ? [0x01, 0x80 + (k & 63)] : [0x80 + (k & 63)])).flat()]);
    const want = records(xml, bytes, 'none', interpreterFactory);
    expect(want.length).toBeGreaterThan(20);
    expect(records(xml, bytes, 'none', structured)).toEqual(want);
  });
});

describe('JIT source safety', () => {
  it('keeps template field names inside comments (U+2028 / U+2029 are line terminators in JavaScript)', () => {
    for (const sep of ['\u2028', '\u2029']) {
      const name = `a${sep}globalThis.fairwireInjected = true;${sep}//`;
      const xml = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1"><uInt32 name="${name}"/></template></templates>`;
      const feed = new FpgaFeed(parseTemplates(xml), { keepRecords: true }, structured);
      const out = feed.decode(Uint8Array.from([0xc0, 0x81, 0x85]), 'none');
      expect(out.result.messages[0]?.fields[name]).toBe('5');
      expect((globalThis as Record<string, unknown>)['fairwireInjected']).toBeUndefined();
      for (const form of ['structured', 'switch'] as const) {
        const src = [...new JitEngine(feed.compiled.program, { form }).sources.values()].join('\n');
        expect(src).not.toContain(sep);
      }
    }
  });
});
