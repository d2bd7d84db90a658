import fc from 'fast-check';
import type { FpgaAdapter } from '../../adapters/fpga.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import { FastDecoder } from '../../reference/fast/decoder.ts';
import { FastEncoder } from '../../reference/fast/encoder.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { DmaRing, DmaWriter, RECORD_BYTES, STATUS } from '../../reference/fpga/dma-ring.ts';
import { AsmError, parseListing, printListing } from '../../reference/fpga/assembler.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { FpgaFeed } from '../../reference/fpga/fpga-decoder.ts';
import type { Program } from '../../reference/fpga/isa.ts';
import { fastCase } from '../arbitraries/fast-case.ts';
import { applyMutations, fastStreamMutations } from '../arbitraries/fast-stream-mutation.ts';
import { encodeStream, templateSetOf } from '../fast/fast-codec.ts';
import { assertSameDecode } from '../fast/fast-check-helpers.ts';
import { assertSameCanonical, defaultSignature, Mismatch, type Signer } from '../mismatch.ts';
import { defineProperty, type Catalog } from '../property.ts';
import { wasmEquivalence } from './wasm-equivalence.ts';

/**
 * fpga.*: the FPGA decoder model (reference/fpga) against the FAST reference decoder, the JIT
 * against the microcode interpreter, and the DMA ring's delivery guarantees.
 */
const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Signatures rooted at what is compared (`records[]`), indices abstracted. */
const rooted = (root: string): Signer => (d) => defaultSignature(d, root);

/**
 * Messages, verdict, error class, and reports (code and offset), as the ring carries them.
 * Differing fields are named by their template instruction in the signature.
 */
function assertSameAsReference(xml: string, expected: StreamDecodeResult, actual: StreamDecodeResult): void {
  assertSameDecode(expected, actual, parseTemplates(xml));
  // Report codes are stable; offsets depend on the generated stream, so the signature keeps codes.
  const reps = (r: StreamDecodeResult) => r.reports.map((x) => `${x.code}@${x.offset}`);
  assertSameCanonical('reports', reps(expected), reps(actual), (d) => {
    const code = (v: unknown) => (typeof v === 'string' ? v.split('@')[0] : 'none');
    return { kind: d.kind === 'value-differs' ? 'report-differs' : `report-${d.kind}`, path: `reports[](${code(d.expected)} -> ${code(d.actual)})` };
  });
}

const capabilityUnimplemented = (what: string) => ({ kind: 'capability-unimplemented', path: what });

async function decodeOn(subject: FpgaAdapter, xml: string, bytes: Uint8Array, reset: 'none' | 'message') {
  await subject.loadTemplates(xml);
  await subject.reset();
  return await subject.decode(bytes, { reset });
}

export interface StreamInput {
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
    assertSameAsReference(i.xml, expected, got.result);
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
    assertSameCanonical('ring records', want, got, rooted('records'));
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
    assertSameAsReference(xml, expected, got.result);
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
    assertSameAsReference(NESTED_XML, expected, got.result);
  },
});

/** The ring under an interleaving of writer slots and reader phases. */
export interface RingInput {
  readonly capacity: number;
  /** Slots per message. */
  readonly messages: readonly number[];
  /** true: a writer step (one slot or the end of a message); false: a reader phase. */
  readonly schedule: readonly boolean[];
}

/** One writer call the input implies: a slot (id, value halves) or the end of a message. */
type WriterCall = { readonly id: number; readonly lo: number; readonly hi: number } | null;

function writerCalls(i: RingInput): WriterCall[] {
  const calls: WriterCall[] = [];
  i.messages.forEach((n, m) => {
    for (let k = 0; k < n; k++) calls.push({ id: 1 + (k % 200), lo: (m * 1000 + k) >>> 0, hi: m });
    calls.push(null);
  });
  return calls;
}

const callOn = (w: DmaWriter, c: WriterCall): void => (c === null ? w.endMessage() : w.slot(c.id, c.lo, c.hi));

/**
 * The reference writer driven with the same calls: every record the input implies (hex, by
 * sequence number), and how many of them exist after each prefix of the calls.
 */
function referenceRing(capacity: number, calls: readonly WriterCall[]): { records: string[]; doneAfter: number[] } {
  const ring = new DmaRing(capacity);
  const writer = new DmaWriter(ring);
  const records: string[] = [];
  writer.onRecord = () => {
    const off = ring.lineOffset(writer.written - 1);
    records[writer.written - 1] = hexOf(ring.u8.slice(off, off + RECORD_BYTES));
  };
  const doneAfter = [0];
  for (const c of calls) {
    callOn(writer, c);
    doneAfter.push(writer.written);
  }
  return { records, doneAfter };
}

/** Which part of a record two hex forms first differ in: value words, slot ids or status. */
function recordPart(want: string, got: string): 'words' | 'ids' | 'status' {
  let b = 0;
  while (b < RECORD_BYTES && want.slice(2 * b, 2 * b + 2) === got.slice(2 * b, 2 * b + 2)) b++;
  return b < 56 ? 'words' : b < 63 ? 'ids' : 'status';
}

/**
 * Judged from the input and the reference writer only: each delivered record must be the
 * reference's record of that sequence number, already written at that point of the schedule;
 * lost = records the input implies - records delivered, and the reader must count exactly that.
 * The subject's writer is only driven, never asked what it wrote.
 */
export const ringDelivery = defineProperty<FpgaAdapter, RingInput>({
  id: 'fpga.dma.ring',
  component: 'fpga',
  title: 'the DMA ring delivers the reference writer\'s records: none lost uncounted, duplicated, torn or early across wraps; overruns are counted',
  requires: ['ringModel'],
  arbitrary: () =>
    fc.record({
      capacity: fc.integer({ min: 1, max: 4 }),
      messages: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 12 }),
      schedule: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }), { minLength: 10, maxLength: 300 }),
    }),
  check: (subject, _oracle, i) => {
    if (!subject.ringParts) throw new Mismatch('subject declares ringModel but has no ringParts', undefined, undefined, capabilityUnimplemented('ringParts'));
    const { writer, reader } = subject.ringParts(i.capacity);
    const calls = writerCalls(i);
    const expected = referenceRing(i.capacity, calls);
    let w = 0;
    let lastSeq = -1;
    let delivered = 0;
    const readStep = (): void => {
      const r = reader.step();
      if (r === null) return;
      const hex = hexOf(r.bytes);
      if (r.seq <= lastSeq) throw new Mismatch(`record ${r.seq} delivered after ${lastSeq} (duplicate or out of order)`, undefined, undefined, { kind: 'record-duplicated-or-reordered', path: 'records[].seq' });
      lastSeq = r.seq;
      delivered++;
      const written = expected.doneAfter[w]!;
      if (r.seq >= written) {
        throw new Mismatch(`record ${r.seq} delivered when only ${written} records are written (the input implies ${expected.records.length})`, expected.records[r.seq] ?? 'never written', hex, {
          kind: 'record-never-written',
          path: r.seq < expected.records.length ? 'records[](early)' : 'records[](beyond the input)',
        });
      }
      const want = expected.records[r.seq]!;
      if (want !== hex) {
        const part = recordPart(want, hex);
        throw new Mismatch(`record ${r.seq} delivered differs in its ${part} from the reference writer's record`, want, hex, { kind: 'record-torn-or-stale', path: `records[].${part}` });
      }
      if ((r.bytes[63]! & STATUS.busy) !== 0) throw new Mismatch(`record ${r.seq} delivered while busy`, undefined, undefined, { kind: 'record-delivered-busy', path: 'records[].status' });
    };
    for (const writerStep of i.schedule) {
      if (writerStep && w < calls.length) callOn(writer, calls[w++]!);
      else readStep();
    }
    while (w < calls.length) callOn(writer, calls[w++]!);
    // Drain: at most capacity records remain readable; everything else is lost and counted.
    for (let k = 0; k < 3 * (i.capacity + 2) + 3; k++) readStep();
    const lost = expected.records.length - delivered;
    if (reader.stats.delivered !== delivered) {
      throw new Mismatch(`${delivered} records delivered but ${reader.stats.delivered} counted`, delivered, reader.stats.delivered, { kind: 'delivered-miscounted', path: 'stats.delivered' });
    }
    if (lost !== reader.stats.lost) {
      throw new Mismatch(`${lost} of the ${expected.records.length} records the input implies never delivered, but ${reader.stats.lost} counted lost`, lost, reader.stats.lost, { kind: 'lost-miscounted', path: 'stats.lost' });
    }
    if (lost > 0 && reader.stats.overruns === 0) {
      throw new Mismatch('records lost without an overrun being counted', undefined, undefined, { kind: 'overrun-not-counted', path: 'stats.overruns' });
    }
  },
});

/** How a listing is laid out: every choice keeps the program (spec/fpga/microcode.md). */
export interface ListingLayout {
  /** Before instructions (canonical: two spaces). */
  readonly indent: string;
  /** Between columns (canonical: padded to fixed widths). */
  readonly gap: string;
  /** A `;` comment after every line. */
  readonly comments: boolean;
  /** A blank line before every label. */
  readonly blank: boolean;
  /** Jump targets as `@index` instead of their label. */
  readonly indexTargets: boolean;
}

export const layoutArb: fc.Arbitrary<ListingLayout> = fc.record({
  indent: fc.constantFrom('', ' ', '\t', '    '),
  gap: fc.constantFrom(' ', '\t', '  \t '),
  comments: fc.boolean(),
  blank: fc.boolean(),
  indexTargets: fc.boolean(),
});

/** Tokens of a listing line: bare runs and JSON strings (a field may be `+"a b"`). */
const TOKEN = /(?:[^\s";]|"(?:[^"\\]|\\.)*")+/g;

/**
 * The same program written another way: re-spaced, commented, with `@index` targets. Never
 * canonical (the header comment is replaced), so an assembler that echoes its input is seen.
 */
export function relayListing(listing: string, layout: ListingLayout): string {
  const lines = listing.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith(';'));
  const labelIndex = new Map<string, number>();
  let at = 0;
  for (const l of lines) {
    const t = l.match(TOKEN) ?? [];
    if (t.length === 1 && t[0]!.endsWith(':')) labelIndex.set(t[0]!.slice(0, -1), at);
    else if (/^\s/.test(l)) at++;
  }
  const target = (t: string): string => (layout.indexTargets && labelIndex.has(t) ? `@${labelIndex.get(t)!}` : t);
  const out = ['; the same program, laid out anew by fpga.assembler.roundtrip'];
  for (const l of lines) {
    const t = l.match(TOKEN) ?? [];
    const instruction = /^\s/.test(l);
    if (instruction) t[3] = target(t[3]!);
    else if (t[0] === '.jt') t[2] = target(t[2]!);
    else if (layout.blank && t.length === 1) out.push('');
    out.push(`${instruction ? layout.indent : ''}${t.join(layout.gap)}${layout.comments ? `${layout.gap}; ${t[0]}` : ''}`);
  }
  return out.join('\n') + '\n';
}

export interface AssemblerInput extends StreamInput {
  readonly layout: ListingLayout;
}

/** The reference's parse of a listing, a bad listing being the subject's fault. */
function parseSubjectListing(listing: string): Program {
  try {
    return parseListing(listing);
  } catch (e) {
    if (e instanceof AsmError) throw new Mismatch(`the subject's listing does not assemble: ${e.message}`, 'a listing of spec/fpga/microcode.md', listing, { kind: 'listing-unparseable', path: 'listing' });
    throw e;
  }
}

const lines = (s: string) => s.split('\n');
const notCanonical = (what: string): Signer => () => ({ kind: 'listing-not-canonical', path: what });

/**
 * Judged against the reference: the subject re-prints the *reference's* listing, laid out
 * differently, as the reference prints it; re-prints its own listing as the reference prints
 * it; and its listing, assembled by the reference, writes the reference program's records.
 */
export const assemblerRoundtrip = defineProperty<FpgaAdapter, AssemblerInput>({
  id: 'fpga.assembler.roundtrip',
  component: 'fpga',
  title: 'assemble prints any listing (the reference\'s, laid out anew, and its own) in the reference\'s canonical form, and its listing writes the reference program\'s records',
  requires: ['assembler'],
  arbitrary: (caps) => fc.tuple(streams(caps), layoutArb).map(([s, layout]) => ({ ...s, layout })),
  describe: (i) => ({ ...describeStream(i), layout: i.layout }),
  check: async (subject, _oracle, i) => {
    if (!subject.listing || !subject.assemble) {
      throw new Mismatch('subject declares assembler but has no listing / assemble', undefined, undefined, capabilityUnimplemented('listing/assemble'));
    }
    const compiled = compile(parseTemplates(i.xml));
    const relaid = relayListing(printListing(compiled.program), i.layout);
    const canonical = printListing(parseListing(relaid));
    assertSameCanonical('the reference listing, laid out anew, after parse and print', lines(canonical), lines(await subject.assemble(relaid)), notCanonical('assemble(reference listing)'));
    const listing = await subject.listing(i.xml);
    const own = parseSubjectListing(listing);
    assertSameCanonical('the subject\'s listing after parse and print', lines(printListing(own)), lines(await subject.assemble(listing)), notCanonical('assemble(own listing)'));
    const run = (program: Program): string[] => {
      const feed = new FpgaFeed({ program, meta: compiled.meta }, { keepRecords: true });
      return feed.decode(i.bytes, i.reset).records.map(hexOf);
    };
    assertSameCanonical('records of the reassembled program', run(compiled.program), run(own), rooted('reassembled.records'));
  },
});

export const fpgaCatalog: Catalog<FpgaAdapter> = [equivalence, jitEquivalence, wasmEquivalence, assemblerRoundtrip, dictReset, nestedPmap, ringDelivery];
