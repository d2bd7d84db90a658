import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * JSON Schemas under spec/, compiled once per process with ajv. Every schema is loaded by its path
 * relative to spec/ (e.g. "report.schema.json", "protocol/reply.schema.json").
 */
const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats ships CJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;
addFormats(ajv);

const cache = new Map<string, ValidateFunction>();

export function schemaValidator(relativePath: string): ValidateFunction {
  let v = cache.get(relativePath);
  if (!v) {
    const url = new URL(`./${relativePath}`, import.meta.url);
    const schema = JSON.parse(readFileSync(url, 'utf8')) as { $id?: string };
    v = schema.$id && ajv.getSchema(schema.$id) ? ajv.getSchema(schema.$id)! : ajv.compile(schema);
    cache.set(relativePath, v);
  }
  return v;
}

/** One line per ajv error: "/path: message". */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`).join('; ');
}

/** The shared ajv instance, for modules that add their own schemas (e.g. the vendor protocol). */
export function sharedAjv(): Ajv {
  return ajv;
}
