import { netSteeringDropsCountedTwice as mu } from '/work/main/adapters/mutants/net-steering-drops-counted-twice.ts';
import { referenceNetAdapter } from '/work/main/adapters/reference/net.ts';
import { runCatalog } from '/work/main/properties/runner.ts';
import { netCatalog } from '/work/main/properties/net/catalog.ts';
const seed = Number(process.argv[2]);
const props = netCatalog.filter((p) => mu.killedBy?.includes(p.id));
const t = Date.now();
const r = await runCatalog({ catalog: props, subject: await mu.create(), oracle: referenceNetAdapter(), seed, onEvent: (e) => { if (e.type === 'unit-done') console.log('unit', e.unit, e.runs, e.failed, Date.now() - t); } });
console.log(seed, r[0]?.status, r[0]?.runs, Date.now() - t, (r[0]?.message ?? '').slice(0, 200));
