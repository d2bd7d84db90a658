import { SaxesParser } from 'saxes';

/**
 * Parses an SVG document as XML (saxes throws on anything not well-formed) and returns what a
 * test checks: the root element's name and attributes, how many elements of each name, and the
 * text content.
 */
export function parseSvg(svg: string): { root: string; rootAttributes: Record<string, string>; counts: Map<string, number>; text: string } {
  const parser = new SaxesParser({ xmlns: false });
  let root = '';
  let rootAttributes: Record<string, string> = {};
  const counts = new Map<string, number>();
  const text: string[] = [];
  let depth = 0;
  parser.on('opentag', (tag) => {
    if (depth === 0) {
      root = tag.name;
      rootAttributes = Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)]));
    }
    depth++;
    counts.set(tag.name, (counts.get(tag.name) ?? 0) + 1);
  });
  parser.on('closetag', () => void depth--);
  parser.on('text', (t) => void text.push(t));
  parser.write(svg).close();
  return { root, rootAttributes, counts, text: text.join(' ') };
}
