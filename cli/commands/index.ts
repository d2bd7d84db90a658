import type { Command } from '../command.ts';

/** Every subcommand. Each component adds its commands here. */
export const commands: readonly Command[] = [];
