import { describe, expect, it } from 'vitest';
import { FuzzSubject } from './fast-fuzz-subject.ts';

/**
 * The fuzzer keeps several cases in flight to its subject's host. A case that hangs is the only
 * one reported as a hang: those queued behind it go to a fresh host and get their own answers.
 */
const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1"><uInt32 name="a" id="1"/></template></templates>`;
// pmap 0xC0 (template id present), template 1, a = 5.
const GOOD = Uint8Array.of(0xc0, 0x81, 0x85);
const HANGS = Uint8Array.of(0xee, 0x81, 0x85);

describe('FuzzSubject with cases in flight', () => {
  it('a hang in the middle of the queue: that case hangs, the others are answered on a fresh host', async () => {
    const subject = new FuzzSubject('./cli/commands/testing/fast-fuzz-hang-adapter.ts');
    try {
      await subject.open();
      const outcomes = await Promise.all([GOOD, GOOD, HANGS, GOOD, GOOD].map((b) => subject.run(XML, b, 'none', 1500)));
      expect(outcomes.map((o) => o.kind)).toEqual(['result', 'result', 'hang', 'result', 'result']);
      for (const o of outcomes.filter((x) => x.kind === 'result')) {
        expect(o.kind === 'result' && o.result.messages.length).toBe(1);
        expect(o.kind === 'result' && o.result.error).toBeNull();
      }
      expect(subject.generation).toBe(2);
      expect(subject.inFlight).toBe(0);
    } finally {
      subject.close();
    }
  }, 60_000);
});
