/**
 * The market-data template set of the whole-exchange simulation: one FAST 1.1 template, an
 * incremental refresh of price levels (spec/exchange/whole-path.md). Prices are integer ticks as
 * int64 (no decimal: exact, and the engine works in ticks), sizes integer lots; size 0 deletes
 * the level. Every packet is encoded and decoded with a dictionary reset per message, so a
 * packet stands alone (multicast copies may be released out of order).
 */
import { parseTemplates } from '../../fast/template-parser.ts';
import type { TemplateSet } from '../../fast/template-model.ts';

export const MD_TEMPLATE_ID = 1;

export const MD_TEMPLATES_XML = `<?xml version="1.0" encoding="UTF-8"?>
<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
  <template name="MDIncRefresh" id="${MD_TEMPLATE_ID}">
    <uInt32 name="MsgSeqNum" id="34"/>
    <uInt64 name="SendingTime" id="52"/>
    <sequence name="MDEntries">
      <length name="NoMDEntries" id="268"/>
      <uInt32 name="MDEntryType" id="269"><copy/></uInt32>
      <int64 name="MDEntryPx" id="270"><delta/></int64>
      <uInt64 name="MDEntrySize" id="271"/>
      <uInt32 name="NumberOfOrders" id="346"/>
    </sequence>
  </template>
</templates>
`;

let parsed: TemplateSet | undefined;

/** The parsed template set (parsed once, shared: template sets are read-only). */
export function mdTemplates(): TemplateSet {
  parsed ??= parseTemplates(MD_TEMPLATES_XML, { file: 'md-templates.ts' });
  return parsed;
}
