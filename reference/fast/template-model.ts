/**
 * The FAST 1.1 template model (spec §4–§6): what the XML parser produces and what the decoder,
 * the encoder, the FPGA compiler and the generators consume. Plain data, no behaviour, so that
 * generators can build template sets directly and `template-xml-writer` can print them.
 *
 * Dictionary keys are resolved by the parser (see `DictionaryRef`), so every consumer agrees on
 * which fields share an entry.
 */

export type Presence = 'mandatory' | 'optional';

export type IntegerType = 'int32' | 'uInt32' | 'int64' | 'uInt64';

export type OperatorKind = 'none' | 'constant' | 'default' | 'copy' | 'increment' | 'delta' | 'tail';

/** Where an element stands in its XML file (1-based), for static errors. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/**
 * A dictionary entry's identity (§6.3). `scope` is the dictionary attribute as written
 * ('global', 'template', 'type' or a user-defined name, default 'global' or inherited);
 * `qualifier` makes template- and type-scoped dictionaries distinct: the name of the template
 * that textually contains the field for 'template', the application type for 'type'
 * ('any' when none is declared), '' otherwise. `key` is the key attribute or the field name.
 * Two operators share an entry iff all three strings are equal. `id` is that triple joined
 * with U+0000, convenient as a Map key.
 */
export interface DictionaryRef {
  readonly scope: string;
  readonly qualifier: string;
  readonly key: string;
  readonly id: string;
}

/** Typed initial values (§6.2), already checked against the field type (else S3/S4). */
export type InitialValue =
  | { readonly kind: 'integer'; readonly value: bigint }
  | { readonly kind: 'decimal'; readonly exponent: number; readonly mantissa: bigint } // normalised
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bytes'; readonly value: Uint8Array };

export interface Operator {
  readonly kind: OperatorKind;
  /** Present only when the XML gives a `value` attribute. */
  readonly initial?: InitialValue;
  /** Present for every kind except 'none' and 'constant'. */
  readonly dictionary?: DictionaryRef;
}

interface FieldBase {
  readonly name: string;
  readonly ns?: string;
  /** The XML `id` attribute (e.g. a FIX tag number), informational. */
  readonly id?: string;
  readonly presence: Presence;
  readonly loc: SourceLocation;
}

export interface IntegerField extends FieldBase {
  readonly kind: 'integer';
  readonly type: IntegerType;
  readonly op: Operator;
}

/** A decimal with one operator on the pair, or individual exponent (int32) / mantissa (int64) operators. */
export interface DecimalField extends FieldBase {
  readonly kind: 'decimal';
  readonly operators:
    | { readonly form: 'single'; readonly op: Operator }
    | { readonly form: 'individual'; readonly exponent: Operator; readonly mantissa: Operator };
}

export interface StringField extends FieldBase {
  readonly kind: 'string';
  readonly charset: 'ascii' | 'unicode';
  /** Name of the `<length>` element for unicode, if given (informational). */
  readonly lengthName?: string;
  readonly op: Operator;
}

export interface ByteVectorField extends FieldBase {
  readonly kind: 'byteVector';
  readonly lengthName?: string;
  readonly op: Operator;
}

export interface GroupField extends FieldBase {
  readonly kind: 'group';
  readonly typeRef?: string;
  readonly fields: readonly Field[];
}

export interface SequenceField extends FieldBase {
  readonly kind: 'sequence';
  readonly typeRef?: string;
  /**
   * The length field (uInt32, §6.2.6 "length"). When the XML has no `<length>`, the parser
   * creates one with `implicit: true`, name `${sequence name}__length` (never emitted in
   * canonical JSON), the sequence's presence and no operator.
   */
  readonly length: IntegerField & { readonly implicit: boolean };
  readonly fields: readonly Field[];
}

/** Static when `template` is set (fields inline, same pmap); dynamic otherwise (§6.4). */
export interface TemplateRefField {
  readonly kind: 'templateRef';
  /** Name in canonical JSON for a dynamic reference: the templateRef's name, or "templateRef". */
  readonly name: string;
  readonly template?: { readonly name: string; readonly ns?: string };
  readonly presence: 'mandatory';
  readonly loc: SourceLocation;
}

export type Field =
  | IntegerField
  | DecimalField
  | StringField
  | ByteVectorField
  | GroupField
  | SequenceField
  | TemplateRefField;

export interface Template {
  readonly name: string;
  readonly ns?: string;
  /** Absent for templates that are only referenced by name. */
  readonly id?: number;
  readonly typeRef?: string;
  readonly fields: readonly Field[];
  readonly loc: SourceLocation;
}

export interface TemplateSet {
  readonly templates: readonly Template[];
  readonly byId: ReadonlyMap<number, Template>;
  /** Keyed by `name` (and by `ns` + U+0000 + name when the template has a namespace). */
  readonly byName: ReadonlyMap<string, Template>;
}
