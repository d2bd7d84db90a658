import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.ts';
import type { Mutant } from '../adapters/mutants/registry.ts';
import { allComponents } from './catalogs.ts';
import type { ComponentEntry } from './components.ts';
import {
  boundedRuns,
  cellOf,
  killMatrix,
  matrixMarkdown,
  matrixProblems,
  matrixText,
  propertyKills,
  type KillMatrix,
  type MatrixProblem,
} from './kill-matrix.ts';
import { Mismatch } from './mismatch.ts';
import { defineProperty, type CapabilityKey, type Catalog } from './property.ts';
import type { PropertyResult } from './runner.ts';

// The kill matrix, exhaustive: every mutant × every property of its component at each
// property's default runs (the same cells `npx fairwire kill-matrix` runs). Measured on the
// 2-core VM: the whole matrix (64 mutants × 46 properties) takes ~25 s of CPU once killMatrix skips
// shrinking, so npm test affords it in full and no cell is sampled (`--bounded N` exists for larger
// catalogs). Process mutants are bounded by their own bugs — a crash, a hang (1.5 s timeout),
// garbage — at requests 150-300, before their properties' 100 runs end.
const SEED = Number(process.env.FAIRWIRE_SEED ?? 20261121);
const seedNote = `(seed ${SEED}; rerun: FAIRWIRE_SEED=${SEED} npx vitest run properties/kill-matrix.test.ts, or npx fairwire kill-matrix --seed ${SEED})`;
const show = (ps: readonly MatrixProblem[]) => ps.map((p) => `${p.kind}: ${p.subject ?? ''} × ${p.property ?? ''}: ${p.detail}`);

for (const entry of allComponents()) {
  describe(`kill matrix: ${entry.component}`, () => {
    let matrix: KillMatrix;
    let problems: MatrixProblem[];
    beforeAll(async () => {
      matrix = await killMatrix([entry], { seed: SEED });
      problems = matrixProblems(matrix);
    }, 600_000);

    it('the reference passes every property (expected failures fail as documented) and skips none', () => {
      expect(show(problems.filter((p) => p.kind === 'reference-skips' || p.kind === 'reference-fails')), seedNote).toEqual([]);
    });
    it('every cell ran all its runs (none not-run, vacuous or short)', () => {
      expect(show(problems.filter((p) => p.kind === 'cell-error')), seedNote).toEqual([]);
    });
    for (const mutant of entry.mutants) {
      it(`${mutant.name} is killed, by each of its stated killers (${(mutant.killedBy ?? []).join(', ')})`, () => {
        expect(mutant.killedBy?.length ?? 0, `${mutant.name} names no killer`).toBeGreaterThan(0);
        const mine = problems.filter((p) => p.subject === mutant.name && p.kind !== 'cell-error');
        expect(show(mine), seedNote).toEqual([]);
      });
    }
    for (const p of entry.catalog) {
      it(`${p.id} kills at least one mutant${p.expectedFailure ? ' (expected failure: exempt)' : ''}`, () => {
        expect(show(problems.filter((x) => x.kind === 'property-kills-nothing' && x.property === p.id)), seedNote).toEqual([]);
      });
    }
    it('prints every cell in the text and markdown forms', () => {
      const text = matrixText(matrix);
      const markdown = matrixMarkdown(matrix);
      for (const m of entry.mutants) {
        expect(text).toContain(m.name);
        expect(markdown).toContain(`\`${m.name}\``);
      }
      // One mark per cell: reference row plus one row per mutant, each as wide as the catalog.
      const rows = markdown.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('| *reference*'));
      expect(rows).toHaveLength(entry.mutants.length + 1);
      for (const r of rows) expect(r.split(' | ').length).toBe(entry.catalog.length + 2);
    });
  });
}

describe('kill matrix: the registry', () => {
  it('mutant names are unique and their killers are properties of their own component', () => {
    const names = allComponents().flatMap((e) => e.mutants.map((m) => m.name));
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    for (const e of allComponents()) {
      for (const m of e.mutants) {
        expect(m.component).toBe(e.component);
        for (const k of m.killedBy ?? []) expect(e.catalog.map((p) => p.id), `${m.name} killedBy ${k}`).toContain(k);
      }
    }
  });
});

// ---- the matrix's own checks, on a toy component whose answers we choose -------------------

// `cube` is a capability the toy reference does not declare.
interface Toy extends Adapter<{ negate: boolean; twice: boolean; cube?: boolean }> {
  negate(x: number): number;
  twice(x: number): number;
}
const toyRef = (): Toy => ({ name: 'reference', component: 'toy', capabilities: { negate: true, twice: true }, negate: (x) => -x, twice: (x) => 2 * x });
const prop = (id: string, requires: CapabilityKey<Toy>[], check: (s: Toy, o: Toy, x: number) => void) =>
  defineProperty<Toy, number>({ id, component: 'toy', title: id, requires, arbitrary: () => fc.integer({ min: 1, max: 1000 }), check });
const negateEq = prop('toy.negate.equivalence', ['negate'], (s, o, x) => {
  if (s.negate(x) !== o.negate(x)) throw new Mismatch(`negate(${x})`, o.negate(x), s.negate(x));
});
const twiceEven = prop('toy.twice.even', ['twice'], (s, _o, x) => {
  if (s.twice(x) % 2 !== 0) throw new Mismatch(`twice(${x}) is odd`, 'even', s.twice(x));
});
const mutant = (name: string, over: Partial<Toy>, killedBy: string[]): Mutant<Toy> => ({ name, component: 'toy', bug: name, killedBy, create: () => ({ ...toyRef(), ...over, name }) });
const toy = (catalog: Catalog<Toy>, mutants: Mutant<Toy>[], reference: () => Toy = toyRef): ComponentEntry =>
  ({ component: 'toy', title: 'toy', catalog, reference, mutants }) as unknown as ComponentEntry;

describe('kill matrix checks', () => {
  it('runs every mutant against every property: a kill does not stop the row', async () => {
    const m = await killMatrix([toy([negateEq, twiceEven], [mutant('both-wrong', { negate: (x) => x, twice: (x) => 2 * x + 1 }, ['toy.negate.equivalence', 'toy.twice.even'])])], { seed: SEED });
    expect(m.components[0]!.mutants[0]!.cells.map((c) => c.verdict), seedNote).toEqual(['killed', 'killed']);
    expect(matrixProblems(m)).toEqual([]);
  });

  // `requires` is typed, so a misspelling no longer compiles; a capability the reference does not
  // declare (an optional key left out, a vendor-only flag) still disables the property at run time.
  it('a property the reference skips (a capability it does not declare) fails the matrix', async () => {
    const misspelled = prop('toy.negate.odd', ['cube'], (s, _o, x) => {
      if (s.negate(x) === x) throw new Mismatch('fixed point');
    });
    const m = await killMatrix([toy([negateEq, misspelled], [mutant('identity', { negate: (x) => x }, ['toy.negate.equivalence'])])], { seed: SEED });
    const kinds = matrixProblems(m).map((p) => `${p.kind} ${p.property ?? ''}`);
    expect(kinds).toContain('reference-skips toy.negate.odd');
    // And it killed nothing: the skip is not read as a kill or a survival.
    expect(kinds).toContain('property-kills-nothing toy.negate.odd');
  });

  it('a stated killer that does not kill, an unknown killer, a surviving mutant and a property without kills all fail', async () => {
    const m = await killMatrix(
      [toy([negateEq, twiceEven], [mutant('odd-twice', { twice: (x) => 2 * x + 1 }, ['toy.negate.equivalence', 'toy.twice.evn']), mutant('harmless', { twice: (x) => x + x }, ['toy.twice.even'])])],
      { seed: SEED },
    );
    const kinds = matrixProblems(m).map((p) => [p.kind, p.subject, p.property].filter(Boolean).join(' '));
    expect(kinds.sort(), seedNote).toEqual(
      [
        'stated-killer-misses odd-twice toy.negate.equivalence',
        'unknown-killer odd-twice toy.twice.evn',
        'mutant-survives harmless',
        'stated-killer-misses harmless toy.twice.even',
        'property-kills-nothing toy.negate.equivalence',
      ].sort(),
    );
  });

  it('a reference that fails a property fails the matrix', async () => {
    const m = await killMatrix([toy([twiceEven], [], () => ({ ...toyRef(), twice: (x) => x }))], { seed: SEED });
    expect(matrixProblems(m).map((p) => p.kind)).toContain('reference-fails');
  });

  it('a mutant lacking a capability is n/a there, not survived, and a skip never kills', async () => {
    const noTwice = mutant('no-twice', { capabilities: { negate: true, twice: false }, negate: (x) => x }, ['toy.negate.equivalence']);
    const m = await killMatrix([toy([negateEq, twiceEven], [noTwice, mutant('odd', { twice: (x) => 2 * x - 1 }, ['toy.twice.even'])])], { seed: SEED });
    expect(m.components[0]!.mutants[0]!.cells.map((c) => c.verdict)).toEqual(['killed', 'n/a']);
    expect(matrixProblems(m)).toEqual([]);
    expect(propertyKills(m).find((p) => p.property === 'toy.twice.even')?.unique).toEqual(['odd']);
  });

  it('a cell whose property did not run is an error, never a survival', () => {
    const base: PropertyResult = { id: 'toy.x', component: 'toy', title: 'x', status: 'passed', runs: 100, runsAsked: 100, seed: 1, durationMs: 1 };
    expect(cellOf(base, 100).verdict).toBe('survived');
    expect(cellOf({ ...base, status: 'not-run', runs: 0 }, 100).verdict).toBe('error');
    expect(cellOf({ ...base, status: 'vacuous' }, 100).verdict).toBe('error');
    expect(cellOf({ ...base, runs: 40 }, 100).verdict).toBe('error');
    expect(cellOf({ ...base, interrupted: true }, 100).verdict).toBe('error');
    expect(cellOf({ ...base, status: 'unexpected-pass' }, 100).verdict).toBe('killed');
    expect(cellOf({ ...base, status: 'expected-failure', runs: 3 }, 100).verdict).toBe('survived');
    expect(cellOf({ ...base, status: 'fault', runs: 7 }, 100).verdict).toBe('killed');
    expect(cellOf({ ...base, status: 'skipped', runs: 0 }, 100).verdict).toBe('n/a');
    // Our mutants are deterministic: a flaky kill is an error of the matrix, never a kill.
    const flaky = cellOf({ ...base, status: 'flaky', tries: { failed: 1, of: 3 }, message: 'sum differs' }, 100);
    expect(flaky.verdict).toBe('error');
    expect(flaky.message).toContain('flaky (1/3)');
    expect(cellOf({ ...base, status: 'something-new' as PropertyResult['status'] }, 100).verdict).toBe('error');
  });

  it('the bounded budget keeps full runs for stated killers and the reference only', () => {
    const runs = boundedRuns(10, 5);
    const m = mutant('m', {}, ['toy.negate.equivalence']);
    expect(runs(negateEq, undefined)).toBeUndefined();
    expect(runs(negateEq, m)).toBeUndefined();
    expect(runs(twiceEven, m)).toBe(10);
    expect(runs(twiceEven, { ...m, name: 'process-m' })).toBe(5);
  });
});
