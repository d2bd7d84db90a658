/**
 * How a generated leaf value relates to the dictionary: a fresh value, the entry's current value
 * ("same": copy / delta / tail hit their no-change path), its successor ("next": increment hits),
 * or NULL. Resolved against a simulated dictionary by fast-stream-resolver.ts, so that the
 * arbitrary stays structural (it shrinks) while the stream stays valid.
 */
export type LeafSpec<T> = { readonly k: 'fresh' | 'same' | 'next' | 'null'; readonly v: T };

export type DecimalLeafSpec = { readonly exponent: LeafSpec<number>; readonly mantissa: LeafSpec<bigint> } | { readonly k: 'null' };

export type FieldValueSpec =
  | LeafSpec<bigint>
  | LeafSpec<string>
  | LeafSpec<{ readonly exponent: number; readonly mantissa: bigint }>
  | DecimalLeafSpec
  | { readonly k: 'group'; readonly fields: readonly FieldValueSpec[] | null }
  | { readonly k: 'sequence'; readonly elements: readonly (readonly FieldValueSpec[])[] | null }
  | { readonly k: 'static'; readonly fields: readonly FieldValueSpec[] }
  | { readonly k: 'dynamic'; readonly message: MessageSpec };

export interface MessageSpec {
  /** Index into the template list. */
  readonly template: number;
  readonly fields: readonly FieldValueSpec[];
}

export interface StreamSpec {
  readonly reset: 'none' | 'message';
  readonly messages: readonly MessageSpec[];
}
