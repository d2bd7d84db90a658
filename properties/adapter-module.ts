import { pathToFileURL } from 'node:url';

/** A user's adapter module, as imported: ESM named exports, or a CommonJS module's exports under `default`. */
export type AdapterModule = Readonly<Record<string, unknown>>;

const TYPESCRIPT = /\.[cm]?ts$/;

/**
 * Imports a user's adapter module (`--adapter ./my-adapter.ts|.mts|.cts|.js|.mjs|.cjs`) the one
 * way every command uses (conform, fuzz's host process, scenarios, simulate, the library).
 * TypeScript goes through tsx's `tsImport`, registered only for this module and what it imports:
 * it loads a .ts file whether or not its folder is an ESM package (plain `import()` under a
 * globally registered ESM loader fails there with "Cannot require() ES Module ... in a cycle"),
 * and the compiled CLI then never pays for tsx unless such a module is given.
 */
export async function importAdapterModule(file: string): Promise<AdapterModule> {
  const url = pathToFileURL(file).href;
  if (!TYPESCRIPT.test(file)) return (await import(url)) as AdapterModule;
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(url, import.meta.url)) as AdapterModule;
}

/**
 * The export that makes the adapter: `createAdapter`, else a default-exported function, else a
 * CommonJS `module.exports = { createAdapter }` (which arrives as `default.createAdapter`).
 * Undefined when the module exports none of them (it may still default-export an adapter object).
 */
export function adapterFactoryOf(mod: AdapterModule): ((component: string) => unknown) | undefined {
  const make = mod.createAdapter ?? (typeof mod.default === 'function' ? mod.default : (mod.default as { createAdapter?: unknown } | undefined)?.createAdapter);
  return typeof make === 'function' ? (make as (component: string) => unknown) : undefined;
}
