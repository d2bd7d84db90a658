import type { Command } from '../command.ts';
import { conformCommand } from './conform.ts';
import { killMatrixCommand } from './kill-matrix.ts';
import { replayCommand } from './replay.ts';
import { matchCommand } from './match.ts';
import { fpgaCompileCommand } from './fpga-compile.ts';
import { fpgaRunCommand } from './fpga-run.ts';
import { netInspectCommand, netSynthCommand } from './net-index.ts';
import { decodeCommand, encodeCommand, fuzzFastCommand } from './fast-index.ts';
import { simulateExchangeCommand, simulateMontecarloCommand, simulateSweepCommand, simulateTreeCommand } from './simulate-index.ts';

/** Every subcommand. Each component adds its commands here. */
export const commands: readonly Command[] = [conformCommand, replayCommand, killMatrixCommand, matchCommand, netSynthCommand, netInspectCommand, fpgaCompileCommand, fpgaRunCommand, decodeCommand, encodeCommand, fuzzFastCommand, simulateMontecarloCommand, simulateTreeCommand, simulateSweepCommand, simulateExchangeCommand];
