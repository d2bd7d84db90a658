/**
 * Figures a property measures on the cases of a run (Property.measure): integer samples per
 * named figure, aggregated per property into count, sum, min, max and an exact histogram (every
 * distinct value with its count), from which p50/p90/p99 are nearest-rank. Everything is exact
 * (bigint inside), so the figures of the shards of a run add up to the unsharded run's: counts
 * and sums add, min/max fold, histograms add (mergeFigures).
 */

/** One sample: an integer (a safe-integer number, or a bigint). */
export type FigureValue = number | bigint;

/** What a figure is: shown with its unit; a `share` has 0/1 samples and reads as sum/count. */
export interface FigureSpec {
  readonly title: string;
  readonly unit: string;
  readonly share?: true;
}

export type FigureSpecs = Readonly<Record<string, FigureSpec>>;

/** What measure returns for one case: per figure name, no sample, one, or several. */
export type CaseFigures = Readonly<Record<string, FigureValue | readonly FigureValue[] | undefined>>;

/** An integer in JSON: a number when it is a safe integer, else its decimal string. */
export type JsonInteger = number | string;

/** One figure over a property's measured cases (spec/report.schema.json `figure`). */
export interface FigureSummary {
  readonly title: string;
  readonly unit: string;
  readonly share?: true;
  /** Samples (a case may give several, e.g. one a message). */
  readonly count: number;
  readonly sum: JsonInteger;
  readonly min: JsonInteger;
  readonly max: JsonInteger;
  readonly p50: JsonInteger;
  readonly p90: JsonInteger;
  readonly p99: JsonInteger;
  /** Every distinct sample value with how often it occurred, ascending by value. */
  readonly histogram: readonly (readonly [JsonInteger, number])[];
}

export interface Figures {
  /** Passing cases of the run that were measured. */
  readonly cases: number;
  /** Cases whose measure threw or returned what is not an integer of a declared figure (a fairwire bug; the verdict stands). */
  readonly errors?: number;
  /** The first such error. */
  readonly error?: string;
  /** By figure name, in name order. */
  readonly values: Readonly<Record<string, FigureSummary>>;
}

const toJson = (v: bigint): JsonInteger => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());
const fromJson = (v: JsonInteger): bigint => BigInt(v);

/** Nearest-rank p-th percentile of a histogram (ascending [value, count]) holding n samples. */
function percentile(sorted: readonly (readonly [bigint, number])[], n: number, p: number): bigint {
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  let seen = 0;
  for (const [v, c] of sorted) {
    seen += c;
    if (seen >= rank) return v;
  }
  return sorted[sorted.length - 1]![0];
}

/** A figure's samples, exact. */
class Histogram {
  readonly counts = new Map<bigint, number>();
  n = 0;
  sum = 0n;

  add(v: bigint, times = 1): void {
    this.counts.set(v, (this.counts.get(v) ?? 0) + times);
    this.n += times;
    this.sum += v * BigInt(times);
  }

  summary(spec: FigureSpec): FigureSummary {
    const sorted = [...this.counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return {
      title: spec.title,
      unit: spec.unit,
      ...(spec.share ? { share: true as const } : {}),
      count: this.n,
      sum: toJson(this.sum),
      min: toJson(sorted[0]![0]),
      max: toJson(sorted[sorted.length - 1]![0]),
      p50: toJson(percentile(sorted, this.n, 50)),
      p90: toJson(percentile(sorted, this.n, 90)),
      p99: toJson(percentile(sorted, this.n, 99)),
      histogram: sorted.map(([v, c]) => [toJson(v), c] as const),
    };
  }
}

/** Collects one property's figures over the passing cases of its run. */
export class FigureAccumulator {
  private readonly hist = new Map<string, Histogram>();
  private cases = 0;
  private errors = 0;
  private error: string | undefined;

  constructor(private readonly specs: FigureSpecs) {}

  /** Measures one passing case; a measure that throws is counted as an error, never a verdict. */
  record(measure: () => CaseFigures): void {
    let got: CaseFigures;
    try {
      got = measure();
      // Validate the whole case first: a case is measured entirely or not at all.
      const samples: [string, bigint][] = [];
      for (const [name, v] of Object.entries(got)) {
        if (v === undefined) continue;
        if (!Object.hasOwn(this.specs, name)) throw new Error(`figure '${name}' is not declared in the property's figures`);
        for (const x of Array.isArray(v) ? (v as readonly FigureValue[]) : [v as FigureValue]) {
          if (typeof x === 'bigint') samples.push([name, x]);
          else if (typeof x === 'number' && Number.isSafeInteger(x)) samples.push([name, BigInt(x)]);
          else throw new Error(`figure '${name}': ${String(x)} is not an integer`);
          if (this.specs[name]!.share && x !== 0 && x !== 1 && x !== 0n && x !== 1n) throw new Error(`figure '${name}' is a share: ${String(x)} is not 0 or 1`);
        }
      }
      for (const [name, x] of samples) {
        let h = this.hist.get(name);
        if (!h) this.hist.set(name, (h = new Histogram()));
        h.add(x);
      }
      this.cases++;
    } catch (err) {
      this.errors++;
      this.error ??= `measure threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    }
  }

  /** The figures, or undefined when no case was measured and no measure failed. */
  result(): Figures | undefined {
    if (this.cases === 0 && this.errors === 0) return undefined;
    const values: Record<string, FigureSummary> = {};
    for (const name of [...this.hist.keys()].sort()) values[name] = this.hist.get(name)!.summary(this.specs[name]!);
    return { cases: this.cases, ...(this.errors > 0 ? { errors: this.errors, error: this.error! } : {}), values };
  }
}

/** The figures of the parts of one property's run (shards) as one: exact, order-independent but for `error` (the first part's). */
export function mergeFigures(parts: readonly (Figures | undefined)[]): Figures | undefined {
  const present = parts.filter((f): f is Figures => f !== undefined);
  if (present.length === 0) return undefined;
  const hist = new Map<string, { spec: FigureSpec; h: Histogram }>();
  let cases = 0;
  let errors = 0;
  let error: string | undefined;
  for (const f of present) {
    cases += f.cases;
    errors += f.errors ?? 0;
    error ??= f.error;
    for (const [name, s] of Object.entries(f.values)) {
      let e = hist.get(name);
      if (!e) hist.set(name, (e = { spec: { title: s.title, unit: s.unit, ...(s.share ? { share: true as const } : {}) }, h: new Histogram() }));
      for (const [v, c] of s.histogram) e.h.add(fromJson(v), c);
    }
  }
  const values: Record<string, FigureSummary> = {};
  for (const name of [...hist.keys()].sort()) values[name] = hist.get(name)!.h.summary(hist.get(name)!.spec);
  return { cases, ...(errors > 0 ? { errors, error: error ?? 'measure failed' } : {}), values };
}

/** A figure value as text with its unit: a share as "sum/count (percent)", else "value unit". */
export function figureText(s: FigureSummary, v: JsonInteger): string {
  return `${String(v)} ${s.unit}`;
}

/** A share figure as text: how many of how many samples, with the exact-enough percentage. */
export function shareText(s: FigureSummary): string {
  const sum = fromJson(s.sum);
  const pct = s.count === 0 ? 0 : Number((sum * 10000n) / BigInt(s.count)) / 100;
  return `${String(s.sum)}/${s.count} ${s.unit} (${pct}%)`;
}
