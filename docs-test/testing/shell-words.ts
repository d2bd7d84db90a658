/**
 * Just enough of the POSIX shell's word splitting to run a documented command in process: quotes,
 * backslashes, a trailing `# comment`, and whether the line needs a real shell (pipes,
 * redirections, variables, `&&`) instead.
 */

/** Characters outside quotes that only a real shell can give meaning to. */
const SHELL_ONLY = /[|<>;&$`(){}*?~]/;

export interface SplitLine {
  /** The words as the shell passes them to the program (quotes removed). */
  readonly words: string[];
  /** The unquoted `# ...` comment at the end of the line, without the `#` ('' when none). */
  readonly comment: string;
  /** The line without its trailing comment, as written. */
  readonly code: string;
  /** True when an unquoted character only a shell interprets appears (pipe, redirection, `$`...). */
  readonly needsShell: boolean;
}

/** Splits one logical command line. Throws on an unterminated quote (a broken example). */
export function splitShellLine(line: string): SplitLine {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let needsShell = false;
  let i = 0;
  const flush = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated " in: ${line}`);
        const c = line[i]!;
        if (c === '"') break;
        if (c === '$' || c === '`') needsShell = true;
        if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
          continue;
        }
        word += c;
        i++;
      }
      inWord = true;
      i++;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (ch === ' ' || ch === '\t') {
      flush();
      i++;
    } else if (ch === '#' && !inWord) {
      flush();
      return { words, comment: line.slice(i + 1).trim(), code: line.slice(0, i).trimEnd(), needsShell };
    } else {
      if (SHELL_ONLY.test(ch)) needsShell = true;
      word += ch;
      inWord = true;
      i++;
    }
  }
  flush();
  return { words, comment: '', code: line.trimEnd(), needsShell };
}

/** Leading `NAME=value` words (environment assignments), and the words after them. */
export function splitAssignments(words: readonly string[]): { env: Record<string, string>; rest: string[] } {
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i]!);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  return { env, rest: words.slice(i) };
}
