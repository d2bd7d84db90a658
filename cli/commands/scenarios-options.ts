import { parseArgs } from 'node:util';
import { allComponents } from '../../properties/catalogs.ts';
import { mutantOwner, type FairwireParameters } from '../../features/support/adapter-spec.ts';
import { UsageError } from '../command.ts';

/** What `fairwire scenarios` was asked to do. */
export interface ScenariosOptions {
  /** --component: only the scenarios tagged with one of these (`@sequencer`, ...); empty: all. */
  readonly components: readonly string[];
  /** --adapter as given (default reference). */
  readonly adapter: string;
  /** --adapter-<component> SPEC, per component. */
  readonly perComponent: Readonly<Record<string, string>>;
  /** --tags, as given. */
  readonly tags: string | undefined;
  /** --name regular expressions (a scenario runs when its name matches one). */
  readonly names: readonly string[];
  readonly reportDir: string | undefined;
  readonly list: boolean;
  readonly quiet: boolean;
  /** Feature files or folders given on the command line; empty: the bundled features. */
  readonly paths: readonly string[];
}

export function knownComponents(): string[] {
  return allComponents().map((e) => e.component);
}

export function parseScenariosArgs(argv: readonly string[]): ScenariosOptions {
  const known = knownComponents();
  const perComponentOptions = Object.fromEntries(known.map((c) => [`adapter-${c}`, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        component: { type: 'string', multiple: true },
        adapter: { type: 'string' },
        ...perComponentOptions,
        tags: { type: 'string' },
        name: { type: 'string', multiple: true },
        report: { type: 'string' },
        list: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    // e.g. "Unknown option '--adapter-sequncer'": say which per-component options exist.
    const message = (err as Error).message;
    throw new UsageError(/--adapter-/.test(message) ? `${message} (per-component adapters: ${known.map((c) => `--adapter-${c}`).join(', ')})` : message);
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const components = ((values.component as string[] | undefined) ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  for (const c of components) if (!known.includes(c)) throw new UsageError(`unknown component '${c}' (known: ${known.join(', ')})`);
  const perComponent: Record<string, string> = {};
  for (const c of known) {
    const spec = values[`adapter-${c}`];
    if (typeof spec !== 'string') continue;
    if (spec === '') throw new UsageError(`--adapter-${c} needs an adapter spec`);
    const owner = ownerOf(spec, `--adapter-${c}`);
    if (owner !== undefined && owner !== c) throw new UsageError(`--adapter-${c} ${spec}: that is a mutant of ${owner}, not of ${c}`);
    perComponent[c] = spec;
  }
  const adapter = (values.adapter as string | undefined) ?? 'reference';
  if (adapter === '') throw new UsageError('--adapter needs an adapter spec');
  const names = (values.name as string[] | undefined) ?? [];
  for (const n of names) {
    try {
      new RegExp(n);
    } catch (err) {
      throw new UsageError(`--name '${n}' is not a regular expression: ${(err as Error).message}`);
    }
  }
  const tags = values.tags as string | undefined;
  if (tags !== undefined && tags.trim() === '') throw new UsageError('--tags needs a tag expression, e.g. --tags "@sequencer and not @slow"');
  const reportDir = values.report as string | undefined;
  if (reportDir === '') throw new UsageError('--report needs a folder');
  return {
    components,
    adapter,
    perComponent,
    tags,
    names,
    reportDir,
    list: values.list === true,
    quiet: values.quiet === true,
    paths: parsed.positionals,
  };
}

function ownerOf(spec: string, what: string): string | undefined {
  try {
    return mutantOwner(spec, what);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * The `fairwire` world parameters for the run (features/support/adapter-spec.ts), with conform's
 * meaning of --adapter: without --component it is the adapter of every component; with
 * --component only of those (the others run their reference, so a vendor of one component is
 * given with --component). A `mutant:<name>` replaces only its own component, which must be
 * among those selected (else no selected scenario would meet it: a green run that proved
 * nothing). --adapter-<component> wins over both.
 */
export function worldParameters(o: ScenariosOptions): FairwireParameters {
  const owner = ownerOf(o.adapter, '--adapter');
  if (owner !== undefined && o.components.length > 0 && !o.components.includes(owner)) {
    throw new UsageError(`--adapter ${o.adapter} is a mutant of ${owner}, which --component ${o.components.join(',')} does not select`);
  }
  if (o.components.length === 0 || o.adapter === 'reference') return { adapter: o.adapter, adapters: { ...o.perComponent } };
  const adapters: Record<string, string> = {};
  if (owner !== undefined) adapters[owner] = o.adapter;
  else for (const c of o.components) adapters[c] = o.adapter;
  return { adapter: 'reference', adapters: { ...adapters, ...o.perComponent } };
}

/** The tag expression that selects the scenarios: the components' tags and --tags, both. */
export function selectionTags(o: ScenariosOptions): string {
  const parts: string[] = [];
  if (o.components.length > 0) parts.push(o.components.map(componentTag).join(' or '));
  if (o.tags !== undefined) parts.push(o.tags);
  return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' and ');
}

/** The tag a feature or scenario carries for each component it checks. */
export function componentTag(component: string): string {
  return `@${component}`;
}
