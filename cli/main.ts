import { pathToFileURL } from 'node:url';
import { CommandFailure, EXIT, UsageError, type Command, type CommandEntry, type CommandIo } from './command.ts';
import { commands as table } from './commands/index.ts';

const BANNER = `fairwire — prove trading infrastructure correct and fair

Usage: fairwire <command> [options]      fairwire <command> --help      fairwire help <command>

Commands:`;

function listing(entries: readonly CommandEntry[], indent = '  '): string {
  const width = Math.max(...entries.map((c) => c.path.join(' ').length), 8);
  return entries.map((c) => `${indent}${c.path.join(' ').padEnd(width)}  ${c.summary}`).join('\n');
}

function overview(commands: readonly CommandEntry[]): string {
  return `${BANNER}\n${listing(commands)}\n\nStart with: fairwire conform --component fast\n`;
}

/** The subcommands of a group word (`net`, `fpga`, ...): the commands whose path starts with it. */
function groupOf(word: string, commands: readonly CommandEntry[]): CommandEntry[] {
  return commands.filter((c) => c.path.length > 1 && c.path[0] === word);
}

function groupHelp(word: string, members: readonly CommandEntry[]): string {
  return `Usage: fairwire ${word} <subcommand> [options]      fairwire ${word} <subcommand> --help\n\nSubcommands:\n${listing(members)}\n`;
}

/** Longest command path that prefixes argv. */
function resolve(argv: readonly string[], commands: readonly CommandEntry[]): { entry: CommandEntry; rest: string[] } | undefined {
  let best: CommandEntry | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { entry: best, rest: argv.slice(best.path.length) } : undefined;
}

/** --help / -h among the command's own arguments (not after `--`, where it would be an operand). */
function asksHelp(rest: readonly string[]): boolean {
  const end = rest.indexOf('--');
  return (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

const isHelp = (a: string | undefined): boolean => a === '--help' || a === '-h';

/**
 * Runs `fairwire ARGV`; returns the exit code (never calls process.exit). `commands` is the table
 * to dispatch on (tests pass their own).
 */
export async function main(argv: string[], io: CommandIo = process, commands: readonly CommandEntry[] = table): Promise<number> {
  if (argv.length === 0 || isHelp(argv[0]) || (argv.length === 1 && argv[0] === 'help')) {
    io.stdout.write(overview(commands));
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  // `fairwire help conform` is `fairwire conform --help`.
  if (argv[0] === 'help') return main([...argv.slice(1), '--help'], io, commands);
  const found = resolve(argv, commands);
  if (!found) {
    const members = groupOf(argv[0]!, commands);
    if (members.length === 0) {
      io.stderr.write(`fairwire: unknown command '${argv[0]}'\n\n${overview(commands)}`);
      return EXIT.usage;
    }
    // A group word: alone or with --help it lists its subcommands; anything else is not one of them.
    if (isHelp(argv[1])) {
      io.stdout.write(groupHelp(argv[0]!, members));
      return EXIT.ok;
    }
    const problem = argv.length === 1 ? `a subcommand is required` : `unknown subcommand '${argv[1]}'`;
    io.stderr.write(`fairwire ${argv[0]}: ${problem}\n\n${groupHelp(argv[0]!, members)}`);
    return EXIT.usage;
  }
  const { entry, rest } = found;
  const name = `fairwire ${entry.path.join(' ')}`;
  let command: Command;
  try {
    command = await entry.load();
  } catch (err) {
    // The command's module did not load: a broken installation or build, never the user's input.
    io.stderr.write(`${name}: internal error: cannot load the command: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.usage;
  }
  if (asksHelp(rest)) {
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
      io.stderr.write(`${name}: ${err.message}\n(see: ${name} --help)\n`);
      return EXIT.usage;
    }
    // Any other error is a bug in fairwire itself: say so plainly, with the stack.
    io.stderr.write(`${name}: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.usage;
  }
}

// Run directly (node dist/cli/main.js, tsx cli/main.ts); bin/fairwire.js imports main() instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
