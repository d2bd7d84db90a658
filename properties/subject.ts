import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Adapter } from '../adapters/adapter.ts';
import { loadProcessAdapter, type VendorOptions } from '../adapters/process/index.ts';
import { composeInboundRoles } from '../adapters/inbound/compose.ts';
import { isRoleSpec, ROLE_SPEC_USAGE, RoleSpecError } from '../adapters/inbound/role-spec.ts';
import type { InboundAdapter } from '../adapters/inbound.ts';
import { adapterFactoryOf, importAdapterModule, type AdapterModule } from './adapter-module.ts';
import type { ComponentEntry } from './components.ts';
import { FastVariantsError, parseFastVariants } from '../reference/fast/variants.ts';

/**
 * Turns an `--adapter` value into the subject adapter for one component:
 * - `reference`            the embedded reference (the default)
 * - `mutant:<name>`        one of the component's deliberately wrong implementations
 * - `cmd:<command line>`   an out-of-process vendor speaking the NDJSON protocol (spec/protocol/)
 * - `<file>.json`          a vendor manifest (command, args, cwd, env, capabilities)
 * - `<file>.ts|.mts|.cts|.js|.mjs|.cjs`  a module exporting `createAdapter(component)` (or a default
 *                           export that is such a function, or an adapter object); loaded by
 *                           adapter-module.ts, the same way in every command
 * - `roles:<role>=<adapter>,...`  component exchange only: one of the above per inbound role
 *                           (adapters/inbound/role-spec.ts); roles not named run the reference
 * Other named in-process adapters (e.g. the FPGA model's `fpga`, `jit`) come from `namedAdapters`.
 */
export class SubjectError extends Error {
  override readonly name = 'SubjectError';
}

type Factory = (component: string) => Adapter<object> | Promise<Adapter<object>> | undefined;
const named = new Map<string, Factory>();

/** Lets a component offer extra in-process adapters by name, e.g. registerNamedAdapter('jit', ...). */
export function registerNamedAdapter(name: string, factory: Factory): void {
  named.set(name, factory);
}

export function namedAdapterNames(): string[] {
  return ['reference', ...named.keys()];
}

/** `vendor`: options for out-of-process vendors (e.g. the per-request timeout, `--vendor-timeout`). */
export async function loadSubject(spec: string, entry: ComponentEntry, vendor: VendorOptions = {}): Promise<Adapter<object>> {
  if (spec === 'reference') return entry.reference();
  if (isRoleSpec(spec)) {
    if (entry.component !== 'exchange') throw new SubjectError(`roles: is for component exchange (inbound nodes), not ${entry.component}`);
    try {
      return await composeInboundRoles(spec, async (sub) => (await loadSubject(sub, entry, vendor)) as InboundAdapter);
    } catch (err) {
      if (err instanceof RoleSpecError) throw new SubjectError(err.message);
      throw err;
    }
  }
  if (spec.startsWith('mutant:')) {
    const name = spec.slice('mutant:'.length);
    const m = entry.mutants.find((x) => x.name === name);
    if (!m) {
      const known = entry.mutants.map((x) => x.name).join(', ') || 'none';
      throw new SubjectError(`no mutant '${name}' for component ${entry.component} (known: ${known})`);
    }
    return m.create();
  }
  const factory = named.get(spec);
  if (factory) {
    const a = await factory(entry.component);
    if (!a) throw new SubjectError(`adapter '${spec}' does not implement component ${entry.component}`);
    return a;
  }
  if (spec.startsWith('cmd:') || spec.endsWith('.json')) {
    try {
      return await loadProcessAdapter(spec, entry.component, vendor);
    } catch (err) {
      // A bad manifest or command line is a usage problem; a vendor that dies on start is a fault.
      if ((err as Error).name === 'AdapterFault') throw err;
      throw new SubjectError((err as Error).message);
    }
  }
  if (/\.[cm]?[jt]s$/.test(spec)) {
    const file = resolve(spec);
    if (!existsSync(file)) throw new SubjectError(`adapter module not found: ${file}`);
    let mod: AdapterModule;
    try {
      mod = await importAdapterModule(file);
    } catch (err) {
      // A module that does not compile or throws while loading: the user's file, named, with why.
      throw new SubjectError(`cannot load adapter module ${spec}: ${(err as Error)?.message ?? String(err)}`);
    }
    const make = adapterFactoryOf(mod) as Factory | undefined;
    let a: Adapter<object> | undefined;
    try {
      a = make ? await make(entry.component) : (mod.default as Adapter<object> | undefined);
      // A misspelt FAST reading is a load error, never the default reading (spec/fast/variants.md).
      if (a && typeof a === 'object' && a.component === 'fast') parseFastVariants((a as { variants?: unknown }).variants, `${spec}: adapter.variants`);
    } catch (err) {
      if (err instanceof FastVariantsError) throw new SubjectError(err.message);
      throw err;
    }
    if (!a || typeof a !== 'object') {
      throw new SubjectError(`${spec}: export createAdapter(component) or a default adapter object`);
    }
    if (a.component !== entry.component) {
      throw new SubjectError(`${spec}: adapter implements '${a.component}', not '${entry.component}'`);
    }
    return a;
  }
  throw new SubjectError(
    `unknown adapter '${spec}': use ${namedAdapterNames().join(' | ')} | mutant:<name> | cmd:"<command line>" | <manifest.json> | <module.ts>${entry.component === 'exchange' ? ` | ${ROLE_SPEC_USAGE}` : ''}`,
  );
}
