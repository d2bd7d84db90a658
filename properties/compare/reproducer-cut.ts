import { FastDecoder } from '../../reference/fast/decoder.ts';
import { FastError } from '../../reference/fast/errors.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import type { FastVariants } from '../../reference/fast/variants.ts';

/**
 * The smallest byte range of a reproducer that still holds the divergence: `bytes` runs from the
 * last dictionary reset point through the diverging frame, and the diverging message is the
 * `message`-th (0-based) the reference decodes from there. The range ends where the reference
 * ends that message (the frame's end when it stops on an error there) and, under a reset per
 * message, starts where the message starts (each message is its own reset point).
 */
export function cutReproducer(set: TemplateSet, variants: FastVariants | undefined, bytes: Uint8Array, reset: 'none' | 'message', message: number): Uint8Array {
  const decoder = new FastDecoder(set, { reset, ...(variants ? { variants } : {}) });
  let start = 0;
  let offset = 0;
  for (let i = 0; i <= message && offset < bytes.length; i++) {
    if (reset === 'message') decoder.reset();
    let end: number;
    try {
      end = decoder.decodeMessage(bytes, offset).end;
    } catch (err) {
      if (!(err instanceof FastError)) throw err;
      return bytes.subarray(reset === 'message' ? offset : 0);
    }
    if (i === message) return bytes.subarray(reset === 'message' ? offset : start, end);
    offset = end;
  }
  // The diverging message lies past what the reference decodes (an extra message of the subject's).
  return bytes.subarray(reset === 'message' ? offset : start);
}
