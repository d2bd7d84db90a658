/**
 * A user's vitest file, driven by the parent test (api/vitest.test.ts) through FAIRWIRE_FIXTURE:
 * a JSON list of describes, each { component, adapter, options }. `adapter` is an adapter spec,
 * or `object:<spec>` (that adapter handed over as an object, as a user's in-process adapter is),
 * or `nocaps:<spec>` (the same object declaring no capability at all).
 */
import type { Adapter } from '../../adapters/adapter.ts';
import { componentEntry } from '../../properties/catalogs.ts';
import { loadSubject } from '../../properties/subject.ts';
import { describeConformance, type ConformanceOptions } from '../vitest.ts';

interface FixtureDescribe {
  readonly component: string;
  readonly adapter: string;
  readonly options?: ConformanceOptions;
}

const describes = JSON.parse(process.env.FAIRWIRE_FIXTURE ?? '[]') as FixtureDescribe[];
if (describes.length === 0) throw new Error('FAIRWIRE_FIXTURE names no describe');

async function objectAdapter(component: string, spec: string, noCaps: boolean): Promise<Adapter<object>> {
  const a = await loadSubject(spec, componentEntry(component)!);
  if (!noCaps) return a;
  const none = Object.fromEntries(Object.keys(a.capabilities).map((k) => [k, false]));
  return Object.assign(Object.create(a) as Adapter<object>, { capabilities: none });
}

for (const d of describes) {
  const m = /^(object|nocaps):(.*)$/.exec(d.adapter);
  const adapter = m ? await objectAdapter(d.component, m[2]!, m[1] === 'nocaps') : d.adapter;
  describeConformance(d.component, adapter, d.options);
}
