import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FastCapabilities, FastVariants } from '../../adapters/fast.ts';
import type { StreamDecodeResult } from '../../reference/fast/canonical.ts';
import type { TemplateSet } from '../../reference/fast/template-model.ts';
import { parseTemplates } from '../../reference/fast/template-parser.ts';
import { makeFuzzCase, referenceDecode, type FuzzCase, type TemplateSource } from '../../properties/fast/fuzz.ts';

/**
 * Case `index` of a fuzz session, ready to judge: the case (null: not encodable under given
 * templates, skipped) and the reference's answer. `set` is absent when the case came from a
 * worker thread (a template set does not cross threads): the judge parses `xml` only when it
 * must name a differing field.
 */
export type MadeCase = Omit<FuzzCase, 'set'> & { readonly set?: TemplateSet };

export interface PreparedCase {
  readonly index: number;
  readonly case: MadeCase | null;
  readonly expected?: StreamDecodeResult;
}

/** What a worker needs to make any case of the session (plain data: it crosses threads). */
export interface CaseRecipe {
  readonly source: { readonly kind: 'given'; readonly xml: string; readonly file?: string } | { readonly kind: 'random'; readonly caps: FastCapabilities };
  readonly seed: number;
  readonly variants?: FastVariants;
}

/** Makes and reference-decodes case `index` (the same wherever it runs: case i depends on (seed, i) only). */
export function prepareCase(source: TemplateSource, recipe: CaseRecipe, index: number): PreparedCase {
  const c = makeFuzzCase(source, recipe.seed, index, recipe.variants);
  if (!c) return { index, case: null };
  return { index, case: c, expected: referenceDecode(c.set, c.bytes, c.reset, recipe.variants) };
}

export function templateSource(recipe: CaseRecipe): TemplateSource {
  const s = recipe.source;
  return s.kind === 'given' ? { kind: 'given', xml: s.xml, set: parseTemplates(s.xml, s.file ? { file: s.file } : {}) } : s;
}

/**
 * The default for --jobs: one case maker per core but the one the subject's host process keeps
 * busy (measured on 2 cores: --jobs 1 made ~10-30% more cases/s than --jobs 2, bench/README.md).
 */
export const defaultJobs = (): number => Math.max(1, availableParallelism() - 1);

const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER = new URL(FROM_SOURCES ? './fast-fuzz-worker.ts' : './fast-fuzz-worker.js', import.meta.url);

/** A worker thread; from the sources it registers tsx first (a worker does not inherit the loader). */
function startWorker(recipe: CaseRecipe): Worker {
  if (!FROM_SOURCES) return new Worker(fileURLToPath(WORKER), { workerData: recipe });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER.href)}); })`;
  return new Worker(boot, { eval: true, workerData: recipe });
}

type WorkerReply = { index: number; prepared: PreparedCase } | { index: number; error: string };

/**
 * The cases of a session, made ahead of the judge: in this thread (jobs 1), or by `jobs` worker
 * threads, case i by worker i mod jobs. Either way `get(i)` resolves to exactly the same case.
 * A worker that fails or dies rejects every case it owed: a case is never silently dropped.
 */
export class FuzzCases {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (p: PreparedCase) => void; reject: (e: Error) => void }>();
  private readonly local: TemplateSource | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly recipe: CaseRecipe,
    readonly jobs: number,
    given?: TemplateSource,
  ) {
    if (jobs <= 1) {
      this.local = given ?? templateSource(recipe);
      return;
    }
    for (let k = 0; k < jobs; k++) {
      const w = startWorker(recipe);
      w.on('message', (m: WorkerReply) => {
        const p = this.waiting.get(m.index);
        if (!p) return;
        this.waiting.delete(m.index);
        if ('error' in m) p.reject(new Error(`fuzz case ${m.index}: ${m.error}`));
        else p.resolve(m.prepared);
      });
      const fail = (err: Error): void => {
        this.failure ??= err;
        for (const [index, p] of this.waiting) if (index % jobs === k) {
          this.waiting.delete(index);
          p.reject(err);
        }
      };
      w.on('error', (err) => fail(new Error(`fuzz case worker ${k} failed: ${err.message}`)));
      w.on('exit', (code) => fail(new Error(`fuzz case worker ${k} exited (${code})`)));
      w.unref();
      this.workers.push(w);
    }
  }

  /** Case `index`; in jobs mode, asked of its worker at once (call it ahead to keep the workers busy). */
  get(index: number): Promise<PreparedCase> {
    if (this.local) {
      try {
        return Promise.resolve(prepareCase(this.local, this.recipe, index));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<PreparedCase>((resolve, reject) => {
      this.waiting.set(index, { resolve, reject });
      this.workers[index % this.jobs]!.postMessage(index);
    });
  }

  close(): void {
    this.failure ??= new Error('fuzz cases closed');
    for (const w of this.workers) {
      w.removeAllListeners('exit');
      void w.terminate();
    }
    this.workers.length = 0;
  }
}
