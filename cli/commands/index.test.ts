import { describe, expect, it } from 'vitest';
import { commands } from './index.ts';

describe('command table (cli/commands/index.ts)', () => {
  it('each row names the module it loads: the same path and summary as the command itself', async () => {
    const seen = new Set<string>();
    for (const entry of commands) {
      const key = entry.path.join(' ');
      expect(seen.has(key), `${key} listed twice`).toBe(false);
      seen.add(key);
      const command = await entry.load();
      expect(command.path, key).toEqual(entry.path);
      expect(command.summary, key).toBe(entry.summary);
      expect(command.help.length, key).toBeGreaterThan(0);
    }
    expect(commands.length).toBeGreaterThanOrEqual(15);
  });
});
