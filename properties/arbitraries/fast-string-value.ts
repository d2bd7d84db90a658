import fc from 'fast-check';

export type StringFlavour = 'ascii' | 'unicode' | 'byteVector';

const ASCII_ALPHABET = fc.constantFrom(...'ABab019 _-~'.split(''), ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)));

/**
 * String-ish values, biased to the FAST edges: "", "\0" (its own encoding, §10.6.3), one-char
 * values, and values that share prefixes / suffixes with a few fixed stems so that delta and tail
 * keep or replace parts of the previous value. ascii stays printable apart from the lone "\0":
 * a NUL inside a longer ascii string has no defined encoding. byteVector values are lowercase hex.
 */
export function fastStringValue(flavour: StringFlavour, { maxLength = 12 }: { maxLength?: number } = {}): fc.Arbitrary<string> {
  if (flavour === 'byteVector') {
    return fc.oneof(
      fc.constantFrom('', '00', 'ff', '0000', '7f80'),
      fc.uint8Array({ maxLength }).map((b) => Buffer.from(b).toString('hex')),
    );
  }
  const chars = flavour === 'ascii' ? ASCII_ALPHABET : fc.oneof(ASCII_ALPHABET, fc.constantFrom('é', 'ß', '€', '中', '😀', '\u0000'));
  const free = fc.array(chars, { maxLength }).map((a) => a.join(''));
  const stems = fc.tuple(fc.constantFrom('ABC', 'ABCD', 'XYZ', 'AB', 'ABCDEFGHIJ'), fc.array(chars, { maxLength: 3 }), fc.boolean()).map(
    ([stem, extra, front]) => (front ? extra.join('') + stem : stem + extra.join('')),
  );
  return fc.oneof({ weight: 2, arbitrary: fc.constantFrom('', '\u0000', 'A') }, { weight: 3, arbitrary: stems }, { weight: 2, arbitrary: free });
}

/** Strings safe as XML attribute values (initial values in templates). */
export function fastInitialString(flavour: StringFlavour): fc.Arbitrary<string> {
  if (flavour === 'byteVector') return fc.constantFrom('', '00', 'abcd', '7f80ff');
  return fc.constantFrom('', 'A', 'ABC', 'ABCD', 'XYZ', 'ABCDEFGHIJ', ...(flavour === 'unicode' ? ['é€'] : []));
}
