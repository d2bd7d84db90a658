import { execFileSync } from 'node:child_process';

/** The words a POSIX shell makes of `line` (quotes, escapes), split by sh itself: a printed line "as pasted". */
export function shellWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${line}\nfor a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** `A=1 B=2 cmd args` -> the leading assignments and the command words. */
export function splitAssignments(words: readonly string[]): { env: Record<string, string>; argv: string[] } {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  return { env, argv: words.slice(i) };
}
