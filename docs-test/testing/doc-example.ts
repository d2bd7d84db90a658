/** One documented command, where it is written and what the doc says it does. */
export interface DocExample {
  /** Where it is documented: a repo-relative file, or `fairwire <command> --help`. */
  readonly source: string;
  /** 1-based line of the command's first line in `source`. */
  readonly line: number;
  /** The command as written (continuation lines joined), without its trailing comment. */
  readonly command: string;
  /** The trailing `# ...` comment ('' when none). */
  readonly comment: string;
  /** The exit code the doc promises: `exit N` in the trailing comment, else 0. */
  readonly expectedExit: number;
  /**
   * Examples of one fenced block (or one help text, one table row) share a scratch directory and
   * run in order, so a later line may read what an earlier one wrote (`net synth` then `net inspect`).
   */
  readonly group: string;
  /** Output the doc shows for it: the unlabelled fenced block right after a one-command block. */
  readonly shownOutput?: { readonly line: number; readonly lines: readonly string[] };
  /** Shell lines earlier in the block that only assign variables (`B="..."`), run before it. */
  readonly preamble: readonly string[];
}

/** The `exit N` convention: a trailing comment naming the exit code, e.g. `# a fault: exit 3`. */
export function expectedExitOf(comment: string): number {
  const m = /\bexit (\d+)\b/.exec(comment);
  return m ? Number(m[1]) : 0;
}
