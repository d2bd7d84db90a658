import { describe, it, expect } from 'vitest';
import { parseTemplates } from '../fast/template-parser.ts';
import { compile } from './compiler.ts';
import { RecordAssembler, RecordFormatError } from './record-assembler.ts';
import { STATUS } from './dma-ring.ts';

const XML = `<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1"><template name="T" id="4"><uInt32 name="a"/><string name="s"/></template></templates>`;

function record(slots: [number, bigint][], status: number): Uint8Array {
  const r = new Uint8Array(64);
  const dv = new DataView(r.buffer);
  slots.forEach(([id, w], i) => {
    dv.setBigUint64(8 * i, w, true);
    r[56 + i] = id;
  });
  r[63] = status;
  return r;
}

describe('record assembler (host side)', () => {
  const { meta } = compile(parseTemplates(XML));

  it('rebuilds a message from hand-made records, strings spanning a record boundary', () => {
    const asm = new RecordAssembler(meta);
    asm.push(record([[0xfd, 4n], [1, 7n], [2, 9n], [0xff, 0x4847464544434241n], [0xff, 0x49n]], STATUS.toggle | STATUS.eom));
    expect(asm.messages).toEqual([{ templateId: 4, fields: { a: '7', s: 'ABCDEFGHI' } }]);
  });

  it('rejects what a correct DMA engine never writes', () => {
    const bad: [Uint8Array, RegExp][] = [
      [record([[0xfd, 5n]], STATUS.eom), /template id 5 unknown/],
      [record([[1, 7n]], STATUS.eom), /outside a message/],
      [record([[0xfd, 4n], [9, 1n]], STATUS.eom), /field id 9 unknown/],
      [record([[0xfd, 4n], [0xff, 1n]], STATUS.eom), /continuation slot with nothing/],
      [record([[0xfd, 4n], [2, 9n], [0xff, 1n]], STATUS.eom), /ends inside a multi-word value/],
      [record([[0xfd, 4n], [0xfc, 0xffn]], STATUS.eom | STATUS.err), /unknown code/],
    ];
    for (const [r, want] of bad) expect(() => new RecordAssembler(meta).push(r)).toThrow(want);
    expect(() => new RecordAssembler(meta).push(record([[0xfd, 4n]], STATUS.eom))).not.toThrow(RecordFormatError);
  });

  it('drops a message that ends in an error and keeps the error', () => {
    const asm = new RecordAssembler(meta);
    asm.push(record([[0xfd, 4n], [1, 7n], [0xfc, 0x11n | (3n << 8n)]], STATUS.eom | STATUS.err));
    expect(asm.messages).toEqual([]);
    expect(asm.error).toMatchObject({ code: 'D1', class: 'dynamic', offset: 3 });
  });
});
