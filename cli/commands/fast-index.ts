/** The FAST commands, listed in cli/commands/index.ts. */
export { decodeCommand } from './decode.ts';
export { encodeCommand } from './encode.ts';
export { fuzzFastCommand } from './fuzz.ts';
