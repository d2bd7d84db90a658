import { afterEach, describe, expect, it } from 'vitest';
import { interruptible, SIGNAL_EXIT, type Interrupt } from './signals.ts';

const live: Interrupt[] = [];
afterEach(() => {
  for (const s of live.splice(0)) s.dispose();
});

function make(): { stop: Interrupt; logs: string[]; quits: number[] } {
  const logs: string[] = [];
  const quits: number[] = [];
  const stop = interruptible({ log: (l) => logs.push(l), quit: (c) => quits.push(c) });
  live.push(stop);
  return { stop, logs, quits };
}

describe('interruptible', () => {
  it('is quiet until a signal: the command keeps its own exit code', () => {
    const { stop } = make();
    expect(stop.signal.aborted).toBe(false);
    expect(stop.received).toBeUndefined();
    expect(stop.exitCode(1)).toBe(1);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s aborts the signal, logs once and turns the exit code into %i', (sig, code) => {
    const { stop, logs, quits } = make();
    process.emit(sig);
    expect(stop.signal.aborted).toBe(true);
    expect(stop.received).toBe(sig);
    expect(stop.exitCode(0)).toBe(code);
    expect(SIGNAL_EXIT[sig]).toBe(code);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`interrupted \\(${sig}\\)`));
    expect(quits).toEqual([]);
  });

  it('a second signal quits at once, with the first signal\'s code', () => {
    const { quits } = make();
    process.emit('SIGTERM');
    process.emit('SIGINT');
    expect(quits).toEqual([143]);
  });

  it('a timer-delivered signal reaches a busy async loop that yields', async () => {
    const { stop } = make();
    setTimeout(() => process.emit('SIGTERM'), 30);
    let turns = 0;
    // A loop of microtasks only: without stop.yield() the timer would never fire.
    while (!stop.signal.aborted && turns < 1e8) {
      turns++;
      await Promise.resolve();
      await stop.yield();
    }
    expect(stop.signal.aborted).toBe(true);
    expect(stop.exitCode(0)).toBe(143);
  });

  it('dispose removes the handlers', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const { stop } = make();
    expect(process.listenerCount('SIGTERM')).toBe(before[1]! + 1);
    stop.dispose();
    stop.dispose();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
