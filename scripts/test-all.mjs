#!/usr/bin/env node
// `npm test`: typecheck, vitest, cucumber — every runner, one verdict, and the closing line
// "N passed, N failed" (totals across runners) that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('reports', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function step(name, cmd, args, env = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  return { code: r.status ?? 1, secs };
}

// 1. Typecheck: one check.
{
  const { code, secs } = step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  if (code === 0) totals.passed++; else totals.failed++;
  lines.push(`typecheck: ${code === 0 ? 'passed' : 'FAILED'} (${secs} s)`);
}

// 1b. Build: dist/ as the package ships it (bin/fairwire.js, the pack-and-install test and the
// documentation tests run it); skipped when dist/ is already a build of these sources.
{
  const { code, secs } = step('build', 'node', ['scripts/build.mjs', '--if-stale']);
  if (code === 0) totals.passed++; else totals.failed++;
  lines.push(`build: ${code === 0 ? 'passed' : 'FAILED'} (${secs} s)`);
}

// 2. vitest: counts from its JSON report.
{
  const out = 'reports/vitest.json';
  rmSync(out, { force: true });
  const { code, secs } = step('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += j.numPassedTests;
    // A file that failed to load has no failing test of its own: count it once.
    const brokenFiles = (j.testResults ?? []).filter((t) => t.status === 'failed' && !(t.assertionResults ?? []).some((a) => a.status === 'failed')).length;
    totals.failed += j.numFailedTests + brokenFiles;
    totals.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    lines.push(`vitest: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numFailedTestSuites ?? 0} failed files (${secs} s)`);
  } else {
    totals.failed++;
    lines.push(`vitest: no report (exit ${code})`);
  }
}

// 3. cucumber: scenarios from its JSON formatter.
{
  const out = 'reports/cucumber.json';
  rmSync(out, { force: true });
  const { code, secs } = step('cucumber', 'npx', ['cucumber-js'], { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim() });
  let p = 0, f = 0;
  if (existsSync(out)) {
    for (const feature of JSON.parse(readFileSync(out, 'utf8'))) {
      for (const sc of feature.elements ?? []) {
        if (sc.type !== 'scenario') continue;
        const ok = (sc.steps ?? []).every((s) => s.result?.status === 'passed');
        if (ok) p++; else f++;
      }
    }
  }
  if (code !== 0 && f === 0) f = 1;
  totals.passed += p;
  totals.failed += f;
  lines.push(`cucumber: ${p} scenarios passed, ${f} failed (${secs} s)`);
}

process.stdout.write(`\n${lines.join('\n')}\n`);
// The last line is exactly "N passed, N failed" (CI reads it); skips are said just before it.
if (totals.skipped) process.stdout.write(`skipped (not counted as passed): ${totals.skipped}\n`);
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exitCode = totals.failed > 0 ? 1 : 0;
