/**
 * `--straggler` and `--spike` values of `fairwire simulate` (times in µs on the command line,
 * integer ns for the harness; windows are measured from the first send):
 *   --straggler NODE[:EXTRA_US][@START_US-END_US]     e.g. p1.0:100  or  p1.0:100@0-5000
 *   --spike FROM>TO[:EXTRA_US][@START_US-END_US]      e.g. root>p1.0:500@1000-2000
 * Node ids: root, p<layer>.<index> for proxies (p1.0 is the first proxy under the root), r<j> for
 * receivers. Without a window a straggler straggles the whole run and a spike lasts the middle
 * third of the sends.
 */
import type { SpikeSpec, StragglerSpec } from '../../reference/multicast/harness.ts';
import { UsageError } from '../command.ts';

const US_MAX = 1e9; // 1000 s

function us(option: string, what: string, s: string): number {
  const v = Number(s);
  if (s.trim() === '' || !Number.isFinite(v) || v < 0 || v > US_MAX) throw new UsageError(`${option}: ${what} must be microseconds in 0..${US_MAX}, got '${s}'`);
  return Math.round(v * 1000);
}

function window(option: string, s: string | undefined): { startNs: number; endNs: number } | undefined {
  if (s === undefined) return undefined;
  const m = /^([^-]+)-(.+)$/.exec(s);
  if (!m) throw new UsageError(`${option}: the window must be START_US-END_US, got '${s}'`);
  const startNs = us(option, 'START', m[1]!);
  const endNs = us(option, 'END', m[2]!);
  if (endNs < startNs) throw new UsageError(`${option}: the window ends before it starts: '${s}'`);
  return { startNs, endNs };
}

const NODE = /^(root|p\d+\.\d+|r\d+)$/;

function node(option: string, id: string): string {
  if (!NODE.test(id)) throw new UsageError(`${option}: '${id}' is not a node id (root, p<layer>.<index> like p1.0, or r<j> like r7)`);
  return id;
}

export function parseStraggler(s: string): StragglerSpec {
  const m = /^([^:@]+)(?::([^@]+))?(?:@(.+))?$/.exec(s);
  if (!m) throw new UsageError(`--straggler: expected NODE[:EXTRA_US][@START_US-END_US], got '${s}'`);
  const w = window('--straggler', m[3]);
  return { node: node('--straggler', m[1]!), ...(m[2] !== undefined ? { extraNs: us('--straggler', 'EXTRA', m[2]) } : {}), ...w };
}

/** `defaultWindow`: the middle third of the sends, when the value gives none. */
export function parseSpike(s: string, defaultWindow: { startNs: number; endNs: number }): SpikeSpec {
  const m = /^([^>:@]+)>([^:@]+)(?::([^@]+))?(?:@(.+))?$/.exec(s);
  if (!m) throw new UsageError(`--spike: expected FROM>TO[:EXTRA_US][@START_US-END_US], got '${s}'`);
  const w = window('--spike', m[4]) ?? defaultWindow;
  return { from: node('--spike', m[1]!), to: node('--spike', m[2]!), ...(m[3] !== undefined ? { extraNs: us('--spike', 'EXTRA', m[3]) } : {}), ...w };
}

/** The middle third of the send period of `messages` messages `intervalNs` apart. */
export function middleThird(messages: number, intervalNs: number): { startNs: number; endNs: number } {
  const span = Math.max(1, messages) * intervalNs;
  return { startNs: Math.floor(span / 3), endNs: Math.floor((2 * span) / 3) };
}
