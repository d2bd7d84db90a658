import { netIgmpQueryAnsweredV2 as m } from '/work/main/adapters/mutants/net-igmp-query-answered-v2.ts';
import { netFirstFragmentDelivered as f } from '/work/main/adapters/mutants/net-first-fragment-delivered.ts';
import { netZeroUdpChecksumRejected as z } from '/work/main/adapters/mutants/net-zero-udp-checksum-rejected.ts';
import { referenceNetAdapter } from '/work/main/adapters/reference/net.ts';
import { runCatalog } from '/work/main/properties/runner.ts';
import { netCatalog } from '/work/main/properties/net/catalog.ts';
for (const mu of [m, f, z]) {
  let killed = 0; const runs: number[] = [];
  for (let seed = 100; seed < 115; seed++) {
    const props = netCatalog.filter((p) => mu.killedBy?.includes(p.id));
    const r = await runCatalog({ catalog: props, subject: await mu.create(), oracle: referenceNetAdapter(), seed });
    if (r.some((x) => x.status === 'failed')) killed++;
  }
  console.log(mu.name, 'killed at', killed, 'of 15 seeds');
}
