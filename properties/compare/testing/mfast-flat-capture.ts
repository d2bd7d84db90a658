import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeStream } from '../../../adapters/reference/fast.ts';
import type { CanonicalFields, CanonicalMessage } from '../../../reference/fast/canonical.ts';
import { FastDecoder } from '../../../reference/fast/decoder.ts';
import { parseTemplates } from '../../../reference/fast/template-parser.ts';
import { encodeStream } from '../../fast/fast-codec.ts';

/**
 * A corpus-sized capture for `fairwire compare` tests, built from the mFAST corpus
 * (corpora/mfast-complex): one len32le frame per corpus message, holding that message's market
 * data entries (and quote request legs) as flat messages of templates the Python example vendor
 * supports (integers and ascii strings; copy, increment, delta, default), encoded by the reference
 * with fresh dictionaries per frame (so compare runs with --reset packet). `plant` makes one
 * entry's price mantissa (an int64 delta field) exceed the int32 range: the place the example
 * vendor's planted bug (FAIRWIRE_FAST_BUG=int64-delta-32) shows.
 */
const CORPUS = fileURLToPath(new URL('../../../corpora/mfast-complex/', import.meta.url));

export const FLAT_TEMPLATES = `<?xml version="1.0" encoding="UTF-8"?>
<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
  <template name="Entry" id="11">
    <uInt32 name="MsgSeqNum" id="34"><copy/></uInt32>
    <uInt32 name="SendingTime" id="52"><copy/></uInt32>
    <uInt32 name="MDUpdateAction" id="279"><copy value="1"/></uInt32>
    <string name="MDEntryType" id="269"><copy value="0"/></string>
    <uInt32 name="SecurityID" id="48"><copy/></uInt32>
    <uInt32 name="RptSeq" id="83"><increment/></uInt32>
    <int32 name="PxExponent" id="9001"><default value="0"/></int32>
    <int64 name="PxMantissa" id="9002"><delta/></int64>
    <uInt32 name="MDEntryTime" id="273"><copy/></uInt32>
    <int32 name="MDEntrySize" id="271" presence="optional"><delta/></int32>
    <uInt32 name="NumberOfOrders" id="346" presence="optional"><delta/></uInt32>
    <string name="TradingSessionID" id="336" presence="optional"><default value="2"/></string>
    <string name="QuoteCondition" id="276" presence="optional"><default/></string>
  </template>
  <template name="QuoteLeg" id="12">
    <uInt32 name="MsgSeqNum" id="34"><copy/></uInt32>
    <uInt32 name="SendingTime" id="52"><copy/></uInt32>
    <uInt64 name="OrderQty" id="38" presence="optional"/>
    <uInt64 name="TransactTime" id="60"><delta/></uInt64>
    <uInt32 name="SecurityID" id="48"><copy/></uInt32>
  </template>
  <template name="Done" id="99">
    <string name="MessageType" id="35"><constant value="99"/></string>
  </template>
</templates>
`;

export interface FlatCapture {
  readonly xml: string;
  /** len32le frames. */
  readonly capture: Uint8Array;
  readonly frames: number;
  readonly messages: number;
  /** Where the planted value is: the flat message's index in the capture and its 1-based frame. */
  readonly planted?: { readonly message: number; readonly frame: number };
}

const PLANTED_MANTISSA = 5_000_000_000n;

/** `frames`: the first N corpus messages (default all 30,001); `plant`: the corpus message (0-based) to plant in. */
export function mfastFlatCapture(options: { readonly frames?: number; readonly plant?: number } = {}): FlatCapture {
  const set = parseTemplates(readFileSync(`${CORPUS}example.xml`, 'utf8'));
  const bytes = new Uint8Array(readFileSync(`${CORPUS}complex30000.dat`));
  const flat = parseTemplates(FLAT_TEMPLATES).templates;
  const decoder = new FastDecoder(set);
  const parts: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 0;
  let frame = 0;
  let messages = 0;
  let planted: FlatCapture['planted'];
  while (o < bytes.length && frame < (options.frames ?? Infinity)) {
    const n = view.getUint32(o, true);
    const r = decodeStream(decoder, bytes.subarray(o + 4, o + 4 + n), 'message');
    o += 4 + n;
    if (r.error || r.messages.length !== 1) throw new Error(`corpus frame ${frame + 1}: ${r.error?.message ?? `${r.messages.length} messages`}`);
    const out = flatten(r.messages[0]!);
    if (options.plant === frame && out[0]?.templateId === 11) {
      const f = out[0].fields as Record<string, string>;
      f['PxMantissa'] = String(PLANTED_MANTISSA + BigInt(f['PxMantissa']!));
      planted = { message: messages, frame: frame + 1 };
    }
    const encoded = encodeStream(flat, { reset: 'none', messages: out });
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, encoded.length, true);
    parts.push(len, encoded);
    messages += out.length;
    frame++;
  }
  const capture = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    capture.set(p, at);
    at += p.length;
  }
  return { xml: FLAT_TEMPLATES, capture, frames: frame, messages, ...(planted ? { planted } : {}) };
}

function flatten(m: CanonicalMessage): CanonicalMessage[] {
  const f = m.fields;
  const head = { MsgSeqNum: f['MsgSeqNum'] as string, SendingTime: f['SendingTime'] as string };
  if (m.templateId === 1) {
    return (f['MDEntries'] as CanonicalFields[]).map((e) => {
      const px = e['MDEntryPx'] as { exponent: number; mantissa: string };
      return {
        templateId: 11,
        fields: {
          ...head,
          MDUpdateAction: e['MDUpdateAction'] as string,
          MDEntryType: e['MDEntryType'] as string,
          SecurityID: e['SecurityID'] as string,
          RptSeq: e['RptSeq'] as string,
          PxExponent: String(px.exponent),
          PxMantissa: px.mantissa,
          MDEntryTime: e['MDEntryTime'] as string,
          MDEntrySize: e['MDEntrySize'] as string | null,
          NumberOfOrders: e['NumberOfOrders'] as string | null,
          TradingSessionID: e['TradingSessionID'] as string | null,
          QuoteCondition: e['QuoteCondition'] as string | null,
        },
      };
    });
  }
  if (m.templateId === 2) {
    return (f['RelatedSym'] as CanonicalFields[]).map((e) => ({
      templateId: 12,
      fields: { ...head, OrderQty: e['OrderQty'] as string | null, TransactTime: e['TransactTime'] as string, SecurityID: e['SecurityID'] as string },
    }));
  }
  return [{ templateId: 99, fields: { MessageType: '99' } }];
}
