import type { Side } from './order.ts';

/**
 * Jasper §5.2: with mid price M and action window A, a bid is critical iff price >= M - A and
 * an ask iff price <= M + A. Critical orders are the ones that may trade on arrival.
 */
export function isCritical(side: Side, price: number, mid: number, window: number): boolean {
  return side === 'bid' ? price >= mid - window : price <= mid + window;
}
