/**
 * One market-data publication: the price levels that changed since the previous one, each with
 * its new aggregate (size 0: the level is gone), and its FAST canonical form both ways. Reading
 * a decoded message checks every field: a malformed packet is an MdFormatError, never a NaN in
 * a participant's book.
 */
import type { CanonicalFields, CanonicalMessage } from '../../fast/canonical.ts';
import { MD_TEMPLATE_ID } from './md-templates.ts';

/** 0 = bid, 1 = ask (FIX MDEntryType '0' / '1'). */
export type BookSideCode = 0 | 1;

export interface LevelChange {
  readonly side: BookSideCode;
  /** Integer ticks. */
  readonly price: number;
  /** Aggregate lots at that price after the change; 0 = level deleted. */
  readonly size: number;
  readonly orders: number;
}

export interface MdUpdate {
  /** 0, 1, 2, ... one per publication. */
  readonly seq: number;
  /** The publisher's clock when it closed the publication (ns). */
  readonly sendingTimeNs: number;
  readonly entries: readonly LevelChange[];
}

export class MdFormatError extends Error {
  override readonly name = 'MdFormatError';
}

export function toCanonical(u: MdUpdate): CanonicalMessage {
  return {
    templateId: MD_TEMPLATE_ID,
    fields: {
      MsgSeqNum: String(u.seq),
      SendingTime: String(u.sendingTimeNs),
      MDEntries: u.entries.map((e) => ({
        MDEntryType: String(e.side),
        MDEntryPx: String(e.price),
        MDEntrySize: String(e.size),
        NumberOfOrders: String(e.orders),
      })),
    },
  };
}

function int(fields: CanonicalFields, name: string, min: number, max: number): number {
  const v = fields[name];
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new MdFormatError(`${name}: expected an integer, got ${JSON.stringify(v)}`);
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new MdFormatError(`${name}: ${v} outside ${min}..${max}`);
  return n;
}

export function fromCanonical(m: CanonicalMessage): MdUpdate {
  if (m.templateId !== MD_TEMPLATE_ID) throw new MdFormatError(`template ${m.templateId} is not MDIncRefresh (${MD_TEMPLATE_ID})`);
  const f = m.fields;
  const list = f.MDEntries;
  if (!Array.isArray(list)) throw new MdFormatError('MDEntries: expected a sequence');
  const entries: LevelChange[] = list.map((raw, i) => {
    const e = raw as CanonicalFields;
    try {
      const side = int(e, 'MDEntryType', 0, 1) as BookSideCode;
      return { side, price: int(e, 'MDEntryPx', 1, Number.MAX_SAFE_INTEGER), size: int(e, 'MDEntrySize', 0, Number.MAX_SAFE_INTEGER), orders: int(e, 'NumberOfOrders', 0, 0xffffffff) };
    } catch (err) {
      throw new MdFormatError(`MDEntries[${i}].${(err as Error).message}`);
    }
  });
  return { seq: int(f, 'MsgSeqNum', 0, 0xffffffff), sendingTimeNs: int(f, 'SendingTime', 0, Number.MAX_SAFE_INTEGER), entries };
}
