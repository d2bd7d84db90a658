import { describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import { fromTaggedJson, toTaggedJson } from '../../spec/tagged-json.ts';
import type { CanonicalMessage } from './canonical.ts';
import { FastDecoder } from './decoder.ts';
import { FastEncoder } from './encoder.ts';
import { FastError } from './errors.ts';
import { parseTemplates } from './template-parser.ts';
import { PROTO_MESSAGES_JSON, PROTO_XML } from './testing/prototype-names.ts';

const set = parseTemplates(PROTO_XML);
const messages = (): CanonicalMessage[] => JSON.parse(PROTO_MESSAGES_JSON) as CanonicalMessage[];

/** Every object in `v` is a plain object: prototype Object.prototype, keys as in `want`. */
function expectPlain(v: unknown): void {
  if (Array.isArray(v)) return v.forEach(expectPlain);
  if (v === null || typeof v !== 'object') return;
  expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  for (const k of Object.keys(v)) expectPlain((v as Record<string, unknown>)[k]);
}

describe('fields named after Object.prototype properties', () => {
  it('decode as own properties, in template order, and encode back to the same bytes', () => {
    const bytes = new FastEncoder(set).encodeStream(messages());
    const decoded = new FastDecoder(set).decodeStream(bytes);
    expect(decoded.error).toBeNull();
    expect(toCanonicalJson(decoded.messages)).toBe(toCanonicalJson(messages()));
    const f = decoded.messages[0]!.fields;
    expect(Object.keys(f)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'templateRef']);
    expect(Object.hasOwn(f, '__proto__')).toBe(true);
    expect(f['__proto__']).toBe('7');
    expectPlain(decoded.messages);
    expect(Object.keys(decoded.messages[2]!.fields)).toEqual(['constructor', '__proto__', 'toLocaleString']);
    expect(new FastEncoder(set).encodeStream(decoded.messages)).toEqual(bytes);
  });

  it('round-trip through canonical JSON', () => {
    const bytes = new FastEncoder(set).encodeStream(messages());
    const decoded = new FastDecoder(set).decodeStream(bytes).messages;
    const back = JSON.parse(toCanonicalJson(decoded)) as CanonicalMessage[];
    expect(toCanonicalJson(back)).toBe(toCanonicalJson(decoded));
    expect(new FastEncoder(set).encodeStream(back)).toEqual(bytes);
  });

  it('round-trip through tagged JSON (own `__proto__` kept, also under $object)', () => {
    const decoded = new FastDecoder(set).decodeStream(new FastEncoder(set).encodeStream(messages())).messages;
    const back = fromTaggedJson(toTaggedJson(decoded));
    expect(toCanonicalJson(back)).toBe(toCanonicalJson(decoded));
    expectPlain(back);
    const lone = JSON.parse('{"__proto__":{"$x":1}}') as unknown;
    expect(toTaggedJson(fromTaggedJson(toTaggedJson(lone)))).toBe(toTaggedJson(lone));
    expect(Object.hasOwn(fromTaggedJson(toTaggedJson(lone)) as object, '__proto__')).toBe(true);
  });

  it('the encoder reads own fields only: a missing `constructor` or `__proto__` is D1, not Object.prototype', () => {
    const codeOf = (m: CanonicalMessage): string => {
      try {
        new FastEncoder(set).encodeMessage(m);
        return 'ok';
      } catch (e) {
        return e instanceof FastError ? e.code : String(e);
      }
    };
    expect(codeOf({ templateId: 3, fields: JSON.parse('{"constructor":"a","__proto__":"1","toLocaleString":""}') })).toBe('ok');
    expect(codeOf({ templateId: 3, fields: JSON.parse('{"__proto__":"1","toLocaleString":""}') })).toBe('D1');
    expect(codeOf({ templateId: 3, fields: { constructor: 'a', toLocaleString: '' } })).toBe('D1');
    // `__proto__` as the prototype (an object literal's `__proto__:`), not as an own field.
    expect(codeOf({ templateId: 3, fields: { __proto__: { __proto__: '1' }, constructor: 'a', toLocaleString: '' } as never })).toBe('D1');
  });
});
