import type { BookSnapshot, MatchingAdapter, MatchingConfig, MatchingEvent } from '../../adapters/matching.ts';
import type { MatchingFlow } from '../arbitraries/matching-flow.ts';

/**
 * A run as a history, in the style of Jepsen: what was sent to the subject and what came back,
 * nothing else. Checkers (checkers.ts) judge a history against the input and the reference
 * trace (reference-trace.ts); the subject's reported book is recorded only so that it can be
 * compared for equality with the reference's, never read for facts.
 */
export interface HistoryStep {
  readonly index: number;
  readonly command: unknown;
  readonly events: readonly MatchingEvent[];
  /** The books the subject reported after this command (a self-report: compare, never trust). */
  readonly book?: readonly BookSnapshot[];
}

export interface MatchingHistory {
  readonly config: MatchingConfig;
  readonly steps: readonly HistoryStep[];
  /**
   * Set when the subject threw (a crash, a protocol fault) part-way: the steps before it are
   * recorded, so a checker can still name an earlier anomaly before the fault is reported.
   */
  readonly fault?: { readonly index: number; readonly error: unknown };
}

/** Resets the adapter to the flow's config and sends every command, recording each reply. */
export async function recordHistory(adapter: MatchingAdapter, flow: MatchingFlow, { books = true }: { books?: boolean } = {}): Promise<MatchingHistory> {
  const steps: HistoryStep[] = [];
  await adapter.reset(flow.config);
  for (let index = 0; index < flow.commands.length; index++) {
    const command = flow.commands[index];
    try {
      const events = await adapter.apply(command);
      const book = books ? await adapter.snapshot() : undefined;
      steps.push(book ? { index, command, events, book } : { index, command, events });
    } catch (error) {
      return { config: flow.config, steps, fault: { index, error } };
    }
  }
  return { config: flow.config, steps };
}
