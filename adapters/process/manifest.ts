import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validate } from './protocol.ts';
import { FastVariantsError, parseFastVariants, type FastVariants } from '../../reference/fast/variants.ts';

/**
 * A vendor manifest (spec/protocol/manifest.schema.json): how to start the vendor program,
 * with what environment, timeout and validation mode, and optionally which capabilities and
 * variants (readings of an ambiguous specification, spec/fast/variants.md) to use instead of
 * those the vendor declares. Relative `cwd` is resolved against the manifest's folder.
 */
export interface Manifest {
  readonly name?: string;
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly validation?: 'strict' | 'sample';
  readonly capabilities?: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
  /**
   * component -> its declared readings, replacing what the vendor declares in ready (a variant
   * left out is the default). Only `fast` has variants; checked here, completed with the defaults.
   */
  readonly variants?: { readonly fast?: FastVariants };
}

/** Components with declared variants, and how their declarations are read. */
const VARIANT_COMPONENTS: Readonly<Record<string, (declared: unknown, where: string) => unknown>> = { fast: parseFastVariants };

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Checks a parsed manifest; `baseDir` resolves a relative cwd (default: the process cwd). */
export function parseManifest(value: unknown, baseDir: string = process.cwd(), where = 'manifest'): Manifest {
  const bad = validate.manifest(value);
  if (bad) throw new ManifestError(`${where}: not a valid vendor manifest (spec/protocol/manifest.schema.json): ${bad}`);
  const m = value as Manifest;
  return { ...m, cwd: resolve(baseDir, m.cwd ?? '.'), ...(m.variants ? { variants: parseVariants(m.variants, where) } : {}) };
}

/** Every component's declaration checked: an unknown component, variant or reading is a ManifestError naming what is allowed. */
function parseVariants(declared: Readonly<Record<string, unknown>>, where: string): NonNullable<Manifest['variants']> {
  const out: Record<string, unknown> = {};
  for (const [component, readings] of Object.entries(declared)) {
    const parse = VARIANT_COMPONENTS[component];
    if (!parse) throw new ManifestError(`${where}: variants: component '${component}' has no declared variants (only ${Object.keys(VARIANT_COMPONENTS).join(', ')} has)`);
    try {
      out[component] = parse(readings, `${where}: variants.${component}`);
    } catch (err) {
      if (err instanceof FastVariantsError) throw new ManifestError(err.message);
      throw err;
    }
  }
  return out as NonNullable<Manifest['variants']>;
}

export function loadManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ManifestError(`cannot read manifest ${path}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`manifest ${path} is not JSON: ${(e as Error).message}`);
  }
  return parseManifest(value, dirname(resolve(path)), path);
}
