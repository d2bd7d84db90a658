import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdapterFault } from '../../adapters/fault.ts';
import { createReferenceFastDecoder } from '../../adapters/reference/fast.ts';
import { fastIncrementAsCopy } from '../../adapters/mutants/fast-increment-as-copy.ts';
import { fastNullableNotDecremented } from '../../adapters/mutants/fast-nullable-not-decremented.ts';
import { fastTailAppended } from '../../adapters/mutants/fast-tail-appended.ts';
import type { Mutant } from '../../adapters/mutants/registry.ts';
import type { FastDecoderAdapter } from '../../adapters/fast.ts';
import { firstDifference, Mismatch } from '../mismatch.ts';
import { caseContext } from './case-context.ts';
import { decodeEquivalence } from './catalog.ts';
import { decimalText, explainFastCase, hexAround, pathText, valueText } from './explain.ts';
import { fastOverlongIntegerRejected } from '../../adapters/mutants/fast-overlong-integer-rejected.ts';
import { decodeOverlong } from './catalog.ts';

const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261207);
const SEEDS = [SEED, SEED + 1, SEED + 2];

/** Shrinks a failure of fast.decode.equivalence and returns the explanation with what it is about. */
async function explained(m: Mutant<FastDecoderAdapter>, seed: number) {
  const subject = await m.create();
  const oracle = createReferenceFastDecoder();
  const r = await fc.check(
    fc.asyncProperty(decodeEquivalence.arbitrary(subject.capabilities), async (input) => {
      await decodeEquivalence.check(subject, oracle, input);
    }),
    { numRuns: 200, seed },
  );
  expect(r.failed, `${m.name} not killed (seed ${seed})`).toBe(true);
  const input = r.counterexample![0];
  const error = r.errorInstance;
  expect(error, `seed ${seed}`).toBeInstanceOf(Mismatch);
  const d = firstDifference((error as Mismatch).expected, (error as Mismatch).actual)!;
  const e = decodeEquivalence.explain!(input, error)!;
  expect(e, `seed ${seed}: no explanation`).toBeDefined();
  const bytes = caseContext(input)!.bytes;
  const range = /from bytes? (\d+)(?:–(\d+))?/.exec(e.summary);
  const span = range ? { start: Number(range[1]), end: Number(range[2] ?? range[1]) + 1 } : undefined;
  // the field's own path, without the part of a value (a decimal's exponent, a byteVector's hex)
  const fieldPath = d.path.slice(2).filter((s, i, all) => !(i === all.length - 1 && (s === 'exponent' || s === 'mantissa' || s === 'hex')));
  return { e, d, bytes, span, fieldPath, text: [e.summary, ...(e.details ?? [])].join('\n') };
}

describe('FAST explanations name the field that differs and where its bytes are', () => {
  it('fast-nullable-not-decremented: a nullable value in the stream, whose bytes end with a stop bit', async () => {
    for (const seed of SEEDS) {
      const x = await explained(fastNullableNotDecremented, seed);
      if (x.e.summary.startsWith('The decoder stops')) {
        // a length read one too high can run the decoder off the end: then the verdicts differ
        expect(x.e.summary, `seed ${seed}`).toMatch(/^The decoder stops with D\d+ \(dynamic\) at byte \d+: .*\(the reference reads message \d+, field \S+ from bytes? \d+/);
        continue;
      }
      expect(x.e.summary, `seed ${seed}`).toContain(`message ${(x.d.path[0] as number) + 1} `);
      expect(x.e.summary, `seed ${seed}`).toContain(`field ${pathText(x.fieldPath)}`);
      expect(x.e.summary).toContain(`the reference decodes ${valueText(x.d.expected)}`);
      expect(x.e.summary).toContain(`the decoder returned ${valueText(x.d.actual)}`);
      expect(x.span, `seed ${seed}: ${x.e.summary}`).toBeDefined();
      expect(x.bytes[x.span!.end - 1]! & 0x80, 'the field ends on a stop bit').toBe(0x80);
      expect(x.text).toContain(hexAround(x.bytes, x.span!.start, x.span!.end).slice(1).join('\n'));
    }
  });

  it('fast-increment-as-copy: the value comes from the dictionary, its presence-map bit is 0', async () => {
    for (const seed of SEEDS) {
      const x = await explained(fastIncrementAsCopy, seed);
      expect(x.e.summary, `seed ${seed}`).toContain(`field ${pathText(x.fieldPath)}`);
      expect(x.e.summary, `seed ${seed}`).toMatch(/increment/);
      expect(x.e.summary).toContain('from no bytes of its own');
      expect(x.text, `seed ${seed}: ${x.text}`).toMatch(/presence map at bytes? [\d–]+: bit \d+ = 0/);
    }
  });

  it('fast-tail-appended: the tail is in the stream (bit 1) and its bytes carry the whole value', async () => {
    for (const seed of SEEDS) {
      const x = await explained(fastTailAppended, seed);
      expect(x.e.summary, `seed ${seed}`).toContain(`field ${pathText(x.fieldPath)}`);
      expect(x.e.summary).toMatch(/tail/);
      expect(x.text, `seed ${seed}: ${x.text}`).toMatch(/presence map at bytes? [\d–]+: bit \d+ = 1/);
      const own = Buffer.from(x.bytes.subarray(x.span!.start, x.span!.end)).toString('hex');
      const v = x.d.expected as string | { hex: string };
      // a longer tail replaces the base: the whole value is on the wire (ascii: its last byte carries the stop bit)
      // (a unicode string travels as its UTF-8 bytes after a length)
      const hexPart = x.d.path[x.d.path.length - 1] === 'hex'; // a byteVector's difference is in its hex
      const forms =
        typeof v !== 'string' ? [Buffer.from(v.hex, 'hex')] : hexPart ? [Buffer.from(v, 'hex')] : [Buffer.from(v, 'latin1').map((b, i, a) => (i === a.length - 1 ? b | 0x80 : b)), Buffer.from(v, 'utf8')];
      expect(forms.some((w) => own.endsWith(Buffer.from(w).toString('hex'))), `seed ${seed}: ${own} vs ${JSON.stringify(v)}`).toBe(true);
    }
  });
});

describe('FAST explanations when the verdicts differ', () => {
  it('the decoder stops where the reference does not: its error code, the byte, and the field the reference reads there', async () => {
    const subject = await fastOverlongIntegerRejected.create();
    const r = await fc.check(
      fc.asyncProperty(decodeOverlong.arbitrary(subject.capabilities), async (input) => {
        await decodeOverlong.check(subject, createReferenceFastDecoder(), input);
      }),
      { numRuns: 200, seed: SEED },
    );
    expect(r.failed).toBe(true);
    const input = r.counterexample![0];
    const ctx = caseContext(input)!;
    const err = ctx.actual!.error!;
    const e = decodeOverlong.explain!(input, r.errorInstance)!;
    expect(e.summary).toContain(`The decoder stops with ${err.code} (${err.class}) at byte ${err.offset}`);
    expect(e.summary).toMatch(/the reference reads (message \d+, field \S+ from bytes? \d+|the header of message \d+)/);
    expect(e.summary).toContain('the reference decodes the whole stream');
  });

  it('the reference stops where the decoder does not: its code, byte and the field it was reading', () => {
    const xml = '<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="Quote" id="7"><uInt32 name="a"/><uInt32 name="b"><copy/></uInt32></template></templates>';
    // message 1 (bytes 0-3): a = 5, b = 6; message 2 (bytes 4-6): a = 1, b's bit clear; the trailing bytes are never reached
    const bytes = Uint8Array.from([0xe0, 0x87, 0x85, 0x86, 0xc0, 0x87, 0x81, 0xc0, 0x87]);
    const e = explainFastCase(
      { xml, bytes, reset: 'message', actual: { messages: [{ templateId: 7, fields: { a: '5', b: '6' } }, { templateId: 7, fields: { a: '1', b: '6' } }], error: null, reports: [] } },
      undefined,
    )!;
    // with a reset before each message, message 2's b has no previous value: D5 where b starts (byte 7, no bytes of its own)
    expect(e.summary).toMatch(/^The reference stops in message 2, field b, with D5 \(dynamic\) at byte 7: .*; the decoder reports no error and returns 2 message\(s\)\.$/);
    expect(e.details?.join('\n')).toContain('[');
  });
});

describe('FAST explanations without a result from the decoder', () => {
  const xml = '<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="Quote" id="7"><uInt32 name="a"/></template></templates>';
  it('a decoder that threw is said to have thrown', () => {
    const e = explainFastCase({ xml, bytes: Uint8Array.from([0xc0, 0x87, 0x85]), reset: 'none' }, new Mismatch('the subject threw', undefined, 'boom', { kind: 'subject-threw' }))!;
    expect(e.summary).toBe('The decoder threw instead of returning a result, on a 3-byte stream the reference decodes to 1 message(s).');
  });
  it('a fault says what the vendor did, by its kind: a hang is not a throw', () => {
    const bytes = Uint8Array.from([0xc0, 0x87, 0x85]);
    const sent = { seq: 4, op: 'fast.decode', params: { hex: 'c08785', reset: 'none' } };
    const tail = ', on a 3-byte stream the reference decodes to 1 message(s).';
    const said = (fault: AdapterFault) => explainFastCase({ xml, bytes, reset: 'none' }, fault)!.summary;
    expect(said(new AdapterFault('python3 v.py: no reply to seq 4 (fast.decode) within 2000 ms', sent, 'decoding...', 'hang'))).toBe(
      `The decoder did not answer fast.decode within the vendor timeout (2000 ms): it hung or was too slow, and its process was killed${tail}`,
    );
    expect(said(new AdapterFault('python3 v.py: vendor exited with status 7', sent, 'Traceback', 'crash'))).toBe(
      `The decoder's process died while answering fast.decode instead of returning a result (python3 v.py: vendor exited with status 7)${tail}`,
    );
    expect(said(new AdapterFault('python3 v.py: garbage on stdout (not JSON): "hello"', sent, undefined, 'protocol'))).toBe(
      `The decoder answered fast.decode outside the protocol instead of returning a result (python3 v.py: garbage on stdout (not JSON): "hello")${tail}`,
    );
    expect(said(new AdapterFault('python3 v.py: no ready line within 10000 ms of hello', undefined, undefined, 'start'))).toMatch(/^The decoder's process did not start or complete its handshake \(python3 v\.py: no ready line/);
    expect(said(new AdapterFault('in-process adapter gave up'))).toBe(`The adapter faulted instead of returning a result (in-process adapter gave up)${tail}`);
    for (const kind of ['hang', 'crash', 'protocol', 'start'] as const) expect(said(new AdapterFault('x', sent, undefined, kind))).not.toMatch(/threw/);
    // Without the request it was raised on, no op is named.
    expect(said(new AdapterFault('python3 v.py: no reply to seq 4 (fast.decode) within 2000 ms', undefined, undefined, 'hang'))).toMatch(/^The decoder did not answer within the vendor timeout \(2000 ms\)/);
  });
  it("the reference rejecting its own encoder's stream is fairwire's fault, not the decoder's", () => {
    const e = explainFastCase({ xml, bytes: Uint8Array.from([0xc0, 0x87]), reset: 'none' }, new Mismatch('the reference rejects', [], {}, { kind: 'reference-rejects-encoding' }))!;
    expect(e.summary).toMatch(/^The reference decoder rejects a stream the reference encoder produced: D1 .*not of the decoder under test/);
  });
});

describe('FAST explanations of a flaky decoder', () => {
  it('explain the failing try, not a later passing one of the same input', async () => {
    const reference = createReferenceFastDecoder();
    let calls = 0;
    // wrong on its first decode only: drops the last message
    const flaky: FastDecoderAdapter = {
      ...reference,
      name: 'flaky',
      decode: async (bytes, options) => {
        const r = await reference.decode(bytes, options);
        return calls++ === 0 ? { ...r, messages: r.messages.slice(0, -1) } : r;
      },
    };
    const input = fc.sample(decodeEquivalence.arbitrary(flaky.capabilities).filter((i) => i.case.stream.messages.length > 0), { seed: SEED, numRuns: 1 })[0]!;
    const first = await Promise.resolve(decodeEquivalence.check(flaky, createReferenceFastDecoder(), input)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(Mismatch);
    await decodeEquivalence.check(flaky, createReferenceFastDecoder(), input);
    const e = decodeEquivalence.explain!(input, first)!;
    expect(e.summary).toMatch(/the decoder returned nothing/);
  });
});

describe('FAST explanations of a wrong template id', () => {
  it('say so, with where the message starts', () => {
    const xml = '<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="A" id="1"><uInt32 name="a"/></template><template name="B" id="2"><uInt32 name="a"/></template></templates>';
    const bytes = Uint8Array.from([0xc0, 0x81, 0x85, 0xc0, 0x82, 0x86]);
    const actual = { messages: [{ templateId: 1, fields: { a: '5' } }, { templateId: 1, fields: { a: '6' } }], error: null, reports: [] };
    const e = explainFastCase({ xml, bytes, reset: 'none', actual }, undefined)!;
    expect(e.summary).toBe("message 2 (messages[1], template 2 'B'): the reference reads template id 2 from the header of the message starting at byte 3; the decoder returned template id 1.");
  });
});

describe('explanation texts', () => {
  it('decimals read as numbers, exactly', () => {
    expect(decimalText(-2, '10125')).toBe('101.25');
    expect(decimalText(-4, '-5')).toBe('-0.0005');
    expect(decimalText(3, '7')).toBe('7000');
    expect(decimalText(0, '0')).toBe('0');
    expect(valueText({ exponent: -2, mantissa: '10125' })).toBe('101.25 (exponent -2, mantissa 10125)');
  });

  it('the hex dump brackets the field, and marks a field with no bytes of its own', () => {
    const bytes = Uint8Array.from({ length: 40 }, (_, i) => i);
    expect(hexAround(bytes, 20, 22)).toEqual([
      "bytes 4–37 of 40 (the field's own in brackets):",
      '       4: 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13',
      '      20: [14 15] 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23',
      '      36: 24 25',
    ]);
    expect(hexAround(bytes.subarray(0, 3), 3, 3)).toEqual(["bytes 0–2 of 3 (the field's own in brackets):", '       0: 00 01 02 []']);
  });
});
