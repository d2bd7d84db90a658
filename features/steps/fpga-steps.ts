import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { FpgaAdapter } from '../../adapters/fpga.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { RECORD_BYTES, SLOTS_PER_RECORD, STATUS, recordId, recordStatus, recordWord } from '../../reference/fpga/dma-ring.ts';
import { codeNumber, codeOf } from '../../reference/fpga/error-codes.ts';
import type { FastErrorCode } from '../../reference/fast/errors.ts';
import type { ProgramMeta } from '../../reference/fpga/metadata.ts';
import { capabilitiesUsed } from '../../properties/fast/template-capabilities.ts';
import { dataFile, type FairwireWorld } from '../support/world.ts';
import { ScenarioFailure, expectThat } from './expect-that.ts';

/**
 * FPGA ring record steps (spec/fpga/dma-record.md): a template file and a FAST stream in, the
 * 64-byte DMA records the decoder wrote out, slot by slot (field id, 64-bit word) and status bit
 * by status bit. Field names are mapped to ids with the reference compiler's metadata (ids are
 * part of the record contract: pre-order per template). An adapter that does not return its
 * records (`records` capability) or lacks a FAST feature the templates use is skipped, never passed.
 */
interface FpgaState {
  xml: string;
  meta: ProgramMeta;
  records: Uint8Array[];
  /** Template id of the message each record belongs to (from its header slot, carried through CONT records). */
  templateOf: number[];
  skipped?: string;
}

const states = new WeakMap<FairwireWorld, FpgaState>();

function state(w: FairwireWorld): FpgaState {
  const s = states.get(w);
  assert.ok(s, 'no templates loaded (start with "Given the FPGA decoder is loaded with the templates in ...")');
  return s;
}

const RESERVED: Record<string, number> = { empty: 0x00, report: 0xfb, error: 0xfc, 'template id': 0xfd, 'end of nested template': 0xfe, continuation: 0xff };
const RESERVED_NAME = new Map(Object.entries(RESERVED).map(([k, v]) => [v, k]));
const STATUS_NAMES = [
  ['TOGGLE', STATUS.toggle],
  ['EOM', STATUS.eom],
  ['ERR', STATUS.err],
  ['CONT', STATUS.cont],
  ['BUSY', STATUS.busy],
] as const;

/** What a wrong status bit does to the host that polls the ring. */
function statusHarm(diff: number, want: number): string {
  if (diff & STATUS.err) return want & STATUS.err ? 'Without ERR the host passes on, as good data, a message the decoder could not decode.' : 'With ERR the host throws a good message away.';
  if (diff & STATUS.toggle) return 'A wrong toggle makes a polling host take an old record as new, or wait for one that never comes.';
  if (diff & (STATUS.eom | STATUS.cont)) return 'A wrong EOM or CONT cuts a message in two or glues two messages together.';
  return 'The host would misread the record.';
}

const statusText = (st: number) => STATUS_NAMES.filter(([, bit]) => st & bit).map(([n]) => n).join(' ') || 'none';

Given('the FPGA decoder is loaded with the templates in {string}', async function (this: FairwireWorld, file: string) {
  const xml = readFileSync(dataFile(file), 'utf8');
  states.set(this, { xml, meta: compile(parseTemplates(xml)).meta, records: [], templateOf: [] });
  const a = await this.adapter<FpgaAdapter>('fpga');
  const lacking: string[] = [...capabilitiesUsed(xml)].filter((c) => !a.capabilities[c]);
  if (!a.capabilities.records) lacking.unshift('records');
  if (lacking.length > 0) {
    this.log(`skipped: this scenario reads ring records of templates using ${lacking.join(', ')}, which ${a.name} does not declare in its capabilities`);
    return 'skipped';
  }
  await a.loadTemplates(xml);
  return undefined;
});

function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  assert.match(clean, /^(?:[0-9a-fA-F]{2})*$/, 'hex must be pairs of hex digits');
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

async function decode(w: FairwireWorld, bytes: Uint8Array, reset: 'none' | 'message' = 'none'): Promise<void> {
  const s = state(w);
  const a = await w.adapter<FpgaAdapter>('fpga');
  let out: Awaited<ReturnType<FpgaAdapter['decode']>>;
  try {
    out = await a.decode(bytes, { reset });
  } catch (err) {
    // A decoder that gives up (or a host that cannot read its records back) is a failed scenario, said plainly.
    throw new ScenarioFailure(`${a.name} failed while decoding ${bytes.length} bytes after ${s.records.length} record(s): ${(err as Error).message}. A decoder must answer every stream with records (an error slot at worst), never stop.`);
  }
  for (const r of out.records) {
    expectThat(r.length === RECORD_BYTES, `every ring record is ${RECORD_BYTES} bytes (one cache line), but record ${s.records.length + 1} has ${r.length}`);
    const prev = s.templateOf.at(-1) ?? 0;
    const header = recordId(r, 0) === RESERVED['template id'] ? Number(recordWord(r, 0)) : undefined;
    s.templateOf.push(header ?? (recordStatus(r) & STATUS.cont ? prev : 0));
    s.records.push(r);
  }
}

When('the FPGA decodes the hex {string}', async function (this: FairwireWorld, hex: string) {
  await decode(this, hexBytes(hex));
});

When('the FPGA decodes the hex {string}, resetting the dictionaries before every message', async function (this: FairwireWorld, hex: string) {
  await decode(this, hexBytes(hex), 'message');
});

When('the FPGA decodes {int} copies of the hex {string}', async function (this: FairwireWorld, copies: number, hex: string) {
  const one = hexBytes(hex);
  const all = new Uint8Array(one.length * copies);
  for (let i = 0; i < copies; i++) all.set(one, i * one.length);
  await decode(this, all);
});

// A FAST ascii value written as text: its last byte carries the stop bit (FAST 1.1 §10.6.3).
When('the FPGA decodes the hex {string} followed by the text {string} as a FAST string', async function (this: FairwireWorld, hex: string, text: string) {
  assert.ok(text.length > 0 && /^[\x20-\x7e]+$/.test(text), 'the text must be printable ASCII, at least one character');
  const str = Uint8Array.from(Buffer.from(text, 'latin1'));
  str[str.length - 1]! |= 0x80;
  const head = hexBytes(hex);
  const all = new Uint8Array(head.length + str.length);
  all.set(head);
  all.set(str, head.length);
  await decode(this, all);
});

function record(s: FpgaState, n: number): Uint8Array {
  const r = s.records[n - 1];
  expectThat(r, `record ${n} should have been written to the ring, but the decoder wrote only ${s.records.length} record(s): the host would wait for data that never comes`);
  return r;
}

Then(/^the ring holds (\d+) records?$/, function (this: FairwireWorld, n: string) {
  const s = state(this);
  const got = s.records.length;
  // A reader that stops at a power of two stopped at the end of a lap: the next lap's records never looked new.
  const lap = got > 0 && got < Number(n) && (got & (got - 1)) === 0 ? ` It stopped after exactly ${got} records, a whole lap of the ring: the next lap's records never looked new to the host (their toggle bit).` : '';
  expectThat(got === Number(n), () => `the host should have read ${n} record(s) from the ring, but it read ${got}: messages the decoder took in never reached the application.${lap}`);
});

/** The slot's field as an operator names it: a template field, or a reserved id's name. */
function fieldName(s: FpgaState, tid: number, id: number): string {
  return RESERVED_NAME.get(id) ?? s.meta.get(tid)?.nodes[id]?.name ?? `field id ${id}`;
}

function fieldId(s: FpgaState, tid: number, name: string): number {
  const reserved = RESERVED[name];
  if (reserved !== undefined) return reserved;
  const node = s.meta.get(tid)?.nodes.find((nd) => nd?.name === name);
  assert.ok(node, `template ${tid} has no field "${name}" (reserved names: ${Object.keys(RESERVED).join(', ')})`);
  return node.id;
}

/** A slot word as written in a scenario: an integer, "text" (8 bytes, first byte lowest, zero padded), or "D9 at byte 1". */
function wordOf(value: string): bigint {
  const v = value.trim();
  const text = /^"(.{0,8})"$/.exec(v);
  if (text) {
    let w = 0n;
    [...Buffer.from(text[1]!, 'latin1')].forEach((b, i) => (w |= BigInt(b) << BigInt(8 * i)));
    return w;
  }
  const err = /^([SDR]\d+) at byte (\d+)$/.exec(v);
  if (err) return BigInt(codeNumber(err[1] as FastErrorCode)) | (BigInt(err[2]!) << 8n);
  assert.match(v, /^-?\d+$/, `a slot value must be an integer, "text" or "<code> at byte <n>", got ${v}`);
  return BigInt.asUintN(64, BigInt(v));
}

/** A slot word as the operator wrote it, for messages: same forms as wordOf. */
function showWord(id: number, w: bigint): string {
  if (id === RESERVED.continuation) {
    const bytes = Array.from({ length: 8 }, (_, i) => Number((w >> BigInt(8 * i)) & 0xffn));
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0) end--;
    const printable = bytes.slice(0, end).every((b) => b >= 0x20 && b < 0x7f);
    return printable ? JSON.stringify(Buffer.from(bytes.slice(0, end)).toString('latin1')) : `0x${w.toString(16)}`;
  }
  if (id === RESERVED.error || id === RESERVED.report) return `${codeOf(Number(w & 0xffn)) ?? `code ${w & 0xffn}`} at byte ${w >> 8n}`;
  return String(BigInt.asIntN(64, w));
}

Then(/^record (\d+) has status "([A-Z ]*)" and holds:$/, function (this: FairwireWorld, n: string, status: string, table: DataTable) {
  const s = state(this);
  const r = record(s, Number(n));
  const tid = s.templateOf[Number(n) - 1]!;
  const rows = table.hashes();
  assert.ok(rows.length <= SLOTS_PER_RECORD, `a record has ${SLOTS_PER_RECORD} slots, the table lists ${rows.length}`);
  const wantStatus = status.trim().split(/\s+/).filter(Boolean).reduce((st, name) => {
    const bit = STATUS_NAMES.find(([nm]) => nm === name);
    assert.ok(bit, `unknown status bit ${name} (known: ${STATUS_NAMES.map(([nm]) => nm).join(' ')})`);
    return st | bit[1];
  }, 0);
  expectThat(
    recordStatus(r) === wantStatus,
    () => `record ${n} should carry the status bits "${statusText(wantStatus)}" but carries "${statusText(recordStatus(r))}" (byte 63 = 0x${recordStatus(r).toString(16)}). ${statusHarm(wantStatus ^ recordStatus(r), wantStatus)}`,
  );
  const got = (slot: number) => `${fieldName(s, tid, recordId(r, slot))} = ${showWord(recordId(r, slot), recordWord(r, slot))}`;
  for (let slot = 0; slot < SLOTS_PER_RECORD; slot++) {
    const row = rows[slot];
    const wantId = row ? fieldId(s, tid, row.field!.trim()) : 0;
    const wantWord = row ? wordOf(row.value!) : 0n;
    const want = `${fieldName(s, tid, wantId)} = ${showWord(wantId, wantWord)}`;
    expectThat(
      recordId(r, slot) === wantId && recordWord(r, slot) === wantWord,
      `record ${n}, slot ${slot} should hold ${want} but holds ${got(slot)} (id 0x${recordId(r, slot).toString(16)}). ` +
        (row ? 'The host would hand the application a wrong value.' : 'Unused slots must be empty (id 0): the host would read a field that is not in the message.'),
    );
  }
});

Then(/^records (\d+) to (\d+) carry the toggle bit (0|1)$/, function (this: FairwireWorld, from: string, to: string, bit: string) {
  const s = state(this);
  for (let n = Number(from); n <= Number(to); n++) {
    const t = recordStatus(record(s, n)) & STATUS.toggle;
    expectThat(
      t === Number(bit),
      `record ${n} should carry the toggle bit ${bit} (the ring has ${s.records.length >= 1024 ? 'wrapped' : 'not wrapped'}; the bit flips on every lap) but carries ${t}: a polling host cannot tell this lap's records from the last lap's`,
    );
  }
});
