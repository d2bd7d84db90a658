/**
 * The `--adapter SPEC` paragraph of a command's --help, generated from the registries (named
 * in-process adapters, each component's mutants), so that every adapter a command accepts is
 * listed where it is accepted and a new one appears without editing help texts.
 */
import { allComponents, componentEntry } from '../../properties/catalogs.ts';
import { namedAdapterNames } from '../../properties/subject.ts';

/** Wraps `words` joined by ', ' into lines of at most `width` characters after `indent`. */
function wrap(words: readonly string[], indent: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line === '' ? w : `${line}, ${w}`;
    if (indent.length + next.length > width && line !== '') {
      lines.push(`${line},`);
      line = w;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

/**
 * The adapters `--adapter` accepts for `components` (all when omitted), one per line, indented by
 * `indent`. `extra` adds command-specific forms (e.g. exchange roles).
 */
export function adapterSpecHelp(components?: readonly string[], indent = '                       ', extra: readonly string[] = []): string {
  const entries = (components ?? allComponents().map((e) => e.component)).map((c) => componentEntry(c)).filter((e) => e !== undefined);
  const named = namedAdapterNames().filter((n) => n !== 'reference');
  const lines = [
    `${indent}reference            the embedded reference implementation (default)`,
    ...(named.length > 0 ? [`${indent}${named.join(' | ').padEnd(20)} named in-process implementations (for the components each implements)`] : []),
    `${indent}mutant:<name>        a deliberately wrong implementation (the suite's self-test), one of:`,
    ...entries.filter((e) => e.mutants.length > 0).map((e) => wrap([`${e.component}: ${e.mutants[0]!.name}`, ...e.mutants.slice(1).map((m) => m.name)], `${indent}  `)),
    `${indent}cmd:"<command line>" an out-of-process vendor (NDJSON protocol, spec/protocol/)`,
    `${indent}<manifest.json>      a vendor manifest`,
    `${indent}<module.ts|.js>      a module exporting createAdapter(component)`,
    ...extra.map((l) => `${indent}${l}`),
  ];
  return lines.join('\n');
}
