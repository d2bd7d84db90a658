import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, type Command, type CommandEntry } from './command.ts';
import { runCli } from './commands/testing/run-cli.ts';
import { main } from './main.ts';
import { PassThrough } from 'node:stream';

/** A table of fake commands, so that dispatch is tested without running real ones. */
function fake(path: string, run: Command['run'] = async () => EXIT.ok): CommandEntry & { loads: number } {
  const words = path.split(' ');
  const entry = {
    path: words,
    summary: `the ${path} command`,
    loads: 0,
    load: async (): Promise<Command> => {
      entry.loads++;
      return { path: words, summary: `the ${path} command`, help: `fairwire ${path} — help text\n`, run };
    },
  };
  return entry;
}

async function dispatch(argv: string[], table: readonly CommandEntry[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough() }, table);
  return { code, out, err };
}

describe('fairwire dispatch', () => {
  it('lists every command without importing any of them', async () => {
    const table = [fake('one'), fake('grp a'), fake('grp b')];
    const r = await dispatch(['--help'], table);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/one\s+the one command/);
    expect(r.out).toMatch(/grp b\s+the grp b command/);
    expect(table.map((c) => c.loads)).toEqual([0, 0, 0]);
    expect((await dispatch([], table)).code).toBe(EXIT.usage);
  });

  it('imports only the command that runs, and passes it the rest of argv', async () => {
    let got: string[] = [];
    const table = [fake('one', async (argv) => ((got = argv), 7)), fake('grp a')];
    expect((await dispatch(['one', '--x', '1'], table)).code).toBe(7);
    expect(got).toEqual(['--x', '1']);
    expect(table.map((c) => c.loads)).toEqual([1, 0]);
  });

  it('`help X` is `X --help`; --help after -- is an operand', async () => {
    let ran = 0;
    const table = [fake('grp a', async () => (ran++, EXIT.ok))];
    for (const argv of [['help', 'grp', 'a'], ['grp', 'a', '--help'], ['grp', 'a', '-h']]) {
      const r = await dispatch(argv, table);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toBe('fairwire grp a — help text\n');
    }
    expect(ran).toBe(0);
    expect((await dispatch(['grp', 'a', '--', '--help'], table)).code).toBe(EXIT.ok);
    expect(ran).toBe(1);
    const unknown = await dispatch(['help', 'nope'], table);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toContain(`unknown command 'nope'`);
  });

  it('a group word lists its subcommands: exit 0 with --help, 2 alone or with an unknown subcommand', async () => {
    const table = [fake('one'), fake('grp a'), fake('grp b')];
    const help = await dispatch(['grp', '--help'], table);
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toMatch(/Subcommands:\n\s+grp a\s+the grp a command\n\s+grp b\s+the grp b command\n/);
    expect(help.out).not.toContain('one');
    expect((await dispatch(['help', 'grp'], table)).code).toBe(EXIT.ok);
    const alone = await dispatch(['grp'], table);
    expect(alone.code).toBe(EXIT.usage);
    expect(alone.err).toContain('fairwire grp: a subcommand is required');
    expect(alone.err).toContain('grp b');
    const bogus = await dispatch(['grp', 'bogus'], table);
    expect(bogus.code).toBe(EXIT.usage);
    expect(bogus.err).toContain(`fairwire grp: unknown subcommand 'bogus'`);
    expect(bogus.err).toContain('grp a');
  });

  it('a usage error prints the command name and a pointer to its --help (exit 2)', async () => {
    const table = [fake('grp a', async () => {
      throw new UsageError('--runs must be a positive integer');
    })];
    const r = await dispatch(['grp', 'a', '--runs', '-1'], table);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe('fairwire grp a: --runs must be a positive integer\n(see: fairwire grp a --help)\n');
  });
});

it('a command whose module does not load is an internal error naming it, not a crash', async () => {
  const table: CommandEntry[] = [{ path: ['broken'], summary: 'x', load: () => Promise.reject(new SyntaxError('Unexpected token')) }];
  const r = await dispatch(['broken'], table);
  expect(r.code).toBe(EXIT.usage);
  expect(r.err).toMatch(/^fairwire broken: internal error: cannot load the command: SyntaxError: Unexpected token/);
});

describe('the real command table', () => {
  it('every group of the README lists its subcommands', async () => {
    for (const group of ['net', 'fpga', 'fuzz', 'simulate']) {
      const r = await runCli([group, '--help']);
      expect(r.code, group).toBe(EXIT.ok);
      expect(r.out, group).toContain(`Subcommands:\n  ${group} `);
      expect((await runCli([group])).code, group).toBe(EXIT.usage);
    }
    const bogus = await runCli(['net', 'bogus']);
    expect(bogus.code).toBe(EXIT.usage);
    expect(bogus.err).toMatch(/unknown subcommand 'bogus'[\s\S]*net synth[\s\S]*net inspect/);
  });

  it('`fairwire help conform` is `fairwire conform --help`', async () => {
    const a = await runCli(['help', 'conform']);
    const b = await runCli(['conform', '--help']);
    expect(a.code).toBe(EXIT.ok);
    expect(a.out).toBe(b.out);
    expect(a.out).toContain('--adapter');
  });
});
