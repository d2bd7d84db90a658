import { describe, expect, it } from 'vitest';
import { capabilitiesUsed } from './template-capabilities.ts';

const T = (body: string) => `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1">${body}</template></templates>`;

describe('capabilitiesUsed', () => {
  it('names every feature a template set needs, and nothing for plain integers and ascii', () => {
    expect([...capabilitiesUsed(T('<uInt32 name="a"/><string name="s"><copy/></string>'))]).toEqual([]);
    expect([...capabilitiesUsed(T('<int64 name="a"><delta/></int64><string name="s"><tail/></string><uInt32 name="i"><increment/></uInt32>'))].sort()).toEqual([
      'int64',
      'operatorDelta',
      'operatorIncrement',
      'operatorTail',
    ]);
    expect([...capabilitiesUsed(T('<decimal name="p"><exponent><copy/></exponent><mantissa><delta/></mantissa></decimal>'))].sort()).toEqual([
      'decimal',
      'individualDecimalOperators',
      'operatorDelta',
    ]);
    expect([...capabilitiesUsed(T('<sequence name="q"><group name="g"><byteVector name="b"/><string name="u" charset="unicode"/></group></sequence><templateRef/>'))].sort()).toEqual([
      'byteVector',
      'groups',
      'sequences',
      'templateRef',
      'unicode',
    ]);
    expect([...capabilitiesUsed(T('<uInt32 name="a"><copy dictionary="template"/></uInt32>'))]).toEqual(['dictionaryScopes']);
  });
});
