/**
 * What an example's output must show beyond its exit code, per kind of command: an example that
 * exits 0 but finds nothing teaches nothing (issue 15: `net inspect --join` on a group that
 * `net synth` never writes). Each check returns a complaint, or undefined when the output is fine.
 */
export interface OutputCheck {
  readonly when: RegExp;
  readonly what: string;
  readonly check: (stdout: string) => string | undefined;
}

function lastJson(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trimEnd().split('\n').at(-1);
  try {
    return line ? (JSON.parse(line) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const OUTPUT_CHECKS: readonly OutputCheck[] = [
  {
    when: /\bnet inspect\b.*--join\b/,
    what: 'a joined group receives something',
    check: (out) => {
      const counters = lastJson(out)?.['counters'] as { fast?: { deliver?: number } } | undefined;
      return (counters?.fast?.deliver ?? 0) > 0 ? undefined : `no frame was delivered to a joined group (counters: ${JSON.stringify(counters)}): the example joins a group the capture does not carry`;
    },
  },
  {
    when: /\b(decode|fpga run)\b(?!.*\|)/,
    what: 'a decode prints messages',
    check: (out) => (/"templateId"|^#?\d+ /m.test(out) ? undefined : 'nothing was decoded'),
  },
];

/** The complaints of every check that applies to `command`. */
export function outputComplaints(command: string, stdout: string): string[] {
  return OUTPUT_CHECKS.filter((c) => c.when.test(command)).flatMap((c) => {
    const why = c.check(stdout);
    return why ? [`${c.what}: ${why}`] : [];
  });
}
