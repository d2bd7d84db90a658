import { describe, expect, it } from 'vitest';
import { fairwireParameters, resolveAdapterSpec } from '../../features/support/adapter-spec.ts';
import { UsageError } from '../command.ts';
import { knownComponents, parseScenariosArgs, selectionTags, worldParameters } from './scenarios-options.ts';

/** What each component runs against, as the World will resolve it from the command's parameters. */
function specs(argv: string[]): Record<string, string> {
  const params = worldParameters(parseScenariosArgs(argv));
  return Object.fromEntries(knownComponents().map((c) => [c, resolveAdapterSpec(c, params, { FAIRWIRE_ADAPTER: 'mutant:loq-no-epoch' })]));
}

const VENDOR = 'cmd:python3 vendor.py';

describe('fairwire scenarios: which adapter each component runs', () => {
  it('reference everywhere by default; the FAIRWIRE_ADAPTER variables are not read', () => {
    expect(new Set(Object.values(specs([])))).toEqual(new Set(['reference']));
  });

  it('--adapter without --component: every component', () => {
    expect(new Set(Object.values(specs(['--adapter', VENDOR])))).toEqual(new Set([VENDOR]));
  });

  it('--adapter with --component: only those components, the rest reference', () => {
    const s = specs(['--component', 'sequencer,loq', '--adapter', VENDOR]);
    expect(s.sequencer).toBe(VENDOR);
    expect(s.loq).toBe(VENDOR);
    expect(Object.entries(s).filter(([c]) => c !== 'sequencer' && c !== 'loq').every(([, v]) => v === 'reference')).toBe(true);
  });

  it('a mutant replaces only its own component, with or without --component', () => {
    for (const argv of [['--adapter', 'mutant:matching-lifo-queue'], ['--component', 'loq,matching', '--adapter', 'mutant:matching-lifo-queue']]) {
      const s = specs(argv);
      expect(s.matching).toBe('mutant:matching-lifo-queue');
      expect(Object.entries(s).filter(([c]) => c !== 'matching').every(([, v]) => v === 'reference')).toBe(true);
    }
  });

  it('--adapter-<component> wins over --adapter', () => {
    const s = specs(['--adapter', VENDOR, '--adapter-matching', 'mutant:matching-lifo-queue']);
    expect(s.matching).toBe('mutant:matching-lifo-queue');
    expect(s.sequencer).toBe(VENDOR);
  });

  it('refuses a mutant of an unselected component, of another component, or unknown', () => {
    expect(() => specs(['--component', 'sequencer', '--adapter', 'mutant:matching-lifo-queue'])).toThrow(UsageError);
    expect(() => specs(['--adapter-loq', 'mutant:matching-lifo-queue'])).toThrow(/a mutant of matching, not of loq/);
    expect(() => specs(['--adapter', 'mutant:nope'])).toThrow(/no component has a mutant named 'nope'/);
    expect(() => specs(['--adapter-sequncer', VENDOR])).toThrow(/per-component adapters: --adapter-/);
  });

  it('selects by component tags and --tags together', () => {
    expect(selectionTags(parseScenariosArgs([]))).toBe('');
    expect(selectionTags(parseScenariosArgs(['--component', 'fast', '--component', 'net']))).toBe('@fast or @net');
    expect(selectionTags(parseScenariosArgs(['--component', 'fast', '--tags', 'not @slow']))).toBe('(@fast) and (not @slow)');
  });
});

describe('the World: adapter per component from world parameters, else the environment', () => {
  const env = { FAIRWIRE_ADAPTER_SEQUENCER: 'mutant:sequencer-tie-by-arrival', FAIRWIRE_ADAPTER: VENDOR };

  it('without fairwire world parameters: FAIRWIRE_ADAPTER_<COMPONENT>, then FAIRWIRE_ADAPTER', () => {
    expect(resolveAdapterSpec('sequencer', undefined, env)).toBe('mutant:sequencer-tie-by-arrival');
    expect(resolveAdapterSpec('loq', undefined, env)).toBe(VENDOR);
    expect(resolveAdapterSpec('loq', undefined, { FAIRWIRE_ADAPTER: 'mutant:sequencer-tie-by-arrival' })).toBe('reference');
    expect(resolveAdapterSpec('loq', undefined, {})).toBe('reference');
  });

  it('with them: adapters[component], then adapter, and the environment is not read', () => {
    const params = fairwireParameters({ fairwire: { adapters: { loq: 'mutant:loq-no-epoch' } } });
    expect(resolveAdapterSpec('loq', params, env)).toBe('mutant:loq-no-epoch');
    expect(resolveAdapterSpec('sequencer', params, env)).toBe('reference');
    expect(resolveAdapterSpec('sequencer', fairwireParameters({ fairwire: { adapter: VENDOR } }), env)).toBe(VENDOR);
  });

  it('malformed parameters are errors, never silently the reference', () => {
    expect(() => fairwireParameters({ fairwire: { adapters: { sequncer: VENDOR } } })).toThrow(/names no component 'sequncer'/);
    expect(() => fairwireParameters({ fairwire: { adaptor: VENDOR } })).toThrow(/unknown key\(s\) adaptor/);
    expect(() => fairwireParameters({ fairwire: { adapter: 3 } })).toThrow(/must be a string/);
    expect(() => resolveAdapterSpec('loq', { adapters: { loq: 'mutant:matching-lifo-queue' } }, {})).toThrow(/a mutant of matching, not of loq/);
    expect(fairwireParameters({ other: 1 })).toBeUndefined();
  });
});
