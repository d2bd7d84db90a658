import { describe, expect, it } from 'vitest';
import { capabilitiesUsed } from './template-capabilities.ts';

const T = (body: string) => `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1">${body}</template></templates>`;

/** What a set needs besides fields without ids (most sets below have none: that is checked apart). */
const features = (xml: string): string[] => [...capabilitiesUsed(xml)].filter((c) => c !== 'fieldsWithoutId');

describe('capabilitiesUsed', () => {
  it('fields without an id attribute and <typeRef> elements are capabilities of their own', () => {
    expect([...capabilitiesUsed(T('<uInt32 name="a" id="1"/><string name="s" id="2"><copy/></string>'))]).toEqual([]);
    expect([...capabilitiesUsed(T('<uInt32 name="a" id="1"/><string name="s"><copy/></string>'))]).toEqual(['fieldsWithoutId']);
    // an implicit sequence length has no XML, hence no id to lack
    expect([...capabilitiesUsed(T('<sequence name="q" id="3"><uInt32 name="a" id="4"/></sequence>'))]).toEqual(['sequences']);
    expect([...capabilitiesUsed(T('<typeRef name="A"/><uInt32 name="a" id="1"/>'))]).toEqual(['typeRef']);
    expect([...capabilitiesUsed(T('<group name="g" id="2"><typeRef name="B"/><uInt32 name="a" id="1"/></group>'))].sort()).toEqual(['groups', 'typeRef']);
  });

  it('names every feature a template set needs, and nothing for plain integers and ascii', () => {
    expect(features(T('<uInt32 name="a"/><string name="s"><copy/></string>'))).toEqual([]);
    expect(features(T('<int64 name="a"><delta/></int64><string name="s"><tail/></string><uInt32 name="i"><increment/></uInt32>')).sort()).toEqual([
      'int64',
      'operatorDelta',
      'operatorIncrement',
      'operatorTail',
    ]);
    expect(features(T('<decimal name="p"><exponent><copy/></exponent><mantissa><delta/></mantissa></decimal>')).sort()).toEqual([
      'decimal',
      'individualDecimalOperators',
      'operatorDelta',
    ]);
    expect(features(T('<sequence name="q"><group name="g"><byteVector name="b"/><string name="u" charset="unicode"/></group></sequence><templateRef/>')).sort()).toEqual([
      'byteVector',
      'groups',
      'sequences',
      'templateRef',
      'unicode',
    ]);
    expect(features(T('<uInt32 name="a"><copy dictionary="template"/></uInt32>'))).toEqual(['dictionaryScopes']);
  });
});
