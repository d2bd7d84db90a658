import type { MatchingAdapter } from '../../adapters/matching.ts';
import { defineProperty, type Catalog, type Property } from '../property.ts';
import { matchingFlow, type MatchingFlow } from '../arbitraries/matching-flow.ts';
import { recordHistory } from './history.ts';
import { traceReference } from './reference-trace.ts';
import { explainMatching } from './explain.ts';
import { noteStep } from './step-mismatch.ts';
import {
  checkConserved,
  checkDeadNeverFill,
  checkEquivalence,
  checkFokAllOrNothing,
  checkIocNeverRests,
  checkMakerPrice,
  checkMarketData,
  checkModifyPriority,
  checkNeverCrossed,
  checkNoSelfTrade,
  checkPriorityModel,
  checkRejectNoChange,
  type Checker,
} from './checkers.ts';

/**
 * The matching catalog: every property sends a generated order flow (properties/arbitraries/
 * matching-flow.ts) to the subject, records the run as a history (commands sent, events and
 * reported books received: history.ts), replays the same flow on the reference (reference-
 * trace.ts) and runs one checker over both (checkers.ts). Facts come from the input and the
 * reference, never from the subject's account of itself. A counterexample shrinks to the
 * shortest flow (deleting any one of its commands makes it pass), and the Mismatch names the
 * command that went wrong, its kind and path; `explain` (explain.ts) says it in words.
 */
const C = 'matching';
const historyProperty = (id: string, title: string, requires: Property<MatchingAdapter, MatchingFlow>['requires'], checker: Checker) =>
  defineProperty<MatchingAdapter, MatchingFlow>({
    id: `${C}.${id}`,
    component: C,
    title,
    requires,
    arbitrary: (caps) => matchingFlow(caps),
    check: async (subject, oracle, flow) => {
      const reference = await traceReference(oracle, flow);
      const history = await recordHistory(subject, flow);
      // An anomaly before a fault is the finding; otherwise the fault is.
      checker({ history, reference, capabilities: subject.capabilities });
      if (history.fault) {
        noteStep(history.fault.error, history.fault.index); // for the explanation: the command it died on
        throw history.fault.error;
      }
    },
    // The first command that differs, said in words, and the reference's book before it;
    // built from the flow, the reference and the Mismatch (never the subject). Never throws.
    explain: (flow, error) => {
      try {
        return explainMatching(flow, error);
      } catch {
        return undefined;
      }
    },
  });

export const equivalence = historyProperty('vendor.equivalence', 'same events as the reference after every command, and the same books', [], checkEquivalence);
export const priorityModel = historyProperty('priority.model', 'fills follow price-time priority as the simple sort-every-time model says', [], checkPriorityModel);
export const neverCrossed = historyProperty('book.never-crossed', 'the book the commands and the subject’s events imply never rests crossed; the reported book is well-formed', [], checkNeverCrossed);
export const conserved = historyProperty('quantity.conserved', 'for every order: the commanded quantity = filled + cancelled + expired (its events) + open (the reference)', [], checkConserved);
export const makerPrice = historyProperty('trade.maker-price', 'every trade prints at the price the reference holds its maker at, within the taker’s limit', [], checkMakerPrice);
export const deadNeverFill = historyProperty('lifecycle.dead-never-fill', 'only orders the reference holds open trade; finished orders leave the reported book', [], checkDeadNeverFill);
export const iocNeverRests = historyProperty('tif.ioc-never-rests', 'IOC, FOK and market orders never rest (not reported, never met again as resting)', [], checkIocNeverRests);
export const fokAllOrNothing = historyProperty('tif.fok-all-or-nothing', 'a FOK trades its whole quantity or nothing, and when nothing it changes nothing', ['fok'], checkFokAllOrNothing);
export const rejectNoChange = historyProperty('reject.no-change', 'a bad command gets exactly the reference’s one rejected event and changes nothing', [], checkRejectNoChange);
export const marketDataConsistent = historyProperty('md.consistent', 'level and bbo updates rebuild the reference book’s aggregates after every command', ['marketData'], checkMarketData);
export const noSelfTrade = historyProperty('stp.no-self-trade', 'with the taker’s STP on, an account (from the commands) never trades with itself', ['stp'], checkNoSelfTrade);
export const modifyPriority = historyProperty('modify.priority', 'a size decrease keeps queue position; a price change or size increase goes to the back', ['modify'], checkModifyPriority);

export const matchingCatalog: Catalog<MatchingAdapter> = [
  equivalence,
  priorityModel,
  neverCrossed,
  conserved,
  makerPrice,
  deadNeverFill,
  iocNeverRests,
  fokAllOrNothing,
  rejectNoChange,
  marketDataConsistent,
  noSelfTrade,
  modifyPriority,
];
