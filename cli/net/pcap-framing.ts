import { NetError } from '../../reference/net/errors.ts';
import { FramingError, registerFraming, type Framing } from '../commands/fast-framing.ts';
import { captureDatagrams, type Join } from './framing-pcap.ts';

/**
 * `fairwire decode --framing pcap [--join G:P ...]`: each UDP datagram of the capture (valid
 * FCS, IPv4 and UDP checksums, not a fragment, to a joined group:port when --join is given) is
 * one chunk of FAST messages, in capture order. A damaged capture is a FramingError naming the
 * record and byte offset.
 */
export function pcapFraming(joins: readonly Join[] = []): Framing {
  return {
    name: 'pcap',
    description: 'UDP datagrams of a pcap / pcapng capture (one chunk per datagram; --join G:P filters)',
    decodeOnly: true,
    split(bytes) {
      try {
        return captureDatagrams(bytes, joins).datagrams.map((d) => d.payload);
      } catch (e) {
        if (e instanceof NetError) throw new FramingError(`pcap: ${e.message}`);
        throw e;
      }
    },
    join() {
      throw new FramingError('pcap: writing captures is `fairwire net synth`');
    },
  };
}

registerFraming(pcapFraming());
