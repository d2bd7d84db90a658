import { UsageError } from '../command.ts';

/** `--join GROUP:PORT` (a multicast group, dotted quad, and a UDP port). */
export function parseJoin(s: string): { group: string; port: number } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}):(\d{1,5})$/.exec(s);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 65535) throw new UsageError(`--join expects GROUP:PORT, got '${s}'`);
  const first = Number(m[1]);
  if (first < 224 || first > 239) throw new UsageError(`--join: ${m.slice(1, 5).join('.')} is not a multicast group`);
  return { group: m.slice(1, 5).map(Number).join('.'), port: Number(m[5]) };
}
