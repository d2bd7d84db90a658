import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FastDecoder } from '../fast/decoder.ts';
import { parseTemplates } from '../fast/template-parser.ts';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { compile } from './compiler.ts';
import { DmaRing, DmaWriter } from './dma-ring.ts';
import { MicrocodeEngine } from './engine.ts';
import { FpgaFeed, jitFactory } from './fpga-decoder.ts';

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
<template name="A" id="1">
  <uInt32 name="n"><copy/></uInt32>
  <string name="s" presence="optional"><delta/></string>
  <byteVector name="v" presence="optional"><tail/></byteVector>
  <sequence name="q" presence="optional"><length name="len"/><int32 name="x"><increment value="3"/></int32><templateRef/></sequence>
</template>
<template name="B" id="2"><decimal name="p"><copy/></decimal><string name="u" charset="unicode"/></template>
</templates>`;

const strip = (r: { messages: unknown; error: { class: string } | null; reports: { code: string; offset: number }[] }) =>
  toCanonicalJson({ m: r.messages, e: r.error?.class ?? null, r: r.reports.map((x) => `${x.code}@${x.offset}`) });

describe('microcode engine', () => {
  it('decodes arbitrary bytes exactly as the reference decoder (messages, error class, reports), interpreter and JIT', () => {
    const set = parseTemplates(XML);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(0x80, 0x81, 0x82, 0xc0, 0xe0, 0xf0, 0x00, 0x7f, 0xff), fc.integer({ min: 0, max: 255 })), { maxLength: 60 }),
        fc.constantFrom<'none' | 'message'>('none', 'message'),
        (arr, reset) => {
          const bytes = Uint8Array.from(arr);
          const want = strip(new FastDecoder(set, { reset }).decodeStream(bytes));
          expect(strip(new FpgaFeed(set, { ringCapacity: 2 }).decode(bytes, reset).result)).toBe(want);
          expect(strip(new FpgaFeed(set, { ringCapacity: 2 }, jitFactory).decode(bytes, reset).result)).toBe(want);
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });

  it('stops on reportable conditions in strict mode, as the reference does', () => {
    const set = parseTemplates(XML);
    const overlong = Uint8Array.from([0xe0, 0x82, 0x00, 0x80, 0x80, 0x81]); // template 2, exponent 0 written in 2 bytes (R6)
    const strict = new FpgaFeed(set, { strict: true }).decode(overlong, 'none').result;
    const ref = new FastDecoder(set, { strict: true }).decodeStream(overlong);
    expect(strict.error?.class).toBe(ref.error?.class);
    expect(strict.error?.code).toBe(ref.error?.code);
  });

  it('reports FIFO statistics and the instructions executed', () => {
    const { program } = compile(parseTemplates(XML));
    const engine = new MicrocodeEngine(program, { fifoCapacity: 2 });
    const r = engine.run(Uint8Array.from([0xe0, 0x81, 0x85, 0x80, 0x80]), new DmaWriter(new DmaRing(8)), { reset: 'none' });
    expect(r.messages).toBe(1);
    expect(r.error).toBeNull();
    expect(r.fifo.highWater).toBe(2);
    expect(r.instructions).toBeGreaterThan(6);
  });
});
