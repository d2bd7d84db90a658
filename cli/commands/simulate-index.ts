export { simulateMontecarloCommand } from './simulate-montecarlo.ts';
export { simulateSweepCommand } from './simulate-sweep.ts';
export { simulateTreeCommand } from './simulate-tree.ts';
export { simulateExchangeCommand } from './simulate-exchange.ts';
