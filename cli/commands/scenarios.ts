import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { IRunEnvironment, IRunConfiguration, ISupportCodeLibrary } from '@cucumber/cucumber/api';
import { allComponents, componentEntry } from '../../properties/catalogs.ts';
import { loadSubject } from '../../properties/subject.ts';
import { AdapterFault } from '../../adapters/fault.ts';
import { resolveAdapterSpec, type FairwireParameters } from '../../features/support/adapter-spec.ts';
import { setInterrupted } from '../../features/support/run-control.ts';
import { CommandFailure, EXIT, UsageError, type Command, type CommandIo } from '../command.ts';
import { outputDir } from '../output-path.ts';
import { interruptible } from '../signals.ts';
import { componentTag, knownComponents, parseScenariosArgs, selectionTags, worldParameters, type ScenariosOptions } from './scenarios-options.ts';
import { bundledScenarios, BundledScenariosMissing, type BundledScenarios } from './scenarios-paths.ts';
import { ScenarioResults } from './scenarios-results.ts';
import { exitCodeOf, formatScenariosSummary } from './scenarios-summary.ts';

const HELP = `fairwire scenarios — run the Gherkin scenarios against an implementation

Usage:
  fairwire scenarios [--component NAME ...] [--adapter SPEC] [--adapter-<component> SPEC]
                     [--tags EXPR] [--name REGEX ...] [--report DIR] [--list] [--quiet]
                     [FEATURE_FILE_OR_DIR ...]

The scenarios are plain-language statements an operator can read and sign off ("order B2 traded
before B1 although B1 was stamped 3 µs earlier"); fairwire's own are bundled (features/), and
FEATURE_FILE_OR_DIR runs yours instead, with fairwire's step definitions.

Options:
  --component NAME   only the scenarios tagged @NAME, repeatable or comma-separated
                     (components: {components})
  --adapter SPEC     the implementation under test (default: reference), as in conform:
                       reference            the embedded reference implementation
                       mutant:<name>        a deliberately wrong implementation: replaces only its
                                            own component, which must be selected
                       cmd:"<command line>" an out-of-process vendor (NDJSON protocol, spec/protocol/)
                       <manifest.json>      a vendor manifest
                       <module.ts|.js>      a module exporting createAdapter(component)
                     Without --component it is the adapter of every component; with --component
                     only of those, the others run their reference: give a vendor that implements
                     one component with --component.
  --adapter-<component> SPEC  the adapter of one component (wins over --adapter), e.g.
                     --adapter-matching cmd:"./engine --ndjson" while the rest stays reference
  --tags EXPR        cucumber tag expression, e.g. "@sequencer and not @catalog"
  --name REGEX       only scenarios whose name matches, repeatable
  --report DIR       write DIR/cucumber.html, DIR/cucumber.json (cucumber JSON),
                     DIR/cucumber.ndjson (cucumber messages) and DIR/junit.xml
  --list             list the selected scenarios (feature:line and name) without running them
  --quiet            no progress lines on stderr

Prints a summary on stdout: passed / failed / skipped scenarios, and for each failure its
feature:line, the scenario, the failing step and its message. A scenario needing a capability the
adapter does not declare is skipped, listed with its reason, and is not a failure. An undefined or
pending step is a failure (strict). FAIRWIRE_ADAPTER* variables are not read by this command.

Exit codes: 0 every scenario passed or was skipped (not all) · 1 a scenario failed, or every one
            was skipped · 2 usage error (bad option, a feature file that does not exist, a bad tag
            expression, a selection with no scenario) · 3 the adapter faulted (it could not be
            started, crashed, hung or broke the protocol) · 130 / 143 interrupted by Ctrl-C /
            SIGTERM: the scenario in flight finishes, the rest are reported not run, the reports
            are written

Examples:
  npx fairwire scenarios                                             # every scenario, reference
  npx fairwire scenarios --component sequencer --adapter cmd:"python3 adapters/examples/python/sequencer.py" --report reports/scenarios
  npx fairwire scenarios --component matching --adapter mutant:matching-lifo-queue   # it must fail: exit 1
  npx fairwire scenarios --tags "@loq and not @catalog" --list
  npx fairwire scenarios features/matching.feature --adapter-matching vendor/matching.manifest.json
`;

function mutantComponent(spec: string): string {
  return allComponents().find((e) => e.mutants.some((m) => `mutant:${m.name}` === spec))?.component ?? '';
}

// The summary line's "adapter:" part: the non-reference adapters by component.
function describeAdapters(params: FairwireParameters, components: readonly string[]): string {
  const specs = components.map((c) => [c, resolveAdapterSpec(c, params, {})] as const).filter(([, s]) => s !== 'reference');
  if (specs.length === 0) return 'reference';
  const distinct = new Set(specs.map(([, s]) => s));
  if (distinct.size === 1 && specs.length === components.length && components.length > 1) return `${specs[0]![1]} for every component`;
  return `${specs.map(([c, s]) => `${c}=${s}`).join(', ')}${specs.length < components.length ? '; reference for the rest' : ''}`;
}

// Support code is imported once per process: a second import() of the same files would not run
// them again, so later runs (tests, several runs in one process) reuse the first run's library.
const LIBRARIES = Symbol.for('fairwire.scenarios.support-libraries');
function libraries(): Map<string, ISupportCodeLibrary> {
  const g = globalThis as Record<symbol, Map<string, ISupportCodeLibrary> | undefined>;
  return (g[LIBRARIES] ??= new Map());
}

const TSX_REGISTERED = Symbol.for('fairwire.scenarios.tsx-registered');
async function ensureTypescript(bundled: BundledScenarios): Promise<void> {
  const g = globalThis as Record<symbol, boolean | undefined>;
  if (!bundled.typescript || g[TSX_REGISTERED]) return;
  const { register } = await import('tsx/esm/api');
  register();
  g[TSX_REGISTERED] = true;
}

/**
 * The feature paths and the folder cucumber names them from: the bundled features from fairwire's
 * own folder (so they read `features/matching.feature:13` wherever the command runs), the user's
 * from the working directory, as typed.
 */
function featurePaths(o: ScenariosOptions, bundled: BundledScenarios): { cwd: string; paths: string[] } {
  if (o.paths.length === 0) return { cwd: dirname(bundled.featuresDir), paths: [basename(bundled.featuresDir)] };
  for (const p of o.paths) {
    if (/[*?{[]/.test(p)) continue; // a glob: cucumber expands it (one matching nothing is caught below)
    if (!existsSync(p)) throw new UsageError(`feature file not found: ${p}`);
    if (statSync(p).isFile() && !p.endsWith('.feature')) throw new UsageError(`not a feature file (*.feature): ${p}`);
  }
  return { cwd: process.cwd(), paths: [...o.paths] };
}

function reportFormats(dir: string | undefined): { format: [string, string][]; files: string[] } {
  if (dir === undefined) return { format: [], files: [] };
  // Made (or refused with a usage error) before the run, never after it (cli/output-path.ts).
  const abs = resolve(outputDir(dir, '--report'));
  const format: [string, string][] = [
    ['html', join(abs, 'cucumber.html')],
    ['json', join(abs, 'cucumber.json')],
    ['message', join(abs, 'cucumber.ndjson')],
    ['junit', join(abs, 'junit.xml')],
  ];
  return { format, files: format.map(([, f]) => join(dir, relative(abs, f))) };
}

type CucumberApi = typeof import('@cucumber/cucumber/api');

// fairwire's package names cucumber as an optional peer: say how to get it rather than crash.
async function loadCucumber(): Promise<CucumberApi> {
  try {
    return await import('@cucumber/cucumber/api');
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new CommandFailure('fairwire scenarios: needs @cucumber/cucumber (version 12), which is not installed here: npm install --save-dev @cucumber/cucumber', EXIT.usage);
  }
}

async function plan(api: CucumberApi, sources: IRunConfiguration['sources'], env: IRunEnvironment) {
  try {
    return await api.loadSources(sources, env);
  } catch (err) {
    // A tag expression cucumber cannot parse, a bad name pattern, ...
    // (cucumber wraps the parser's own words in `cause`)
    const cause = (err as Error).cause instanceof Error ? ((err as Error).cause as Error) : (err as Error);
    throw new UsageError(`cannot select the scenarios: ${cause.message.split('\n')[0]}`);
  }
}

/**
 * Starts each non-reference adapter once before the run, so that a vendor that cannot start is
 * one clear exit 3 (or, misconfigured, exit 2) instead of every scenario failing on it, or each
 * of them waiting for a vendor that hangs before its `ready` line.
 */
async function preflight(params: FairwireParameters, components: readonly string[], o: ScenariosOptions, io: CommandIo): Promise<number | undefined> {
  for (const c of components) {
    const spec = resolveAdapterSpec(c, params, {});
    if (spec === 'reference') continue;
    const entry = componentEntry(c)!;
    try {
      const a = await loadSubject(spec, entry);
      await a.close?.();
    } catch (err) {
      if (err instanceof AdapterFault || (err as Error).name === 'AdapterFault') {
        const tail = (err as AdapterFault).stderrTail;
        io.stderr.write(`fairwire scenarios: the adapter for ${c} (${spec}) did not start: ${(err as Error).message}\n${tail ? `its stderr ends with:\n${tail}\n` : ''}no scenario was run\n`);
        return EXIT.adapterFault;
      }
      // A vendor's `ready` says which components it implements: name them in the hint.
      const implemented = /implements (.+), not '/.exec((err as Error).message)?.[1]?.replace(/ /g, '');
      const hint =
        o.components.length === 0 && spec === o.adapter
          ? `\n(a vendor that implements only some components is given with --component${implemented ? `, here --component ${implemented}` : ''})`
          : '';
      throw new UsageError(`the adapter for ${c} (${spec}) cannot be used: ${(err as Error).message}${hint}`);
    }
  }
  return undefined;
}

export async function runScenarios(o: ScenariosOptions, io: CommandIo): Promise<number> {
  const params = worldParameters(o);
  let bundled: BundledScenarios;
  try {
    bundled = bundledScenarios();
  } catch (err) {
    if (err instanceof BundledScenariosMissing) throw new CommandFailure(`fairwire scenarios: ${err.message}`, EXIT.usage);
    throw err;
  }
  const { cwd, paths } = featurePaths(o, bundled);
  const tags = selectionTags(o);
  await ensureTypescript(bundled);
  const api = await loadCucumber();
  // Cucumber's own console output is not shown: fairwire prints progress and its summary.
  const sink = new Writable({ write: (_chunk, _enc, done) => done() });
  const env: IRunEnvironment = { cwd, stdout: sink, stderr: io.stderr as IRunEnvironment['stderr'], env: process.env };
  const { runConfiguration } = await api.loadConfiguration(
    {
      file: false,
      provided: {
        paths,
        import: [...bundled.support],
        strict: true,
        tags,
        name: [...o.names],
        formatOptions: { junit: { suiteName: 'fairwire scenarios' } },
        worldParameters: { fairwire: { ...params } } as never,
      },
    },
    env,
  );
  const config: IRunConfiguration = { ...runConfiguration, formats: { ...runConfiguration.formats, publish: false } };

  if (o.tags !== undefined) {
    // Checked alone first, so that the error quotes what was typed.
    await plan(api, { ...config.sources, tagExpression: o.tags }, env).catch((err: Error) => {
      throw new UsageError(`--tags '${o.tags}': ${err.message.replace(/^cannot select the scenarios: /, '').replace(/^Tag expression ".*" could not be parsed because of /, '')}`);
    });
  }
  const planned = await plan(api, config.sources, env);
  if (planned.errors.length > 0) {
    throw new CommandFailure(
      `fairwire scenarios: cannot read the feature files:\n${planned.errors.map((e) => `  ${e.uri}:${e.location.line}: ${e.message}`).join('\n')}`,
      EXIT.usage,
    );
  }
  if (planned.plan.length === 0) {
    throw new UsageError(`no scenario is selected (${[tags && `tags: ${tags}`, o.names.length > 0 && `names: ${o.names.join(', ')}`, `in ${paths.join(' ')}`].filter(Boolean).join('; ')})`);
  }
  // Which components the selected scenarios are tagged with: every --component must select some,
  // and those are the components whose adapters are started before the run.
  const inScope: string[] = [];
  for (const c of knownComponents()) {
    const only = await plan(api, { ...config.sources, tagExpression: tags ? `(${tags}) and ${componentTag(c)}` : componentTag(c) }, env);
    if (only.plan.length > 0) inScope.push(c);
    else if (o.components.includes(c)) throw new UsageError(`--component ${c}: no scenario is tagged ${componentTag(c)} among those selected`);
  }

  // An adapter named for a component no selected scenario is tagged with may go unused: a green
  // run that proved nothing about it. Only a warning: a scenario may use a component without its
  // tag (the LOQ pipeline runs the matching engine), and untagged features say nothing.
  const warnings: string[] = [];
  if (inScope.length > 0) {
    const named: [string, string][] = Object.entries(o.perComponent).map(([c, spec]) => [c, `--adapter-${c} ${spec}`]);
    if (o.adapter.startsWith('mutant:')) named.push([mutantComponent(o.adapter), `--adapter ${o.adapter}`]);
    for (const [c, what] of named) {
      if (!inScope.includes(c)) warnings.push(`warning: ${what}: no selected scenario is tagged ${componentTag(c)}; it is used only where a scenario uses ${c} without the tag`);
    }
  }

  if (o.list) {
    for (const w of warnings) io.stderr.write(`${w}\n`);
    for (const p of planned.plan) io.stdout.write(`${p.uri}:${p.location.line}  ${p.name}\n`);
    io.stdout.write(`${planned.plan.length} scenario${planned.plan.length === 1 ? '' : 's'}\n`);
    return EXIT.ok;
  }

  // The report folder is made (or refused) only now: a usage error leaves nothing behind.
  const reports = reportFormats(o.reportDir);
  const formats: IRunConfiguration['formats'] = { ...config.formats, files: Object.fromEntries(reports.format.map(([formatter, file]) => [file, formatter])) };
  const adapters = describeAdapters(params, knownComponents());
  const say = (line: string) => {
    if (!o.quiet) io.stderr.write(`${line}\n`);
  };
  for (const w of warnings) io.stderr.write(`${w}\n`);
  say(`fairwire scenarios: ${planned.plan.length} scenario${planned.plan.length === 1 ? '' : 's'}; adapter: ${adapters}`);
  // Every adapter the run may use: the selected components' and each one named explicitly.
  const named = new Set([...inScope, ...o.components, ...Object.keys(o.perComponent), ...(o.adapter.startsWith('mutant:') ? [mutantComponent(o.adapter)] : [])]);
  const fault = await preflight(params, knownComponents().filter((c) => named.has(c)), o, io);
  if (fault !== undefined) return fault;

  const results = new ScenarioResults();
  const total = planned.plan.length;
  results.onScenario = (r, done) => say(`[${String(done).padStart(String(total).length)}/${total}] ${r.status.padEnd(7)} ${r.uri}:${r.line}  ${r.name}`);
  const stop = interruptible({ log: (line) => io.stderr.write(`${line}\n`), finishing: 'finishing the scenario in flight, then writing the reports' });
  const onStop = () => setInterrupted(true);
  stop.signal.addEventListener('abort', onStop);
  setInterrupted(false);
  try {
    const key = bundled.support.join('\n');
    const cached = libraries().get(key);
    let outcome;
    try {
      outcome = await api.runCucumber({ ...config, formats, support: cached ?? config.support }, env, (m) => results.add(m));
    } catch (err) {
      // Keep what finished before cucumber itself broke.
      io.stdout.write(formatScenariosSummary(results.results(), total, adapters));
      throw new CommandFailure(`fairwire scenarios: cucumber could not run the scenarios: ${(err as Error).message}`, EXIT.usage);
    }
    if (!cached) libraries().set(key, outcome.support);
    const finished = results.results();
    io.stdout.write(formatScenariosSummary(finished, total, adapters));
    for (const f of reports.files) io.stderr.write(`report: ${f}\n`);
    return stop.exitCode(exitCodeOf(finished, total, outcome.success));
  } finally {
    stop.signal.removeEventListener('abort', onStop);
    stop.dispose();
    setInterrupted(false);
  }
}

export const scenariosCommand: Command = {
  path: ['scenarios'],
  summary: 'run the Gherkin scenarios against an implementation, with HTML, JSON and JUnit reports',
  get help() {
    return HELP.replace('{components}', allComponents().map((e) => e.component).join(', '));
  },
  run: (argv, io) => runScenarios(parseScenariosArgs(argv), io),
};
