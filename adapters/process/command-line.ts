/**
 * Splits a command line into argv without a shell: whitespace separates words; single quotes
 * keep everything literally; double quotes keep whitespace and honour \" and \\; a backslash
 * outside quotes escapes the next character. No globbing, variables or redirections: the
 * vendor program is spawned directly, so nothing here is interpreted twice.
 */
export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i]!;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new CommandLineError('command line ends with a lone backslash');
      word += line[++i]!;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new CommandLineError(`unterminated ${quote} quote in command line`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new CommandLineError('empty command line');
  return words;
}
