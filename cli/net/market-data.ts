import fc from 'fast-check';
import type { CanonicalMessage } from '../../reference/fast/canonical.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';

/**
 * The market-data template `net synth` encodes its FAST payloads with: an incremental refresh
 * with a sequence of book entries (copy, delta and increment operators: the dictionary matters,
 * so a wrong reset policy shows).
 */
export const MARKET_DATA_TEMPLATES_XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
  <template name="MDIncRefresh" id="1">
    <uInt32 name="MsgSeqNum" id="34"><increment/></uInt32>
    <uInt64 name="SendingTime" id="52"><delta/></uInt64>
    <sequence name="MDEntries">
      <length name="NoMDEntries" id="268"/>
      <uInt32 name="MDUpdateAction" id="279"><copy/></uInt32>
      <string name="Symbol" id="55"><copy/></string>
      <decimal name="MDEntryPx" id="270"><delta/></decimal>
      <int64 name="MDEntrySize" id="271"><delta/></int64>
    </sequence>
  </template>
</templates>
`;

let cached: TemplateSet | undefined;
export function marketDataTemplates(): TemplateSet {
  cached ??= parseTemplates(MARKET_DATA_TEMPLATES_XML);
  return cached;
}

const entryArb = fc.record({
  MDUpdateAction: fc.constantFrom('0', '1', '2'),
  Symbol: fc.constantFrom('ESZ6', 'NQZ6', 'CLF7', 'GCG7', 'SBER', 'GAZP'),
  MDEntryPx: fc.record({ exponent: fc.constant(-2), mantissa: fc.integer({ min: 1, max: 10_000_000 }).map(String) }),
  MDEntrySize: fc.integer({ min: 1, max: 100_000 }).map(String),
});

/** 1..4 messages of one datagram, sequence numbers from `firstSeq`, times from `timeMs`. */
export function messagesArb(firstSeq: number, timeMs: bigint): fc.Arbitrary<CanonicalMessage[]> {
  return fc.array(fc.array(entryArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }).map((batches) =>
    batches.map((entries, i) => ({
      templateId: 1,
      fields: { MsgSeqNum: String(firstSeq + i), SendingTime: String(timeMs + BigInt(i)), MDEntries: entries },
    })),
  );
}
