import { describe, it, expect } from 'vitest';
import { parseTemplates } from '../fast/template-parser.ts';
import { AsmError, parseListing, printListing } from './assembler.ts';
import { compile } from './compiler.ts';

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">
<template name="Inner" id="9"><string name="note" charset="unicode" presence="optional"><tail/></string></template>
<template name="odd name" id="3">
  <uInt32 name="a"><copy value="5"/></uInt32>
  <decimal name="px" presence="optional"><exponent><default value="-2"/></exponent><mantissa><delta/></mantissa></decimal>
  <byteVector name="raw"><constant value="00ff"/></byteVector>
  <sequence name="legs" presence="optional"><length name="n"><increment/></length><group name="g" presence="optional"><int64 name="q"/></group></sequence>
  <templateRef/>
</template></templates>`;

describe('assembler', () => {
  it('print ∘ parse is the identity on the canonical listing, and parse restores the program', () => {
    const { program } = compile(parseTemplates(XML));
    const listing = printListing(program);
    const parsed = parseListing(listing);
    expect(printListing(parsed)).toBe(listing);
    expect(parsed.instrs).toEqual(program.instrs.map((i) => ({ ...i })));
    expect(new Map(parsed.jumpTable)).toEqual(new Map(program.jumpTable));
    expect(parsed.consts).toEqual(program.consts);
    expect(listing).toContain('"odd name":');
    expect(listing).toMatch(/\?legs__length|\?n\s+\d+\s+incr\.len,d\d+,\^1 /);
  });

  it('reports bad listings with their line number', () => {
    const cases: [string, RegExp][] = [
      ['  +a 1 frob.u32 -', /line 1: unknown command frob/],
      ['.slot d0 "global" "" "t"\n  +a 1 copy.u32 -', /line 2: copy needs a dictionary slot/],
      ['  -  -  jmp nowhere', /line 1: unknown label nowhere/],
      ['  +a 1 none.u32', /line 1: an instruction has four columns/],
      ['  +a 300 none.u32 -', /line 1: field id 300 out of range/],
      ['.const k1 int 5', /line 1: .const k0 expected/],
      ['x:\nx:\n  - - ret -', /line 2: label x defined twice/],
      ['  +"unterminated 1 none.u32 -', /line 1: unterminated string/],
      ['  -  -  seq -', /line 1: seq needs a jump target/],
    ];
    for (const [text, want] of cases) {
      expect(() => parseListing(text)).toThrow(AsmError);
      expect(() => parseListing(text)).toThrow(want);
    }
  });
});
