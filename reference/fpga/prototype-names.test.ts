import { describe, expect, it } from 'vitest';
import { toCanonicalJson } from '../../spec/canonical-json.ts';
import type { CanonicalMessage } from '../fast/canonical.ts';
import { FastDecoder } from '../fast/decoder.ts';
import { FastEncoder } from '../fast/encoder.ts';
import { PROTO_MESSAGES_JSON, PROTO_XML } from '../fast/testing/prototype-names.ts';
import { parseTemplates } from '../fast/template-parser.ts';
import { FpgaFeed, interpreterFactory, jitFactory } from './fpga-decoder.ts';

describe('FPGA model: fields named after Object.prototype properties (`__proto__`, `constructor`, ...)', () => {
  const set = parseTemplates(PROTO_XML);
  const messages = JSON.parse(PROTO_MESSAGES_JSON) as CanonicalMessage[];
  const bytes = new FastEncoder(set).encodeStream(messages);

  for (const [engine, factory] of [['interpreter', interpreterFactory], ['JIT', jitFactory]] as const) {
    it(`the ${engine} and record assembler rebuild them as own properties, equal to the reference decoder`, () => {
      const got = new FpgaFeed(set, {}, factory).decode(bytes, 'none').result;
      expect(got.error).toBeNull();
      expect(toCanonicalJson(got)).toBe(toCanonicalJson(new FastDecoder(set).decodeStream(bytes)));
      expect(toCanonicalJson(got.messages)).toBe(toCanonicalJson(messages));
      const f = got.messages[0]!.fields;
      expect(Object.getPrototypeOf(f)).toBe(Object.prototype);
      expect(Object.hasOwn(f, '__proto__')).toBe(true);
      expect(new FastEncoder(set).encodeStream(got.messages)).toEqual(bytes);
    });
  }
});
