import { execFileSync } from 'node:child_process';

// Leading NAME=value words are split off by the documentation tests' helper (one implementation).
export { splitAssignments } from '../../docs-test/testing/shell-words.ts';

/** The words a POSIX shell makes of `line` (quotes, escapes), split by sh itself: a printed line "as pasted". */
export function shellWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${line}\nfor a in "$@"; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}
