import { renameSync, writeFileSync } from 'node:fs';

/** Writes beside the target and renames, so an interrupted run never leaves half a file. */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
