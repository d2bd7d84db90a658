import { describe, it, expect } from 'vitest';
import { parseTemplates } from '../fast/template-parser.ts';
import { compile } from './compiler.ts';
import { FpgaCompileError } from './compile-error.ts';

const T = (body: string, extra = '') => `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="1">${body}</template>${extra}</templates>`;

describe('compiler', () => {
  it('assigns field ids in pre-order, static templateRefs expanded, lengths included', () => {
    const { meta } = compile(
      parseTemplates(T('<uInt32 name="a"/><templateRef name="S"/><sequence name="q"><uInt32 name="x"/></sequence>', '<template name="S"><int32 name="s1"/><group name="g"><int32 name="s2"/></group></template>')),
    );
    const m = meta.get(1)!;
    const names = m.nodes.slice(1).map((n) => `${n!.id}:${n!.kind}:${n!.name}`);
    expect(names).toEqual(['1:int:a', '2:int:s1', '3:group:g', '4:int:s2', '5:seq:q', '6:len:q__length', '7:int:x']);
    expect(m.children).toEqual([1, 2, 3, 5]);
    expect(m.nodes[3]!.children).toEqual([4]);
  });

  it('gives a group its own presence map only when a field inside needs a bit', () => {
    const { program } = compile(parseTemplates(T('<group name="g"><uInt32 name="a"/></group><group name="h"><uInt32 name="b"><copy/></uInt32></group>')));
    const ops = program.instrs.map((i) => i.op);
    const routine = ops.slice(program.jumpTable.get(1)!);
    expect(routine).toEqual(['group', 'none.u32', 'group', 'pmap', 'copy.u32', 'endpmap', 'ret']);
  });

  it('refuses a template with more field ids than an 8-bit id holds, naming template and field', () => {
    const many = Array.from({ length: 251 }, (_, i) => `<uInt32 name="f${i}"/>`).join('');
    expect(() => compile(parseTemplates(T(many)))).toThrow(FpgaCompileError);
    expect(() => compile(parseTemplates(T(many)))).toThrow(/template "T", field "f250"/);
  });

  it('drops fields on request (fid -) and keeps them out of the metadata output', () => {
    const { program, meta } = compile(parseTemplates(T('<uInt32 name="a"/><uInt32 name="b"/>')), { drop: (_t, f) => f === 'b' });
    const routine = program.instrs.slice(program.jumpTable.get(1)!);
    expect(routine.map((i) => i.fid)).toEqual([1, null, null]);
    expect(meta.get(1)!.nodes[2]!.dropped).toBe(true);
  });
});
