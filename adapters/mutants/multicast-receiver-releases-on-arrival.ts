import { editedNode, multicastMutant } from './multicast-mutant-support.ts';

/** A receiver that ignores the deadline: hold-and-release turns into release-on-arrival. */
export const multicastReceiverReleasesOnArrival = multicastMutant(
  'multicast-receiver-releases-on-arrival',
  'receiver',
  'with hold-and-release on, a receiver releases each message on its first copy instead of holding it to the deadline',
  ['multicast.hold-release.within-2eps'],
  (config) =>
    editedNode(config, (_event, actions) =>
      actions.map((a) => (a.type === 'timer' && a.timer.startsWith('release:') ? { type: 'release', msg: Number(a.timer.slice('release:'.length)) } : a)),
    ),
);
