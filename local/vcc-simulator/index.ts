export { startVccSimulator } from './start-vcc-simulator.ts';
export {
  DEFAULT_LINK_LIFETIME_SECONDS,
  DEFAULT_WEBHOOK_RETRY_DELAYS_MS,
  type ClientCredential,
  type VccSimulator,
  type VccSimulatorOptions,
} from './simulator-options.ts';
export type { AbandonedSessionState, SessionKind, SessionOutcome, VccSessionState, VccSessionStatus } from './payment-session.ts';
export { RESULT_SHAPES, type CybersourceResult, type OrbitalResult, type PaymentResultData, type ResultShape } from './payment-result.ts';
export type { WebhookTarget } from './webhook-target.ts';
export { WEBHOOK_BEHAVIOURS, type WebhookBehaviourName } from './webhook-behaviours.ts';
export type { DeliveryAttempt, DeliveryStatus } from './webhook-delivery-log.ts';
export { FAULTS, type Fault } from './faults.ts';
