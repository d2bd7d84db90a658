export { SequencerError, checkParticipant, checkTimestamp, type SequencerErrorCode } from './errors.ts';
export { RingFifo } from './ring-fifo.ts';
export { WinnerTree } from './winner-tree.ts';
export { LoserTree } from './loser-tree.ts';
export { JasperSequencer, type JasperOptions, type ReleaseFn } from './jasper.ts';
export { CloudExSequencer } from './cloudex.ts';
export { SequencerTree, type TreeShape } from './tree.ts';
