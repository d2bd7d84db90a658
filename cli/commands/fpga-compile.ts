import { printListing } from '../../reference/fpga/assembler.ts';
import { FpgaCompileError } from '../../reference/fpga/compile-error.ts';
import { compile } from '../../reference/fpga/compiler.ts';
import { JitEngine } from '../../reference/fpga/jit.ts';
import { EXIT, type Command, type CommandIo } from '../command.ts';
import { loadTemplateFile, parseOptions } from './fast-cli-io.ts';

const HELP = `fairwire fpga compile — compile FAST templates to FPGA microcode

Usage: fairwire fpga compile --templates FILE [--jit]

Prints the assembly listing (spec/fpga/microcode.md): the four columns field, field id,
command, jump target, with the dictionary slots, constants and jump table as directives.
With --jit, prints the JavaScript the fast path generates for each template instead.

Options:
  --templates FILE   FAST template XML (required)
  --jit              print the generated JavaScript routines

Exit codes: 0 compiled · 2 usage error, bad templates (static error) or a template the
model cannot compile (the message names the template and field)

Example:
  npx fairwire fpga compile --templates templates.xml
`;

export const fpgaCompileCommand: Command = {
  path: ['fpga', 'compile'],
  summary: 'compile FAST templates to FPGA microcode and print the listing',
  help: HELP,
  async run(argv: string[], io: CommandIo): Promise<number> {
    const { values } = parseOptions(argv, { templates: { type: 'string' }, jit: { type: 'boolean' } }, false);
    let set;
    ({ set } = await loadTemplateFile(values.templates));
    try {
      const { program } = compile(set);
      if (values.jit) {
        const jit = new JitEngine(program);
        for (const [tid, src] of jit.sources) io.stdout.write(`// template id ${tid}: the body of a factory that returns the routine\n${src}\n\n`);
      } else io.stdout.write(printListing(program));
      return EXIT.ok;
    } catch (err) {
      if (err instanceof FpgaCompileError) {
        io.stderr.write(`fairwire fpga compile: ${err.message}\n`);
        return EXIT.usage;
      }
      throw err;
    }
  },
};
