import fc from 'fast-check';
import type { FpgaAdapter } from '../../adapters/fpga.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { STATUS } from '../../reference/fpga/dma-ring.ts';
import { parseListing } from '../../reference/fpga/assembler.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { FpgaFeed } from '../../reference/fpga/fpga-decoder.ts';
import type { Program } from '../../reference/fpga/isa.ts';
import { fastCase } from '../arbitraries/fast-case.ts';
import { applyMutations, fastStreamMutations } from '../arbitraries/fast-stream-mutation.ts';
import { encodeStream, templateSetOf } from '../fast/fast-codec.ts';
import { assertSameCanonical, Mismatch } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';

/**
 * fpga.*: the FPGA decoder model (reference/fpga) against the FAST reference decoder, the JIT
 * against the microcode interpreter, and the DMA ring's delivery guarantees.
 */
const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Messages, verdict, error class, and reports (code and offset), as the ring carries them. */
function assertSameAsReference(expected: StreamDecodeResult, actual: StreamDecodeResult): void {
  assertSameCanonical('decoded messages', expected.messages, actual.messages);
  const e = expected.error;
  const a = actual.error;
  if ((e === null) !== (a === null) || (e && a && e.class !== a.class)) throw new Mismatch('verdict or error class differs', e, a);
  const reps = (r: StreamDecodeResult) => r.reports.map((x) => `${x.code}@${x.offset}`);
  assertSameCanonical('reports', reps(expected), reps(actual));
}

async function decodeOn(subject: FpgaAdapter, xml: string, bytes: Uint8Array, reset: 'none' | 'message') {
  await subject.loadTemplates(xml);
  await subject.reset();
  return await subject.decode(bytes, { reset });
}

interface StreamInput {
  readonly xml: string;
  readonly bytes: Uint8Array;
  readonly reset: 'none' | 'message';
}

function streams(caps: FpgaAdapter['capabilities']): fc.Arbitrary<StreamInput> {
  return fc.tuple(fastCase(caps), fastStreamMutations(), fc.boolean()).map(([c, muts, mutate]) => {
    const { xml } = templateSetOf(c.templates);
    const clean = encodeStream(c.templates, c.stream);
    return { xml, bytes: mutate ? applyMutations(clean, muts) : clean, reset: c.stream.reset };
  });
}

const describeStream = (i: StreamInput) => ({ xml: i.xml, bytes: hexOf(i.bytes), reset: i.reset });

const equivalence = defineProperty<FpgaAdapter, StreamInput>({
  id: 'fpga.decode.equivalence',
  component: 'fpga',
  title: 'ring records read back equal the reference decoder (messages, error class, reports) on valid and malformed streams',
  requires: [],
  arbitrary: streams,
  describe: describeStream,
  check: async (subject, _oracle, i) => {
    const expected = new FastDecoder(parseTemplates(i.xml), { reset: i.reset }).decodeStream(i.bytes);
    const got = await decodeOn(subject, i.xml, i.bytes, i.reset);
    assertSameAsReference(expected, got.result);
  },
});

const jitEquivalence = defineProperty<FpgaAdapter, StreamInput>({
  id: 'fpga.jit.equivalence',
  component: 'fpga',
  title: 'the subject writes the same ring records, byte for byte, as the microcode interpreter',
  requires: ['records'],
  arbitrary: streams,
  describe: describeStream,
  check: async (subject, oracle, i) => {
    const want = (await decodeOn(oracle, i.xml, i.bytes, i.reset)).records.map(hexOf);
    const got = (await decodeOn(subject, i.xml, i.bytes, i.reset)).records.map(hexOf);
    assertSameCanonical('ring records', want, got);
  },
});

/** Template-scoped entries must be undefined again after a reset (per-message policy here). */
interface ResetInput {
  readonly type: 'uInt32' | 'int64' | 'string';
  readonly value: number;
  readonly scope: 'template' | 'global';
}

const dictReset = defineProperty<FpgaAdapter, ResetInput>({
  id: 'fpga.dict.reset',
  component: 'fpga',
  title: 'a reset returns every dictionary entry (template scope included) to undefined',
  requires: ['dictionaryScopes'],
  arbitrary: () =>
    fc.record({
      type: fc.constantFrom<ResetInput['type']>('uInt32', 'int64', 'string'),
      value: fc.integer({ min: 0, max: 100 }),
      scope: fc.constantFrom<ResetInput['scope']>('template', 'template', 'global'),
    }),
  check: async (subject, _oracle, i) => {
    const xml = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="R" id="1"><${i.type} name="x"><copy dictionary="${i.scope}"/></${i.type}></template></templates>`;
    // Message 1 sends x (pmap: tid + x); message 2 omits it (pmap: tid only): after the
    // per-message reset the entry is undefined and x is mandatory without initial value -> D5.
    const x = i.type === 'string' ? [0x41 + (i.value % 26) | 0x80] : [i.value | 0x80];
    const bytes = Uint8Array.from([0xe0, 0x81, ...x, 0xc0, 0x81]);
    const expected = new FastDecoder(parseTemplates(xml), { reset: 'message' }).decodeStream(bytes);
    const got = await decodeOn(subject, xml, bytes, 'message');
    assertSameAsReference(expected, got.result);
  },
});

/** A group whose own presence map carries several bits. */
interface NestedInput {
  readonly values: readonly (readonly [number, number | null, number])[];
}

const NESTED_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="N" id="7">
<uInt32 name="top"><copy/></uInt32>
<group name="g"><uInt32 name="a"><copy/></uInt32><uInt32 name="b" presence="optional"><default value="5"/></uInt32><uInt32 name="c"><increment/></uInt32></group>
</template></templates>`;

const nestedPmap = defineProperty<FpgaAdapter, NestedInput>({
  id: 'fpga.decode.nested-pmap',
  component: 'fpga',
  title: 'presence-map bits inside a nested group are taken in field order',
  requires: ['groups'],
  arbitrary: () =>
    fc.record({
      values: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 5 }),
    }),
  check: async (subject, _oracle, i) => {
    const set = parseTemplates(NESTED_XML);
    const messages = i.values.map(([a, b, c], k) => ({
      templateId: 7,
      fields: { top: String(k), g: { a: String(a), b: b === null ? null : String(b), c: String(c) } },
    }));
    const bytes = new FastEncoder(set).encodeStream(messages);
    const expected = new FastDecoder(set).decodeStream(bytes);
    const got = await decodeOn(subject, NESTED_XML, bytes, 'none');
    assertSameAsReference(expected, got.result);
  },
});

/** The ring under an interleaving of writer slots and reader phases. */
interface RingInput {
  readonly capacity: number;
  /** Slots per message. */
  readonly messages: readonly number[];
  /** true: a writer step (one slot or the end of a message); false: a reader phase. */
  readonly schedule: readonly boolean[];
}

const ringDelivery = defineProperty<FpgaAdapter, RingInput>({
  id: 'fpga.dma.ring',
  component: 'fpga',
  title: 'the DMA ring loses, duplicates or tears no record across wraps; the toggle marks new records; overruns are counted',
  requires: ['ringModel'],
  arbitrary: () =>
    fc.record({
      capacity: fc.integer({ min: 1, max: 4 }),
      messages: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 12 }),
      schedule: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }), { minLength: 10, maxLength: 300 }),
    }),
  check: (subject, _oracle, i) => {
    if (!subject.ringParts) throw new Mismatch('subject declares ringModel but has no ringParts');
    const { ring, writer, reader } = subject.ringParts(i.capacity);
    const log: string[] = [];
    writer.onRecord = () => {
      const seq = writer.written - 1;
      const off = ring.lineOffset(seq);
      log[seq] = hexOf(ring.u8.slice(off, off + 64));
    };
    const steps: (() => void)[] = [];
    i.messages.forEach((n, m) => {
      for (let k = 0; k < n; k++) steps.push(() => writer.slot(1 + (k % 200), (m * 1000 + k) >>> 0, m));
      steps.push(() => writer.endMessage());
    });
    let w = 0;
    let lastSeq = -1;
    const delivered: { seq: number; hex: string }[] = [];
    const readStep = (): void => {
      const r = reader.step();
      if (r === null) return;
      const hex = hexOf(r.bytes);
      if (r.seq <= lastSeq) throw new Mismatch(`record ${r.seq} delivered after ${lastSeq} (duplicate or out of order)`);
      lastSeq = r.seq;
      delivered.push({ seq: r.seq, hex });
      if (log[r.seq] !== hex) throw new Mismatch(`record ${r.seq} delivered differs from the one written (torn or stale)`, log[r.seq] ?? 'never written', hex);
      if ((r.bytes[63]! & STATUS.busy) !== 0) throw new Mismatch(`record ${r.seq} delivered while busy`);
    };
    for (const writerStep of i.schedule) {
      if (writerStep && w < steps.length) steps[w++]!();
      else readStep();
    }
    while (w < steps.length) steps[w++]!();
    // Drain: at most capacity records remain readable; everything else is lost and counted.
    for (let k = 0; k < 3 * (i.capacity + 2) + 3; k++) readStep();
    const written = writer.written;
    const lost = written - reader.stats.delivered;
    if (lost !== reader.stats.lost) throw new Mismatch(`${lost} records never delivered but ${reader.stats.lost} counted lost`, lost, reader.stats.lost);
    if (lost > 0 && reader.stats.overruns === 0) throw new Mismatch('records lost without an overrun being counted');
  },
});

const assemblerRoundtrip = defineProperty<FpgaAdapter, StreamInput>({
  id: 'fpga.assembler.roundtrip',
  component: 'fpga',
  title: 'print ∘ parse is the identity on listings, and the reassembled program writes the same records',
  requires: ['assembler'],
  arbitrary: streams,
  describe: describeStream,
  check: async (subject, _oracle, i) => {
    if (!subject.listing || !subject.assemble) throw new Mismatch('subject declares assembler but has no listing / assemble');
    const listing = await subject.listing(i.xml);
    const again = await subject.assemble(listing);
    if (again !== listing) assertSameCanonical('listing after parse and print', listing.split('\n'), again.split('\n'));
    const compiled = compile(parseTemplates(i.xml));
    const run = (program: Program): string[] => {
      const feed = new FpgaFeed({ program, meta: compiled.meta }, { keepRecords: true });
      return feed.decode(i.bytes, i.reset).records.map(hexOf);
    };
    assertSameCanonical('records of the reassembled program', run(compiled.program), run(parseListing(listing)));
  },
});

export const fpgaCatalog: Catalog<FpgaAdapter> = [equivalence, jitEquivalence, assemblerRoundtrip, dictReset, nestedPmap, ringDelivery];
