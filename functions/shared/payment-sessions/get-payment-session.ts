import { ConnectorError } from '../errors/connector-error.ts';
import type { PaymentSessionStore } from '../stores/payment-session-store.ts';
import type { VccPaymentClient } from '../vcc/vcc-payment-client.ts';
import type { PaymentSession } from './payment-session.ts';
import { statusChangeFrom } from './vcc-status-change.ts';

export interface GetPaymentSessionDeps {
  store: PaymentSessionStore;
  vcc: VccPaymentClient;
  /** Told when VCC could not be asked; the stored session is still answered. */
  onVccUnreachable: (error: unknown, session: PaymentSession) => void;
  now?: () => Date;
}

/**
 * Returns the session; while it is pending, asks VCC first and records what it learns. VCC
 * keeps results for 15 minutes only, so each answer is stored, never merely passed through.
 */
export async function getPaymentSession(id: string, deps: GetPaymentSessionDeps): Promise<PaymentSession> {
  const { store, vcc, onVccUnreachable, now = () => new Date() } = deps;
  const session = await store.getSession(id);
  if (!session) throw new ConnectorError('SESSION_NOT_FOUND');
  if (session.state !== 'pending' || !session.sessionGuid) return session;

  let status;
  try {
    status = await vcc.getSession(session.sessionGuid);
  } catch (error) {
    onVccUnreachable(error, session);
    return session;
  }
  if (!status) return session;
  return (await store.applyStatusChange(id, statusChangeFrom(status, now().toISOString()))) ?? session;
}
