/**
 * Every step definition of fairwire's scenarios, for `fairwire/cucumber` and any cucumber run that
 * loads steps by one import. The parameter types the steps use come first (`{int-list}`); the
 * World (support/world.ts) is the runner's to load, with its hooks.
 */
import '../support/parameter-types.ts';
import './catalog-steps.ts';
import './exchange-steps.ts';
import './expect-that.ts';
import './fast-steps.ts';
import './fpga-steps.ts';
import './loq-steps.ts';
import './matching-steps.ts';
import './multicast-steps.ts';
import './net-steps.ts';
import './sequencer-steps.ts';
