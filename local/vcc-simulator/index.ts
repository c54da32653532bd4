export { startVccSimulator } from './start-vcc-simulator.ts';
export type { ClientCredential, VccSimulator, VccSimulatorOptions } from './simulator-options.ts';
export type { PaymentResultData, VccSessionState, VccSessionStatus } from './payment-session.ts';
export { FAULTS, type Fault } from './faults.ts';
