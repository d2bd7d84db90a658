import { NET_MUTANTS } from '/work/main/adapters/mutants/net-mutants.ts';
import { referenceNetAdapter } from '/work/main/adapters/reference/net.ts';
import { runCatalog } from '/work/main/properties/runner.ts';
import { netCatalog } from '/work/main/properties/net/catalog.ts';
for (const mu of NET_MUTANTS) {
  let killed = 0;
  for (let seed = 500; seed < 508; seed++) {
    const props = netCatalog.filter((p) => mu.killedBy?.includes(p.id));
    const r = await runCatalog({ catalog: props, subject: await mu.create(), oracle: referenceNetAdapter(), seed });
    if (r.some((x) => x.status === 'failed')) killed++;
  }
  console.log(mu.name, 'killed at', killed, 'of 8 seeds');
}
