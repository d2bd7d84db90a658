/**
 * Printed commands that run as pasted into a POSIX shell: every value is one shell word, and a
 * value that starts with '-' (a negative seed) is joined with '=' so the option parser does not
 * take it for an option.
 */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `s` as one shell word: as it is when nothing in it is special, else single-quoted. */
export function shellWord(s: string): string {
  if (s !== '' && SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `--name value`, or `--name=value` when the value starts with '-'. */
export function option(name: string, value: string | number): string {
  const v = String(value);
  return v.startsWith('-') ? `--${name}=${shellWord(v)}` : `--${name} ${shellWord(v)}`;
}
