export { FAULTS, type Fault } from './faults.ts';
export { type CybersourceResult, type OrbitalResult, type PaymentResultData, RESULT_SHAPES, type ResultShape } from './payment-result.ts';
export type { AbandonedSessionState, SessionKind, SessionOutcome, VccSessionState, VccSessionStatus } from './payment-session.ts';
export {
  type ClientCredential,
  DEFAULT_LINK_LIFETIME_SECONDS,
  DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
  type VccSimulator,
  type VccSimulatorOptions,
} from './simulator-options.ts';
export { startVccSimulator } from './start-vcc-simulator.ts';
export { WEBHOOK_BEHAVIOURS, type WebhookBehaviourName } from './webhook-behaviours.ts';
export type { DeliveryAttempt, DeliveryStatus } from './webhook-delivery-log.ts';
export type { WebhookTarget } from './webhook-target.ts';
