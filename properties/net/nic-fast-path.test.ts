import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_NET_CAPABILITIES } from '../../adapters/net.ts';
import { applyCorruption, corruptionArb } from '../arbitraries/net-corrupt.ts';
import { netScenarioArb } from '../arbitraries/net-config.ts';
import { targetedFrameArb } from '../arbitraries/net-frame.ts';
import { buildFrame } from '../../reference/net/build.ts';
import { fold16, sum16Wordwise } from '../../reference/net/checksum.ts';
import { crc32Bitwise, readFcs, writeFcs } from '../../reference/net/crc32.ts';
import { REGION } from '../../reference/net/checksum-kernel.ts';
import { DEFAULT_NIC_CONFIG } from '../../reference/net/nic-config.ts';
import { Nic } from '../../reference/net/nic.ts';

/** fast-check seed for this file's properties: FAIRWIRE_SEED, else a fixed one (fast-check prints it on failure). */
const SEED = Number(process.env['FAIRWIRE_SEED'] ?? 20261207);

/** The NIC with every FCS and checksum computed by the bytewise oracles instead of the wasm kernel. */
class OracleNic extends Nic {
  protected override fcsOk(b: Uint8Array, end: number): boolean {
    return crc32Bitwise(b, 0, end) === readFcs(b, end);
  }

  protected override sumFolded(b: Uint8Array, start: number, end: number, initial: number): number {
    return fold16(sum16Wordwise(b, start, end, initial));
  }
}

describe('Nic fast path (wasm FCS and checksums) against the bytewise oracles', () => {
  it('gives the same verdict, rx details and counters for any frame sequence', () => {
    const caps = ALL_NET_CAPABILITIES;
    const input = fc.noShrink(netScenarioArb(caps)).chain((scenario) =>
      fc.record({
        scenario: fc.constant(scenario),
        frames: fc.array(fc.record({ spec: targetedFrameArb(scenario, caps), corruption: corruptionArb, refixFcs: fc.boolean(), raw: fc.oneof({ arbitrary: fc.constant(null), weight: 7 }, { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
      }),
    );
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(input, ({ scenario, frames }) => {
        const fast = new Nic(scenario.config);
        const oracle = new OracleNic(scenario.config);
        // One receive buffer refilled for every frame, as a capture reader or a ring would.
        const ring = new Uint8Array(16384);
        for (const f of frames) {
          const wire = f.raw ?? applyCorruption(buildFrame(f.spec), f.corruption, scenario.config.fcs);
          // A valid FCS over damaged contents, so that the damage reaches the IP, UDP and IGMP checksums.
          if (f.refixFcs && scenario.config.fcs && wire.length >= 4) writeFcs(wire, wire.length - 4, crc32Bitwise(wire, 0, wire.length - 4));
          const b = wire.length <= ring.length ? ring.subarray(0, wire.length) : wire;
          b.set(wire);
          expect(fast.receive(b)).toEqual(oracle.receive(wire));
          expect(fast.rx).toEqual(oracle.rx);
        }
        expect(fast.counters()).toEqual(oracle.counters());
        for (const p of ['fast', 'slow'] as const) for (const [k, n] of Object.entries(fast.counters()[p])) seen.set(k, (seen.get(k) ?? 0) + n);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The sequences reach every check the kernel takes part in, on both outcomes.
    for (const k of ['deliver', 'bad-fcs', 'bad-ip-checksum', 'bad-udp-checksum', 'bad-igmp-checksum']) expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
  });

  it('frames larger than the kernel region take the JS path with the same verdicts', () => {
    const config = { ...DEFAULT_NIC_CONFIG, fcs: true };
    const big = Uint8Array.from({ length: REGION + 64 }, (_, i) => (i * 2654435761) >>> 24);
    writeFcs(big, big.length - 4, crc32Bitwise(big, 0, big.length - 4));
    const fast = new Nic(config);
    const oracle = new OracleNic(config);
    expect(fast.receive(big)).toEqual(oracle.receive(big));
    big[100]! ^= 1;
    expect(fast.receive(big)).toEqual({ action: 'drop', path: 'slow', reason: 'bad-fcs' });
    expect(oracle.receive(big)).toEqual({ action: 'drop', path: 'slow', reason: 'bad-fcs' });
  });
});
