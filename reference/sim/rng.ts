/**
 * The simulator's seeded PRNG: xoshiro128** (Blackman & Vigna) over four uint32 words, seeded
 * through splitmix32 so that nearby seeds give unrelated streams. Every random choice of a run
 * flows from one seed; `fork(stream)` derives an independent generator per concern (latency,
 * clocks, loss), so turning one model on does not shift another model's draws.
 */
import { requireInt } from './errors.ts';

const TWO_POW_32 = 4294967296;

/** splitmix32 step: a well-mixed uint32 from a uint32 state. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A stateless hash of two uint32 words to a uint32 (per-key draws that do not depend on call order). */
export function hash32(a: number, b: number): number {
  return mix32(mix32(a >>> 0) ^ Math.imul(b >>> 0, 0x27d4eb2d));
}

export class Rng {
  /**
   * The four state words, as int32 bits in a typed array: as object fields, full 32-bit values
   * do not fit V8's small integers and every draw would read and write boxed doubles.
   */
  private readonly s = new Int32Array(4);
  /** Box–Muller makes normals in pairs; the second waits here. */
  private spare = 0;
  private hasSpare = false;

  /** `seed`: any integer in [0, 2^53); the high and low halves both feed the state. */
  constructor(readonly seed: number) {
    requireInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const s0 = mix32(lo ^ 0x1b873593);
    const s1 = mix32(s0 ^ hi);
    const s2 = mix32(s1 ^ 0x68e31da4);
    const s3 = mix32(s2 ^ hi ^ lo);
    this.s[0] = (s0 | s1 | s2 | s3) === 0 ? 1 : s0; // all zero: the one forbidden state
    this.s[1] = s1;
    this.s[2] = s2;
    this.s[3] = s3;
  }

  /** An independent generator for one concern, determined by this seed and `stream`. */
  fork(stream: number): Rng {
    return new Rng((hash32(this.seed >>> 0, stream) * 2097152 + (hash32(Math.floor(this.seed / TWO_POW_32), stream ^ 0x5bd1e995) & 0x1fffff)) % Number.MAX_SAFE_INTEGER);
  }

  /** Next uint32. */
  nextU32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return r;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n), n ≤ 2^32, without modulo bias (rejection). */
  int(n: number): number {
    if (n <= 1) return 0;
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Uniform integer in [lo, hi] (inclusive), |hi − lo| < 2^32. */
  intBetween(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Standard normal (Box–Muller; the pair's second value is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * v;
    this.spare = r * Math.sin(a);
    this.hasSpare = true;
    return r * Math.cos(a);
  }

  /** Lognormal with the given median (e^mu) and shape sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.fastNormal());
  }

  /**
   * Standard normal from one 32-bit uniform through the inverse normal CDF (`normalQuantile`):
   * no trigonometry, a log only in the tails. Resolution 2^-32 in probability, so |z| ≤ 6.3.
   */
  fastNormal(): number {
    return normalQuantile((this.nextU32() + 0.5) / TWO_POW_32);
  }
}

/** Inverse standard normal CDF, p in (0, 1): Acklam's rational approximation, relative error < 1.2e-9. */
export function normalQuantile(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6) / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q) / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
}

// Acklam's coefficients for the inverse normal CDF.
const A1 = -3.969683028665376e1, A2 = 2.209460984245205e2, A3 = -2.759285104469687e2;
const A4 = 1.38357751867269e2, A5 = -3.066479806614716e1, A6 = 2.506628277459239;
const B1 = -5.447609879822406e1, B2 = 1.615858368580409e2, B3 = -1.556989798598866e2;
const B4 = 6.680131188771972e1, B5 = -1.328068155288572e1;
const C1 = -7.784894002430293e-3, C2 = -3.223964580411365e-1, C3 = -2.400758277161838;
const C4 = -2.549732539343734, C5 = 4.374664141464968, C6 = 2.938163982698783;
const D1 = 7.784695709041462e-3, D2 = 3.224671290700398e-1, D3 = 2.445134137142996, D4 = 3.754408661907416;
const P_LOW = 0.02425;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
