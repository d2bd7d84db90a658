import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { FastEncoder } from '../../fast/encoder.ts';
import { parseTemplates } from '../../fast/template-parser.ts';
import { corpusPath, corpusSkipReason, titled } from '../../fast/testing/corpora.ts';
import { compile } from '../compiler.ts';
import { DmaRing, DmaWriter } from '../dma-ring.ts';
import { MicrocodeEngine } from '../engine.ts';
import { FpgaFeed, interpreterFactory } from '../fpga-decoder.ts';
import { compiledModule, WasmEngine, wasmFactory } from './wasm-engine.ts';
import { generateWasm } from './wasm-codegen.ts';
import { slebBig } from '../../wasm/wasm-asm.ts';

const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261208);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Records (hex) and the verdict of a stream through one engine, in a fresh feed. */
function records(xml: string, bytes: Uint8Array, reset: 'none' | 'message', wasm: boolean, strict = false) {
  const feed = new FpgaFeed(parseTemplates(xml), { keepRecords: true, strict }, wasm ? wasmFactory : interpreterFactory);
  const out = feed.decode(bytes, reset);
  return { records: out.records.map(hex), error: out.result.error?.code ?? null };
}

function expectSame(xml: string, bytes: Uint8Array, reset: 'none' | 'message', strict = false): void {
  expect(records(xml, bytes, reset, true, strict)).toEqual(records(xml, bytes, reset, false, strict));
}

const INT_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="E" id="1">
  <int64 name="a"><delta/></int64>
  <uInt64 name="b"><increment/></uInt64>
  <int64 name="c" presence="optional"><copy/></int64>
  <uInt64 name="d" presence="optional"/>
  <int32 name="e"><increment/></int32>
  <uInt32 name="f" presence="optional"><delta/></uInt32>
  <decimal name="p"><exponent><copy/></exponent><mantissa><delta/></mantissa></decimal>
  <decimal name="q" presence="optional"><delta/></decimal>
</template></templates>`;

const STR_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="S" id="4">
  <string name="at"><tail value="ABC"/></string>
  <string name="ad"><delta/></string>
  <string name="adf" presence="optional"><default value="DEF"/></string>
  <string name="aco" presence="optional"><copy value="Q"/></string>
  <string name="uc" charset="unicode"><copy/></string>
  <string name="ud" charset="unicode"><delta/></string>
  <byteVector name="bt"><tail/></byteVector>
  <byteVector name="bn" presence="optional"/>
  <string name="k1"><constant value="A constant longer than 8 bytes"/></string>
</template></templates>`;

const P63 = 1n << 63n;
const I64 = [-P63, -P63 + 1n, -(1n << 53n), -65n, -64n, -1n, 0n, 1n, 63n, 64n, 8191n, 8192n, (1n << 53n) + 1n, P63 - 2n, P63 - 1n];
const U64 = [0n, 1n, 127n, 128n, 16384n, (1n << 53n) + 1n, P63, (1n << 64n) - 2n, (1n << 64n) - 1n];
const I32 = [-(2n ** 31n), -65n, -1n, 0n, 63n, 64n, 2n ** 31n - 2n, 2n ** 31n - 1n];
const U32 = [0n, 1n, 127n, 128n, 2n ** 32n - 2n, 2n ** 32n - 1n];

const intMessage = fc.record({
  a: fc.constantFrom(...I64),
  b: fc.constantFrom(...U64),
  c: fc.option(fc.constantFrom(...I64), { nil: null }),
  d: fc.option(fc.constantFrom(...U64), { nil: null }),
  e: fc.constantFrom(...I32),
  f: fc.option(fc.constantFrom(...U32), { nil: null }),
  p: fc.record({ e: fc.integer({ min: -63, max: 63 }), m: fc.constantFrom(...I64) }),
  q: fc.option(fc.record({ e: fc.integer({ min: -63, max: 63 }), m: fc.constantFrom(...I64) }), { nil: null }),
});

/** The stream's bytes, or null when the dictionary state cannot express a message (a tail that would shorten its base, a delta out of range). */
function encodeOrSkip(set: ReturnType<typeof parseTemplates>, reset: 'none' | 'message', msgs: unknown[]): Uint8Array | null {
  try {
    return new FastEncoder(set, { reset }).encodeStream(msgs as never);
  } catch (e) {
    if (['D4', 'D6', 'D7', 'R4'].includes((e as { code?: string }).code ?? '')) return null;
    throw e;
  }
}

const corruption = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 });
const corrupt = (b: Uint8Array, c: [number, number][]): Uint8Array => {
  const out = Uint8Array.from(b);
  for (const [at, v] of c) if (out.length) out[at % out.length] = v;
  return out;
};

describe('wasm engine against the microcode interpreter (ring records byte for byte)', () => {
  it('integers and decimals at their 64-bit and 32-bit edges, clean and corrupted, both resets', () => {
    const set = parseTemplates(INT_XML);
    let encoded = 0;
    fc.assert(
      fc.property(fc.array(intMessage, { minLength: 1, maxLength: 5 }), corruption, fc.constantFrom<'none' | 'message'>('none', 'message'), (ms, c, reset) => {
        const msgs = ms.map((m) => ({
          templateId: 1,
          fields: { ...Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v === null ? null : typeof v === 'bigint' ? String(v) : v])), p: { exponent: m.p.e, mantissa: String(m.p.m) }, q: m.q === null ? null : { exponent: m.q.e, mantissa: String(m.q.m) } },
        }));
        const bytes = encodeOrSkip(set, reset, msgs);
        if (bytes === null) return;
        encoded++;
        expectSame(INT_XML, corrupt(bytes, c), reset);
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(encoded).toBeGreaterThan(50);
  });

  it('strings and byte vectors with every operator, and random bytes after them', () => {
    const set = parseTemplates(STR_XML);
    let encoded = 0;
    const str = fc.stringMatching(/^[A-Za-z0-9]{0,12}$/);
    const msg = fc.record({ at: str, ad: str, adf: fc.option(str, { nil: null }), aco: fc.option(str, { nil: null }), uc: fc.string({ maxLength: 6 }), ud: fc.string({ maxLength: 6 }), bt: fc.uint8Array({ maxLength: 12 }), bn: fc.option(fc.uint8Array({ maxLength: 12 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(msg, { minLength: 1, maxLength: 5 }), corruption, fc.constantFrom<'none' | 'message'>('none', 'message'), (ms, c, reset) => {
        const hexOf = (b: Uint8Array) => ({ hex: Buffer.from(b).toString('hex') });
        const msgs = ms.map((m) => ({ templateId: 4, fields: { ...m, bt: hexOf(m.bt), bn: m.bn === null ? null : hexOf(m.bn), k1: 'A constant longer than 8 bytes' } }));
        const bytes = encodeOrSkip(set, reset, msgs);
        if (bytes === null) return;
        encoded++;
        expectSame(STR_XML, corrupt(bytes, c), reset);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(encoded).toBeGreaterThan(50);
  });

  it('overlong encodings: report slots, or errors in strict mode', () => {
    // tid 1 (pmap 0xc0 0x81), then a = overlong 0 (00 80), b = overlong 5 (00 85), c NULL...
    const bytes = Uint8Array.from([0xc0, 0x81, 0x00, 0x80, 0x00, 0x85, 0x80, 0x80, 0x00, 0x81, 0x81, 0x80, 0x80, 0x81, 0x00, 0x80]);
    for (const strict of [false, true]) expectSame(INT_XML, bytes, 'none', strict);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.boolean(), (b, strict) => {
        expectSame(INT_XML, Uint8Array.from([0xc0, 0x81, ...b]), 'message', strict);
        expectSame(STR_XML, Uint8Array.from([0xc0, 0x84, ...b]), 'none', strict);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('string values that grow for thousands of messages (arena compaction and growth), across runs of different sizes', () => {
    const xml = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="G" id="9"><string name="s"><delta/></string><byteVector name="v"><tail/></byteVector></template></templates>`;
    const set = parseTemplates(xml);
    const enc = new FastEncoder(set, { reset: 'none' });
    const msgs = Array.from({ length: 1500 }, (_, i) => ({ templateId: 9, fields: { s: 'x'.repeat(1 + (i % 700)) + String(i % 7), v: { hex: Buffer.alloc(1 + (i >> 1), i & 0xff).toString('hex') } } }));
    const big = enc.encodeStream(msgs as never);
    const small = big.subarray(0, 40);
    const program = compile(set).program;
    const interp = new MicrocodeEngine(program);
    const wasm = new WasmEngine(program, { ringCapacity: 64 });
    const ringOf = (e: { run: MicrocodeEngine['run'] }, b: Uint8Array) => {
      const ring = new DmaRing(8);
      const w = new DmaWriter(ring);
      const seen: string[] = [];
      // Each record as written (its line), and the control block.
      w.onRecord = () => seen.push(hex(ring.u8.subarray(0, 8)) + hex(ring.u8.subarray(ring.lineOffset(w.written - 1), ring.lineOffset(w.written - 1) + 64)));
      const r = e.run(b, w, { reset: 'none' });
      return { seen, messages: r.messages, error: r.error?.code ?? null };
    };
    // Dictionary state carries across runs (no reset): the arena moves when a bigger input arrives.
    for (const b of [small, big, small, big]) expect(ringOf(wasm, b)).toEqual(ringOf(interp, b));
    expect(wasm.arena.compactions).toBeGreaterThan(0);
    expect(wasm.arena.moves).toBeGreaterThan(0);
  });

  it.skipIf(corpusSkipReason('mfast-complex/complex30000.dat', 'mfast-complex/example.xml') !== undefined)(
    titled('the first 4000 frames of the mFAST corpus, both reset policies', corpusSkipReason('mfast-complex/complex30000.dat', 'mfast-complex/example.xml')),
    () => {
      const xml = readFileSync(corpusPath('mfast-complex/example.xml')!, 'utf8');
      const dat = readFileSync(corpusPath('mfast-complex/complex30000.dat')!);
      const parts: Buffer[] = [];
      for (let p = 0; p < dat.length && parts.length < 4000; ) {
        const n = dat.readUInt32LE(p);
        parts.push(dat.subarray(p + 4, p + 4 + n));
        p += 4 + n;
      }
      const stream = new Uint8Array(Buffer.concat(parts));
      for (const reset of ['message', 'none'] as const) {
        const a = records(xml, stream, reset, false);
        const b = records(xml, stream, reset, true);
        expect(b.records.length).toBe(a.records.length);
        expect(b.error).toBe(a.error);
        const first = a.records.findIndex((r, i) => r !== b.records[i]);
        expect(first, `first differing record under reset ${reset}`).toBe(-1);
      }
    },
  );
});

describe('wasm engine, its own ring and module', () => {
  it('decodes into a ring identical to the DMA ring of the same capacity', () => {
    const set = parseTemplates(STR_XML);
    const msgs = Array.from({ length: 20 }, (_, i) => ({ templateId: 4, fields: { at: `ABC${i}`, ad: `B${i}`, adf: null, aco: 'Q', uc: 'é', ud: '€', bt: { hex: '0102' }, bn: null, k1: 'A constant longer than 8 bytes' } }));
    const bytes = new FastEncoder(set).encodeStream(msgs as never);
    const program = compile(set).program;
    const cap = 32;
    const wasm = new WasmEngine(program, { ringCapacity: cap });
    const r = wasm.decodeToRing(bytes, false);
    expect(r.error).toBeNull();
    expect(r.messages).toBe(20);
    const ring = new DmaRing(cap);
    new MicrocodeEngine(program).run(bytes, new DmaWriter(ring), { reset: 'none' });
    expect(wasm.recordsWritten).toBe(ring.writeSeq);
    expect(wasm.recordsWritten).toBeGreaterThan(cap); // the ring wrapped: toggles flipped
    expect(hex(wasm.ringView())).toBe(hex(ring.u8.subarray(64)));
  });

  it('compiles a template set once (modules cached by their code)', () => {
    const program = compile(parseTemplates(INT_XML)).program;
    const a = generateWasm(program);
    const b = generateWasm(compile(parseTemplates(INT_XML)).program);
    expect(hex(a.bytes)).toBe(hex(b.bytes));
    expect(compiledModule(a.bytes)).toBe(compiledModule(b.bytes));
  });

  it('writes 64-bit constants as signed LEB128', () => {
    expect(slebBig(-1n)).toEqual([0x7f]);
    expect(slebBig(63n)).toEqual([0x3f]);
    expect(slebBig(64n)).toEqual([0xc0, 0x00]);
    expect(slebBig((1n << 64n) - 1n)).toEqual([0x7f]);
    expect(slebBig(-(1n << 63n))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
  });
});
