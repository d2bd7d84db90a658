import { describe, it, expect } from 'vitest';
import { FastEncoder } from '../fast/encoder.ts';
import { parseTemplates } from '../fast/template-parser.ts';
import { MultiFeedModel } from './multi-feed.ts';

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1"><uInt32 name="px"><copy/></uInt32></template></templates>`;

describe('several feeds', () => {
  it('keeps one dictionary per feed and drains every ring, tagging messages with their feed', () => {
    const set = parseTemplates(XML);
    const m = (px: number) => ({ templateId: 1, fields: { px: String(px) } });
    // Feed 0 repeats 5 (copy: the second message omits it); feed 1 sends 7 twice.
    const a = new FastEncoder(set).encodeStream([m(5), m(5)]);
    const b = new FastEncoder(set).encodeStream([m(7), m(7)]);
    const model = new MultiFeedModel([set, set]);
    model.push(0, a, 'none');
    model.push(1, b, 'none');
    const events = model.drain();
    expect(events.map((e) => `${e.feed}:${e.message.fields['px']}`).sort()).toEqual(['0:5', '0:5', '1:7', '1:7']);
    // Round-robin: the host alternates between the rings.
    expect(events.map((e) => e.feed)).toEqual([0, 1, 0, 1]);
    expect(model.error(0)).toBeNull();
  });

  it('counts an overrun on a feed whose host falls behind, without touching the others', () => {
    const set = parseTemplates(XML);
    const many = new FastEncoder(set).encodeStream(Array.from({ length: 20 }, (_, i) => ({ templateId: 1, fields: { px: String(i) } })));
    const model = new MultiFeedModel([set, set], { ringCapacity: 4 });
    model.push(0, many, 'none');
    model.push(1, many.subarray(0, 3), 'none');
    const events = model.drain();
    expect(model.readerStats(0)).toMatchObject({ overruns: 1, lost: 17 });
    expect(model.readerStats(1)).toMatchObject({ overruns: 0, lost: 0 });
    expect(events.filter((e) => e.feed === 1).length).toBe(1);
    expect(() => model.push(2, many, 'none')).toThrow(RangeError);
  });
});
