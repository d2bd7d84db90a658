import { describe, expect, it } from 'vitest';
import { AdapterFault } from '../adapters/fault.ts';
import { OracleFault } from './failure-signature.ts';
import { guardOracle } from './oracle-guard.ts';

describe('guardOracle', () => {
  const fault = () => new AdapterFault('died', undefined, undefined, 'crash');

  it('turns the oracle\'s AdapterFaults into OracleFaults, sync, async and from returned objects', async () => {
    const o = guardOracle({
      sync: () => {
        throw fault();
      },
      async: async () => {
        throw fault();
      },
      make: () => ({ run: () => Promise.reject(fault()) }),
    });
    expect(() => o.sync()).toThrow(OracleFault);
    await expect(o.async()).rejects.toBeInstanceOf(OracleFault);
    await expect(o.make().run()).rejects.toBeInstanceOf(OracleFault);
  });

  it('leaves other errors, data and builtins as they are, and frozen objects working', () => {
    const map = new Map([[1, 2]]);
    const o = guardOracle(
      Object.freeze({
        capabilities: { x: true },
        data: () => ({ messages: [1, 2] }),
        map: () => map,
        bad: () => {
          throw new TypeError('bug');
        },
      }),
    );
    expect(o.capabilities).toEqual({ x: true });
    expect(o.data()).toEqual({ messages: [1, 2] });
    expect(o.map()).toBe(map);
    expect(o.map().get(1)).toBe(2);
    expect(() => o.bad()).toThrow(TypeError);
  });
});
