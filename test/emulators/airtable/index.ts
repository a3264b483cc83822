/** Local emulator of the Airtable Web API for tests and benchmarks; see README.md in this folder. */
export { startAirtableEmulator, DEFAULT_TOKEN } from './server';
export type { AirtableEmulator } from './server';
export { ManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { ALL_SCOPES } from './options';
export type { AirtableEmulatorOptions, BaseSeed, FieldSeed, RateLimitOptions, Scope, TableSeed, TokenGrant } from './options';
export type { FaultAction, FaultRule, RequestInfo, RequestKind } from './faults';
export { FaultController } from './faults';
export { EmulatorState } from './state';
export { EmulatorStats } from './stats';
export { parseFormula } from './formula/parser';
