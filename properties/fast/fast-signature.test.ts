import { describe, expect, it } from 'vitest';
import type { CanonicalMessage } from '../../reference/fast/canonical.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { Mismatch } from '../mismatch.ts';
import { assertSameDecode, assertSameMessages } from './fast-check-helpers.ts';

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1">
<uInt32 name="f7" presence="optional"><copy/></uInt32>
<group name="g1"><int64 name="q2"><delta/></int64></group>
<sequence name="s3"><length name="n"><copy/></length><string name="z9" presence="optional"><tail/></string></sequence>
</template></templates>`;
const set = parseTemplates(XML);
const msg = (f7: string | null, q2: string, z9: (string | null)[]): CanonicalMessage => ({ templateId: 1, fields: { f7, g1: { q2 }, s3: z9.map((z) => ({ z9: z })) } });

function mismatchOf(f: () => void): Mismatch {
  try {
    f();
  } catch (err) {
    if (err instanceof Mismatch) return err;
    throw err;
  }
  throw new Error('no Mismatch');
}

describe('FAST mismatch signatures name fields by their instruction, not their generated name', () => {
  it('top-level, nested in a group and inside a sequence item', () => {
    const base = [msg('1', '2', ['a']), msg('5', '2', ['a', 'b'])];
    const top = mismatchOf(() => assertSameMessages(base, [base[0]!, msg('6', '2', ['a', 'b'])], set));
    expect(top.message).toContain('messages[1].fields.f7');
    expect(top.signature()).toBe('value-differs at messages[].fields.<uInt32 optional copy>');
    const inGroup = mismatchOf(() => assertSameMessages(base, [base[0]!, msg('5', '3', ['a', 'b'])], set));
    expect(inGroup.signature()).toBe('value-differs at messages[].fields.<int64 mandatory delta>');
    const inSeq = mismatchOf(() => assertSameMessages(base, [base[0]!, msg('5', '2', ['a', null])], set));
    expect(inSeq.message).toContain('messages[1].fields.s3[1].z9');
    expect(inSeq.signature()).toBe('value-differs at messages[].fields.<ascii optional tail>');
    const shorter = mismatchOf(() => assertSameMessages(base, [base[0]!, msg('5', '2', ['a'])], set));
    expect(shorter.signature()).toBe('missing at messages[].fields.<sequence mandatory length:copy>[]');
  });

  it('verdict differences are error-differs', () => {
    const err = { code: 'D5', class: 'dynamic' as const, offset: 3, message: 'x' };
    const a = mismatchOf(() => assertSameDecode({ messages: [], error: null, reports: [] }, { messages: [], error: err, reports: [] }, set));
    expect(a.signature()).toBe('error-differs at error(none -> dynamic)');
    const b = mismatchOf(() => assertSameDecode({ messages: [], error: err, reports: [] }, { messages: [], error: { ...err, class: 'reportable' }, reports: [] }, set));
    expect(b.signature()).toBe('error-differs at error(dynamic -> reportable)');
    // A subject that stops early on an error: named by the verdict, not by the missing message.
    const m = msg('1', '2', []);
    const c = mismatchOf(() => assertSameDecode({ messages: [m, m], error: null, reports: [] }, { messages: [m], error: err, reports: [] }, set));
    expect(c.signature()).toBe('error-differs at error(none -> dynamic)');
    expect(c.message).toContain('missing at messages[1]');
  });
});
