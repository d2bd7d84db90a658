import { CommandFailure, EXIT, UsageError, type Command, type CommandIo } from './command.ts';
import { commands } from './commands/index.ts';

const BANNER = `fairwire — prove trading infrastructure correct and fair

Usage: fairwire <command> [options]      fairwire <command> --help

Commands:`;

function overview(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length), 8);
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `${BANNER}\n${lines.join('\n')}\n\nStart with: fairwire conform --component fast\n`;
}

/** Longest command path that prefixes argv. */
function resolve(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
}

export async function main(argv: string[], io: CommandIo = process): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout.write(overview());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  const found = resolve(argv);
  if (!found) {
    io.stderr.write(`fairwire: unknown command '${argv.join(' ')}'\n\n${overview()}`);
    return EXIT.usage;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CommandFailure) {
      io.stderr.write(err.output.endsWith('\n') ? err.output : `${err.output}\n`);
      return err.exitCode;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`fairwire ${command.path.join(' ')}: ${err.message}\n(see: fairwire ${command.path.join(' ')} --help)\n`);
      return EXIT.usage;
    }
    // Any other error is a bug in fairwire itself: say so plainly, with the stack.
    io.stderr.write(`fairwire ${command.path.join(' ')}: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.usage;
  }
}

// Run directly (npm run fairwire -- ...); bin/fairwire.js imports main() instead.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
