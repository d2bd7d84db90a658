import type { Mutant } from './registry.ts';
import type { MatchingAdapter } from '../matching.ts';
import { arrivalPriorityAfterModifyMutant } from './matching-arrival-priority-after-modify.ts';
import { cancelKeepsOrderMutant } from './matching-cancel-keeps-order.ts';
import { fokPartialFillMutant } from './matching-fok-partial-fill.ts';
import { iocRemainderRestsMutant } from './matching-ioc-remainder-rests.ts';
import { lifoQueueMutant } from './matching-lifo-queue.ts';
import { mdMissesSizeChangeMutant } from './matching-md-misses-size-change.ts';
import { modifyIncreaseKeepsPriorityMutant } from './matching-modify-increase-keeps-priority.ts';
import { stpIgnoredMutant } from './matching-stp-ignored.ts';
import { tradeAtTakerPriceMutant } from './matching-trade-at-taker-price.ts';
import { touchingPriceRestsMutant } from './matching-touching-price-rests.ts';
import { modifyLosesAccountMutant } from './matching-modify-loses-account.ts';
import { iocRemainderHiddenMutant } from './matching-ioc-remainder-hidden.ts';
import { modifyRequeueMisreportedMutant } from './matching-modify-requeue-misreported.ts';
import { repriceIgnoredMutant } from './matching-reprice-ignored.ts';
import { idsInPlainObjectMutant } from './matching-ids-in-plain-object.ts';
import { mdQuantity32BitMutant } from './matching-md-quantity-32-bit.ts';

/** Every matching mutant, one known bug each (the kill matrix requires the catalog to kill all). */
export const matchingMutants: readonly Mutant<MatchingAdapter>[] = [
  arrivalPriorityAfterModifyMutant,
  iocRemainderRestsMutant,
  modifyIncreaseKeepsPriorityMutant,
  tradeAtTakerPriceMutant,
  fokPartialFillMutant,
  stpIgnoredMutant,
  mdMissesSizeChangeMutant,
  cancelKeepsOrderMutant,
  lifoQueueMutant,
  touchingPriceRestsMutant,
  modifyLosesAccountMutant,
  iocRemainderHiddenMutant,
  modifyRequeueMisreportedMutant,
  repriceIgnoredMutant,
  idsInPlainObjectMutant,
  mdQuantity32BitMutant,
];
