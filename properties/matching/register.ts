import { registerComponent } from '../components.ts';
import type { MatchingAdapter } from '../../adapters/matching.ts';
import { referenceMatchingAdapter } from '../../adapters/reference/matching.ts';
import { matchingCatalog } from './catalog.ts';
import { matchingMutants } from '../../adapters/mutants/matching-all.ts';

registerComponent<MatchingAdapter>({
  component: 'matching',
  title: 'price-time priority matching engine (order book, STP, market data)',
  catalog: matchingCatalog,
  reference: referenceMatchingAdapter,
  mutants: matchingMutants,
});
