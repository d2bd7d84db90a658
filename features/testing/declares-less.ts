import { ALL_NET_CAPABILITIES } from '../../adapters/net.ts';
import { FPGA_CAPABILITIES, FpgaModelAdapter } from '../../adapters/reference/fpga.ts';
import { nicAdapter } from '../../adapters/reference/net.ts';

/**
 * Correct adapters that declare less than the reference (a module adapter, `--adapter <file>.ts`):
 * a plain host stack without FCS, IPv4 options, ARP, IGMPv3 or steering, and an FPGA decoder that
 * does not hand back its ring records. The scenarios needing what they lack must be skipped.
 */
export function createAdapter(component: string): unknown {
  if (component === 'net') {
    return nicAdapter({ name: 'net-declares-less', capabilities: { ...ALL_NET_CAPABILITIES, fcs: false, ipOptions: false, arp: false, igmpv3: false, steering: false } });
  }
  if (component === 'fpga') {
    const a = new FpgaModelAdapter('fpga-declares-less');
    return Object.assign(a, { capabilities: { ...FPGA_CAPABILITIES, records: false } });
  }
  throw new Error(`declares-less: no adapter for ${component}`);
}
