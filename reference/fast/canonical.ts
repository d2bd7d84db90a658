/**
 * The canonical JSON of decoded FAST messages (spec/fast/canonical.md). This is both the
 * decoder's output and the encoder's input, and what out-of-process vendors print.
 *
 * - integers (int32, uInt32, int64, uInt64): decimal strings, e.g. "-5025"
 * - decimal: { exponent: number, mantissa: decimal string }, never normalised
 * - ascii / unicode: JSON strings
 * - byteVector: { hex: lowercase hex }
 * - absent optional field / group / sequence: null
 * - group: object of its fields; sequence: array of objects (length field not emitted)
 * - static templateRef: its fields inline; dynamic templateRef: nested CanonicalMessage under its name
 */
export interface CanonicalDecimal {
  readonly exponent: number;
  readonly mantissa: string;
}

export interface CanonicalBytes {
  readonly hex: string;
}

export type CanonicalFields = { [name: string]: CanonicalValue };

export type CanonicalValue =
  | string
  | CanonicalDecimal
  | CanonicalBytes
  | null
  | CanonicalFields
  | CanonicalFields[]
  | CanonicalMessage;

export interface CanonicalMessage {
  readonly templateId: number;
  readonly fields: CanonicalFields;
}

export interface CanonicalErrorBody {
  readonly code: string;
  readonly class: 'static' | 'dynamic' | 'reportable';
  readonly offset: number;
  readonly message: string;
}

export interface CanonicalError {
  readonly error: CanonicalErrorBody;
}

/** What decoding a whole stream yields: the messages decoded, then the error that stopped it. */
export interface StreamDecodeResult {
  readonly messages: CanonicalMessage[];
  readonly error: CanonicalErrorBody | null;
  /** Reportable conditions met on the way (non-strict mode), in stream order. */
  readonly reports: CanonicalErrorBody[];
}
