import type { Command, CommandEntry } from '../command.ts';

/*
 * The command table. Adding a command is one line in COMMANDS:
 *
 *   ['report diff', 'what changed between two runs of a vendor', async () => (await import('./report-diff.ts')).reportDiffCommand],
 *
 * - the words after `fairwire` (a two-word path puts the command in a group: `fairwire report`
 *   then lists the group's subcommands), the one-line summary that `fairwire --help` shows (the
 *   same text as the command's own `summary`: index.test.ts checks that), and a loader;
 * - the module is imported only when the command runs or its --help is asked, so keep heavy
 *   imports (vega, fast-check, ajv) out of this file and out of cli/main.ts: `fairwire --help`
 *   must start in well under 0.3 s.
 */
type Row = readonly [path: string, summary: string, load: () => Promise<Command>];

const COMMANDS: readonly Row[] = [
  ['conform', 'run the property catalogs against an implementation (the main job)', async () => (await import('./conform.ts')).conformCommand],
  ['scenarios', 'run the Gherkin scenarios against an implementation, with HTML, JSON and JUnit reports', async () => (await import('./scenarios.ts')).scenariosCommand],
  ['replay', 'rerun one saved counterexample from the corpus', async () => (await import('./replay.ts')).replayCommand],
  ['kill-matrix', 'run every mutant against every property and check the suite can catch every bug', async () => (await import('./kill-matrix.ts')).killMatrixCommand],
  ['match', 'replay NDJSON matching commands through the reference engine, print events', async () => (await import('./match.ts')).matchCommand],
  ['net synth', 'write a seeded synthetic capture: FAST over UDP multicast, ARP, IGMP, VLAN', async () => (await import('./net-synth.ts')).netSynthCommand],
  ['net inspect', 'print each frame of a pcap/pcapng as canonical JSON with checksums and the NIC verdict', async () => (await import('./net-inspect.ts')).netInspectCommand],
  ['fpga compile', 'compile FAST templates to FPGA microcode and print the listing', async () => (await import('./fpga-compile.ts')).fpgaCompileCommand],
  ['fpga run', 'run a FAST stream through the FPGA model, print ring records or messages', async () => (await import('./fpga-run.ts')).fpgaRunCommand],
  ['compare', 'differential decoding of a real capture: every divergence from the reference, with a reproducer', async () => (await import('./compare.ts')).compareCommand],
  ['decode', 'decode a FAST stream to canonical NDJSON', async () => (await import('./decode.ts')).decodeCommand],
  ['encode', 'encode canonical NDJSON messages as a FAST stream', async () => (await import('./encode.ts')).encodeCommand],
  ['fuzz fast', 'fuzz a FAST decoder with damaged streams against the reference', async () => (await import('./fuzz.ts')).fuzzFastCommand],
  ['simulate montecarlo', 'Monte Carlo of proxy hedging (App. C): mean and std of T for depths D and hedging factors H', async () => (await import('./simulate-montecarlo.ts')).simulateMontecarloCommand],
  ['simulate tree', 'run market data through a simulated multicast tree; OML, DWS and P(F) in µs', async () => (await import('./simulate-tree.ts')).simulateTreeCommand],
  ['simulate sweep', 'sweep tree shapes (D, F), hedging H and headroom, calm / straggler / spike', async () => (await import('./simulate-sweep.ts')).simulateSweepCommand],
  ['simulate exchange', 'run the whole exchange end to end; matching rate, latency, inbound and outbound fairness', async () => (await import('./simulate-exchange.ts')).simulateExchangeCommand],
  ['report diff', 'what changed between two runs of a vendor', async () => (await import('./report-diff.ts')).reportDiffCommand],
  ['report merge', 'merge the report.json files of the shards of one run into one report', async () => (await import('./report-merge.ts')).reportMergeCommand],
];

/** Every subcommand, in the order `fairwire --help` lists them. */
export const commands: readonly CommandEntry[] = COMMANDS.map(([path, summary, load]) => ({ path: path.split(' '), summary, load }));
