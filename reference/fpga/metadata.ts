import type { IntegerType } from '../fast/template-model.ts';

/**
 * What the host needs to turn ring records back into canonical messages: per template id, the
 * tree of nodes that carry field ids (spec/fpga/dma-record.md). Ids are assigned by the compiler
 * in template order (pre-order, static templateRefs expanded), 1..MAX_NODE_ID, per template.
 */
export type NodeKind = 'int' | 'dec' | 'ascii' | 'uni' | 'bytes' | 'group' | 'seq' | 'len' | 'dyn';

export interface NodeMeta {
  readonly id: number;
  readonly kind: NodeKind;
  /** Key in canonical JSON. */
  readonly name: string;
  /** Enclosing group / sequence node id; 0 for the message itself. */
  readonly parent: number;
  readonly intType?: IntegerType;
  /** Child node ids in canonical key order (groups and sequences), excluding lengths. */
  readonly children: readonly number[];
  /** Dropped by the program (fid '-'): never written, left out of canonical output. */
  readonly dropped: boolean;
}

export interface TemplateMeta {
  readonly name: string;
  readonly tid: number;
  /** Top-level node ids in canonical key order. */
  readonly children: readonly number[];
  /** Indexed by field id. */
  readonly nodes: readonly (NodeMeta | undefined)[];
}

export type ProgramMeta = ReadonlyMap<number, TemplateMeta>;
