import type { Command } from '../command.ts';
import { conformCommand } from './conform.ts';
import { killMatrixCommand } from './kill-matrix.ts';
import { replayCommand } from './replay.ts';

/** Every subcommand. Each component adds its commands here. */
export const commands: readonly Command[] = [conformCommand, replayCommand, killMatrixCommand];
