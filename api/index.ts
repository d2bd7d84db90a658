/**
 * `fairwire`: the library. A small, explicit surface over the same code the CLI runs:
 * - subjects: turn an `--adapter` spec (or your own module) into an adapter;
 * - catalogs: every component's properties, reference (oracle) and mutants;
 * - the runner and `conform` (everything `fairwire conform` does, as a function);
 * - reports (report.json, JUnit, HTML), expectations (regression gating);
 * - the adapter contracts an implementation provides, per component, with their capabilities.
 * In-test use lives in `fairwire/vitest` and `fairwire/cucumber`.
 *
 *   import { conform } from 'fairwire';
 *   const { report } = await conform({ components: ['sequencer'], adapter: './my-sequencer.ts', seed: 1 });
 *   process.exitCode = report.exitCode;
 */

// Subjects: the adapter under test, from a spec (`reference`, `mutant:<name>`, `cmd:"..."`, a manifest, a module).
export { loadSubject, SubjectError, namedAdapterNames, registerNamedAdapter } from '../properties/subject.ts';
export { loadProcessAdapter, ProcessAdapterError, type VendorOptions, type Manifest } from '../adapters/process/index.ts';

// Catalogs.
export { allComponents, componentEntry } from '../properties/catalogs.ts';
export type { ComponentEntry } from '../properties/components.ts';
export { defineProperty, type Property, type Catalog, type CapabilityKey } from '../properties/property.ts';
export { Mismatch, assertSameCanonical, type MismatchSignature } from '../properties/mismatch.ts';
export type { Mutant } from '../adapters/mutants/registry.ts';

// Runner and conform.
export { runCatalog, exitCodeOf, DEFAULT_RUNS, type RunOptions, type PropertyResult, type PropertyStatus, type Finding, type RunEvent, type Shard } from '../properties/runner.ts';
export { conform, ConformUsageError, type ConformOptions, type ConformOutcome } from '../properties/conform.ts';

// Reports and regression gating.
export { writeReports, validateReport, toJUnitXml, toHtml, type RunReport, type Summary } from '../properties/report.ts';
export { loadExpectations, gate, gatingFailed, ExpectationsError, type Expectations, type ExpectedFailure, type GatingOutcome } from '../properties/expectations.ts';

// Adapter contracts.
export type { Adapter, CaseObservation, MaybePromise } from '../adapters/adapter.ts';
export { AdapterFault, type AdapterFaultKind } from '../adapters/fault.ts';
export { ALL_FAST_CAPABILITIES, DEFAULT_FAST_VARIANTS, type FastCapabilities, type FastDecoderAdapter, type FastResetPolicy, type FastVariants } from '../adapters/fast.ts';
export type { FpgaAdapter, FpgaCapabilities, FpgaDecodeOutput } from '../adapters/fpga.ts';
export { ALL_NET_CAPABILITIES, type NetCapabilities, type NetStackAdapter } from '../adapters/net.ts';
export { ALL_SEQUENCER_CAPABILITIES, type SequencerAdapter, type SequencerCapabilities, type SequencerConfig, type SequencerInstance, type ReleasedMessage } from '../adapters/sequencer.ts';
export { ALL_LOQ_CAPABILITIES, type LoqAdapter, type LoqCapabilities, type LoqConfig, type LoqInstance, type LoqOrder, type PoppedOrder } from '../adapters/loq.ts';
export { ALL_MATCHING_CAPABILITIES, type MatchingAdapter, type MatchingCapabilities, type MatchingConfig } from '../adapters/matching.ts';
export { ALL_MULTICAST_CAPABILITIES, type MulticastAdapter, type MulticastCapabilities, type MulticastNode, type NodeAction, type NodeConfig, type NodeEvent, type NodeRole } from '../adapters/multicast.ts';
export { ALL_INBOUND_CAPABILITIES, type InboundAdapter, type InboundCapabilities, type InboundNode, type InboundNodeConfig, type InboundRole, type InboundAction, type InboundEvent } from '../adapters/inbound.ts';
