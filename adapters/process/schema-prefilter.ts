/**
 * A quick, codegen-free check of a JSON value against a JSON Schema of the small subset the
 * generated FAST canonical schemas use (fast-canonical-schema.ts). Compiling such a schema with
 * ajv costs milliseconds, and every generated template set is new, so compiling per set was most
 * of a FAST catalog's run over the protocol; building this costs a walk of the schema.
 *
 * It only ever answers "certainly valid": `true` means ajv would accept the value too; `false`
 * means "invalid or not sure", and the caller asks ajv (for the verdict and its messages). Every
 * keyword below is exactly as strict as ajv's or stricter; a schema with any other keyword, or a
 * `$ref` other than into its own `definitions`, cannot be prefiltered (`prefilter` returns undefined).
 */
export type Prefilter = (value: unknown) => boolean;

type Schema = Readonly<Record<string, unknown>>;
type Check = (v: unknown) => boolean;

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const TYPE: Readonly<Record<string, Check>> = {
  string: (v) => typeof v === 'string',
  null: (v) => v === null,
  object: isObject,
  array: (v) => Array.isArray(v),
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
};

class Unsupported extends Error {}

/** The prefilter for `root`, or undefined when it uses something this subset does not cover. */
export function prefilter(root: Schema): Prefilter | undefined {
  const definitions = (root['definitions'] ?? {}) as Readonly<Record<string, Schema>>;
  const defs = new Map<string, Check>();
  const regexps = new Map<string, RegExp>();
  const wanted = new Set<string>();

  function ref(target: unknown): Check {
    const m = typeof target === 'string' ? /^#\/definitions\/([A-Za-z0-9_]+)$/.exec(target) : null;
    if (!m || !has(definitions, m[1]!)) throw new Unsupported(`$ref ${String(target)}`);
    const name = m[1]!;
    wanted.add(name);
    // Looked up at check time: a definition may refer to itself (dynamic templateRefs).
    return (v) => defs.get(name)!(v);
  }

  /** `if: {properties: {k: {const: c}}}` evaluated exactly (a wrong "false" would skip `then`). */
  function ifConst(s: Schema): Check {
    const props = s['properties'] as Schema | undefined;
    if (Object.keys(s).length !== 1 || !props || Object.keys(props).length !== 1) throw new Unsupported('if');
    const [key, sub] = Object.entries(props)[0]! as [string, Schema];
    const c = sub['const'];
    if (Object.keys(sub).length !== 1 || (typeof c !== 'number' && typeof c !== 'string')) throw new Unsupported('if');
    // Not an object, or the key absent: ajv's `properties` holds vacuously. An object or array
    // under the key cannot equal a primitive const; anything else compares by ===.
    return (v) => !isObject(v) || v[key] === undefined || v[key] === c;
  }

  function build(s: Schema): Check {
    const checks: Check[] = [];
    for (const [k, x] of Object.entries(s)) {
      switch (k) {
        case 'definitions':
          if (s !== root) throw new Unsupported('nested definitions');
          break;
        case 'type': {
          const types = (Array.isArray(x) ? x : [x]).map((t) => TYPE[t as string] ?? unsupported(`type ${String(t)}`));
          checks.push(types.length === 1 ? types[0]! : (v) => types.some((t) => t(v)));
          break;
        }
        case 'pattern': {
          const p = x as string;
          let re = regexps.get(p);
          if (!re) regexps.set(p, (re = new RegExp(p, 'u'))); // ajv's default flags
          const r = re;
          checks.push((v) => typeof v !== 'string' || r.test(v));
          break;
        }
        case 'minimum':
          checks.push((v) => typeof v !== 'number' || v >= (x as number));
          break;
        case 'maximum':
          checks.push((v) => typeof v !== 'number' || v <= (x as number));
          break;
        case 'enum': {
          const values = x as readonly unknown[];
          if (!values.every((e) => typeof e === 'number' || typeof e === 'string')) throw new Unsupported('enum of non-primitives');
          const set = new Set<unknown>(values);
          checks.push((v) => set.has(v));
          break;
        }
        case 'const':
          if (typeof x !== 'number' && typeof x !== 'string') throw new Unsupported('const of a non-primitive');
          checks.push((v) => v === x);
          break;
        case 'required': {
          // Own properties only: stricter than ajv (which also accepts an inherited one).
          const names = x as readonly string[];
          checks.push((v) => !isObject(v) || names.every((n) => has(v, n) && v[n] !== undefined));
          break;
        }
        case 'properties': {
          const entries = Object.entries(x as Schema).map(([n, sub]) => [n, build(sub as Schema)] as const);
          checks.push((v) => {
            if (!isObject(v)) return true;
            for (const [n, c] of entries) {
              if (has(v, n)) {
                if (v[n] !== undefined && !c(v[n])) return false;
              } else if (v[n] !== undefined) return false; // inherited: ajv would check it; not sure
            }
            return true;
          });
          break;
        }
        case 'additionalProperties': {
          if (x !== false) throw new Unsupported('additionalProperties other than false');
          const known = (s['properties'] ?? {}) as Schema;
          checks.push((v) => {
            if (!isObject(v)) return true;
            for (const key in v) if (!has(known, key)) return false;
            return true;
          });
          break;
        }
        case 'propertyNames': {
          const p = x as Schema;
          const names = p['enum'];
          if (Object.keys(p).length !== 1 || !Array.isArray(names)) throw new Unsupported('propertyNames');
          const set = new Set(names as unknown[]);
          checks.push((v) => {
            if (!isObject(v)) return true;
            for (const key in v) if (!set.has(key)) return false;
            return true;
          });
          break;
        }
        case 'items': {
          if (Array.isArray(x) || typeof x !== 'object' || x === null) throw new Unsupported('tuple items');
          const c = build(x as Schema);
          checks.push((v) => {
            if (!Array.isArray(v)) return true;
            for (let i = 0; i < v.length; i++) if (!c(v[i])) return false;
            return true;
          });
          break;
        }
        case 'allOf': {
          const cs = (x as readonly Schema[]).map(build);
          checks.push((v) => cs.every((c) => c(v)));
          break;
        }
        case 'if': {
          if (!has(s, 'then') || has(s, 'else')) throw new Unsupported('if without then, or with else');
          const cond = ifConst(x as Schema);
          const then = build(s['then'] as Schema);
          checks.push((v) => !cond(v) || then(v));
          break;
        }
        case 'then':
          break; // with `if`
        case '$ref':
          checks.push(ref(x));
          break;
        default:
          throw new Unsupported(k);
      }
    }
    return (v) => checks.every((c) => c(v));
  }

  try {
    const check = build(root);
    // Every referenced definition built now (a Set iterates entries added while iterating).
    for (const name of wanted) if (!defs.has(name)) defs.set(name, build(definitions[name]!));
    return check;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function unsupported(what: string): never {
  throw new Unsupported(what);
}
