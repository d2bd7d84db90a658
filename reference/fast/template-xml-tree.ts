/**
 * Reads template XML into a small element tree with saxes, keeping only FAST elements (the
 * FAST 1.1 namespace, the FAST 1.0 template-definition namespace, or no namespace) and their
 * unprefixed attributes, each with its 1-based line and column. Elements in any other
 * namespace are skipped with their whole subtree. Malformed XML is S1.
 */
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import { FastError } from './errors.ts';

export const FAST_NS = 'http://www.fixprotocol.org/ns/fast/td/1.1';
/** The namespace some older (OpenFAST era) files use for the same schema. */
export const FAST_NS_LEGACY = 'http://www.fixprotocol.org/ns/template-definition';

export interface XmlElement {
  readonly local: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  readonly line: number;
  readonly column: number;
}

export interface ReadXmlOptions {
  readonly file?: string;
  /** Deepest FAST element nesting accepted; deeper is S1 (keeps later recursion bounded). */
  readonly maxElementDepth: number;
}

function isFastNamespace(uri: string): boolean {
  return uri === '' || uri === FAST_NS || uri === FAST_NS_LEGACY;
}

export function staticError(message: string, line: number | undefined, column: number | undefined, file?: string, site: { template?: string; field?: string } = {}): FastError {
  const where = line === undefined ? '' : `${file === undefined ? '' : `${file}:`}line ${line}, column ${column ?? 0}: `;
  return new FastError('S1', `${where}${message}`, -1, { ...site, ...(line === undefined ? {} : { line, column }) });
}

/** Parses `xml` and returns the root FAST element. */
export function readXml(xml: string, options: ReadXmlOptions): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true, ...(options.file === undefined ? {} : { fileName: options.file }) });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let skipDepth = 0; // > 0 while inside an element of a foreign namespace
  let startLine = 1;
  let startColumn = 1;

  const fail = (message: string, line = parser.line, column = parser.column + 1): never => {
    throw staticError(message, line, column, options.file);
  };

  parser.on('opentagstart', (tag) => {
    // The parser has read "<name" and the one character after it: '<' is name.length + 2
    // characters back (0-based), unless that character was a line break.
    const back = parser.column - tag.name.length - 1;
    startLine = back >= 1 ? parser.line : parser.line - 1;
    startColumn = Math.max(1, back);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (skipDepth > 0 || !isFastNamespace(tag.uri)) {
      skipDepth++;
      return;
    }
    if (stack.length >= options.maxElementDepth) fail(`elements nested deeper than ${options.maxElementDepth}`, startLine, startColumn);
    const attrs = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === '' && a.name !== 'xmlns') attrs.set(a.local, a.value);
    }
    const el: XmlElement = { local: tag.local, attrs, children: [], line: startLine, column: startColumn };
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(el);
    else if (root === undefined) root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    if (skipDepth > 0) skipDepth--;
    else stack.pop();
  });
  const onText = (text: string): void => {
    if (skipDepth === 0 && stack.length > 0 && /\S/.test(text)) {
      const el = stack[stack.length - 1];
      fail(`unexpected text "${text.trim().slice(0, 30)}" in <${el?.local ?? ''}>`);
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    throw staticError(`malformed XML: ${err.message}`, parser.line, parser.column + 1, options.file);
  });

  try {
    parser.write(xml).close();
  } catch (e) {
    if (e instanceof FastError) throw e;
    throw staticError(`malformed XML: ${e instanceof Error ? e.message : String(e)}`, parser.line, parser.column + 1, options.file);
  }
  if (root === undefined) throw staticError('no FAST element at the root (expected <templates> or <template>)', 1, 1, options.file);
  return root;
}
