import { editedNode, multicastMutant } from './multicast-mutant-support.ts';

/**
 * A receiver that reports the mean of its one-way delays instead of their high percentile:
 * the root's deadline (send time + max report + headroom) comes out too early, and the slow
 * tail of every receiver is released late. Same delays, same schedule as the reference
 * (first copies since the last report); only the statistic is wrong.
 */
export const multicastReceiverReportsMean = multicastMutant(
  'multicast-receiver-reports-mean',
  'receiver',
  'a receiver reports the mean one-way delay instead of the configured percentile, so deadlines are stamped too early',
  ['multicast.hold-release.deadline-from-reports'],
  (config) => {
    const seen = new Set<number>();
    let sum = 0;
    let count = 0;
    return editedNode(config, (event, actions) => {
      if (event.type === 'packet' && !seen.has(event.packet.msg)) {
        seen.add(event.packet.msg);
        sum += event.time - event.packet.sentAt;
        count++;
      }
      if (!actions.some((a) => a.type === 'report')) return actions;
      const mean = Math.round(sum / Math.max(1, count));
      sum = 0;
      count = 0;
      return actions.map((a) => (a.type === 'report' ? { ...a, owdNs: mean } : a));
    });
  },
);
