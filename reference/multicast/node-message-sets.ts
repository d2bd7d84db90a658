/**
 * One exact set of message ids per node, for the harness's own books (what each node received,
 * what each receiver released): the same semantics as MessageSet, laid out flat. Every packet
 * event touches the set of its node, so a node's set is 8 int32 in one shared array (its `low`,
 * its ring head and a 128-id bitmap: half a cache line) rather than an object, a typed array and
 * its store apart in the heap. Ids arrive roughly in order, so `low` follows the stream; a node
 * whose pending ids spread past 128 (loss, a late straggler) moves for good to a MessageSet.
 * Ids are below 2^31 (the harness's run holds at most 10^8 messages).
 */
import { MessageSet } from './message-set.ts';

const STRIDE = 8;
const LOW = 0;
const HEAD = 1;
const WORDS = 4; // ring of words at offsets 2..5, a power of two
const SPAN = WORDS * 32;
/** `low` of a node whose set moved to a MessageSet. */
const MOVED = -1;

export class NodeMessageSets {
  private readonly d: Int32Array;
  private readonly moved: (MessageSet | undefined)[];

  constructor(nodes: number) {
    this.d = new Int32Array(nodes * STRIDE);
    this.moved = new Array<MessageSet | undefined>(nodes).fill(undefined);
  }

  /** Adds `id` (an integer ≥ 0) to node `node`'s set; false if it was already there. */
  add(node: number, id: number): boolean {
    const d = this.d;
    const b = node * STRIDE;
    const low = d[b + LOW]!;
    if (low === MOVED) return this.moved[node]!.add(id);
    if (id < low) return false;
    const rel = id - (low & ~31);
    if (rel >= SPAN) return this.move(node).add(id);
    const w = b + 2 + ((d[b + HEAD]! + (rel >>> 5)) & (WORDS - 1));
    const m = 1 << (rel & 31);
    if ((d[w]! & m) !== 0) return false;
    d[w]! |= m;
    if (id === low) this.advance(b);
    return true;
  }

  /** Whether node `node`'s set holds `id` (an integer ≥ 0). */
  has(node: number, id: number): boolean {
    const d = this.d;
    const b = node * STRIDE;
    const low = d[b + LOW]!;
    if (low === MOVED) return this.moved[node]!.has(id);
    if (id < low) return true;
    const rel = id - (low & ~31);
    if (rel >= SPAN) return false;
    return (d[b + 2 + ((d[b + HEAD]! + (rel >>> 5)) & (WORDS - 1))]! & (1 << (rel & 31))) !== 0;
  }

  /** Moves `low` past the ids now contiguous, clearing whole words as it goes. */
  private advance(b: number): void {
    const d = this.d;
    let low = d[b + LOW]!;
    let head = d[b + HEAD]!;
    while ((d[b + 2 + head]! & (1 << (low & 31))) !== 0) {
      low++;
      if ((low & 31) === 0) {
        d[b + 2 + head] = 0;
        head = (head + 1) & (WORDS - 1);
      }
    }
    d[b + LOW] = low;
    d[b + HEAD] = head;
  }

  /** Node `node`'s set as a MessageSet (which grows as needed), from now on. */
  private move(node: number): MessageSet {
    const d = this.d;
    const b = node * STRIDE;
    const low = d[b + LOW]!;
    const s = new MessageSet(low);
    for (let rel = low & 31; rel < SPAN; rel++) {
      if ((d[b + 2 + ((d[b + HEAD]! + (rel >>> 5)) & (WORDS - 1))]! & (1 << (rel & 31))) !== 0) s.add((low & ~31) + rel);
    }
    d[b + LOW] = MOVED;
    this.moved[node] = s;
    return s;
  }
}
