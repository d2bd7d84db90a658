import { AdapterFault } from '../adapters/fault.ts';
import { OracleFault } from './failure-signature.ts';

/**
 * The oracle as the runner hands it to `check`: the same object, except that an AdapterFault
 * thrown by any of its methods — or by a method of an object one returns (a sequencer instance,
 * a node) — becomes an OracleFault. An AdapterFault that reaches the runner is then always the
 * subject's, so a broken reference is never reported as the vendor's fault (nor restarts it).
 * Methods run on the real object (`this` is the target), so private fields keep working.
 */
export function guardOracle<A extends object>(oracle: A): A {
  return guard(oracle, new WeakMap());
}

function guard<T extends object>(target: T, cache: WeakMap<object, object>): T {
  const seen = cache.get(target);
  if (seen) return seen as T;
  const proxy = new Proxy(target, {
    get(t, key) {
      const v: unknown = Reflect.get(t, key, t);
      // A proxy must report a frozen property as it is: such a property stays unguarded.
      const own = Object.getOwnPropertyDescriptor(t, key);
      if (own && !own.configurable && !own.writable && 'value' in own) return v;
      if (typeof v === 'function') {
        return (...args: unknown[]) => {
          try {
            return guardValue((v as (...a: unknown[]) => unknown).apply(t, args), cache);
          } catch (err) {
            throw convert(err);
          }
        };
      }
      return guardValue(v, cache);
    },
  });
  cache.set(target, proxy);
  return proxy;
}

function convert(err: unknown): unknown {
  return err instanceof AdapterFault ? new OracleFault(err) : err;
}

function guardValue(v: unknown, cache: WeakMap<object, object>): unknown {
  if (v instanceof Promise) return v.then((x) => guardValue(x, cache), (err: unknown) => Promise.reject(convert(err)));
  return hasMethods(v) ? guard(v, cache) : v;
}

/** Objects whose calls can throw: class instances and plain objects holding functions; data stays as is. */
function hasMethods(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Map || v instanceof Set || v instanceof Date || v instanceof RegExp || v instanceof Error || v instanceof ArrayBuffer) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return true;
  for (const key of Object.keys(v)) {
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (d && (typeof d.value === 'function' || d.get)) return true;
  }
  return false;
}
