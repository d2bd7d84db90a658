import fc from 'fast-check';
import type { InboundCapabilities, InboundRole } from '../../adapters/inbound.ts';
import { inboundRolesOf } from '../../adapters/inbound.ts';

/**
 * The network around an inbound case, in units of a time quantum U (ns) the case picks: link
 * delays, uplink serialization per order (so bursts build backlogs), credits per uplink,
 * heartbeat period, clock error ε, and which of the subject's roles it fills (the reference
 * fills the rest; a subject with several roles also gets trees where only one is its own).
 */
export interface InboundNet {
  readonly seed: number;
  /** Roles the subject's nodes take in this case (non-empty, among those it declares). */
  readonly subjectRoles: readonly InboundRole[];
  readonly epsilonNs: number;
  /** Scripted: the k-th message of the run takes delays[k mod length] quanta. */
  readonly delays: readonly number[];
  /** The k-th order a gateway / proxy sends takes list[k mod length] quanta of its uplink. */
  readonly gatewayUplink: readonly number[];
  readonly proxyUplink: readonly number[];
  readonly gatewayCredits: number;
  readonly proxyCredits: number;
  /** Heartbeat period in quanta. */
  readonly heartbeat: number;
}

/**
 * What it can generate: ε 0..200 ns, delays 0..12 quanta (a pool of 1..6, per-link FIFO kept by
 * the harness), uplinks 0..12 quanta per order (zeros: no backlog; large: bursts queue), 1..3
 * credits, heartbeat periods of 1..8 quanta. What it cannot: lossy links, drifting clocks,
 * per-node uplink speeds, credits above 3.
 */
export function inboundNetArb(caps: InboundCapabilities): fc.Arbitrary<InboundNet> {
  const roles = inboundRolesOf(caps);
  return fc.record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    subjectRoles: fc.subarray(roles, { minLength: Math.min(1, roles.length) }),
    epsilonNs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200 })),
    delays: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }),
    gatewayUplink: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 6 }),
    proxyUplink: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 4 }),
    gatewayCredits: fc.integer({ min: 1, max: 3 }),
    proxyCredits: fc.integer({ min: 1, max: 3 }),
    heartbeat: fc.integer({ min: 1, max: 8 }),
  });
}
