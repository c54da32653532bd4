import { isPayment, type Payment, type PaymentForm } from './payment.ts';
import type { ApiCall, Transport } from './transport.ts';

/** An error the agent is shown by its code; `correlationId` is the reference support asks for. */
export class PaymentApiError extends Error {
  constructor(
    readonly code: string,
    readonly correlationId: string | null = null,
    /** The request fields the API named, e.g. `paymentData.Amount`. */
    readonly fields: string[] = [],
  ) {
    super(code);
    this.name = 'PaymentApiError';
  }
}

interface ErrorBody {
  error?: { code?: unknown; correlationId?: unknown; details?: { path?: unknown }[] };
}

function errorOf(body: unknown): PaymentApiError {
  const error = (body as ErrorBody | null)?.error;
  if (typeof error?.code !== 'string') return new PaymentApiError('UNEXPECTED_ANSWER');
  const fields = Array.isArray(error.details) ? error.details.map((detail) => detail?.path).filter((path): path is string => typeof path === 'string') : [];
  return new PaymentApiError(error.code, typeof error.correlationId === 'string' ? error.correlationId : null, fields);
}

/** What opening an agent-assist session gives: the payment, and the form to post once. */
export interface OpenedSession {
  payment: Payment;
  form: PaymentForm | null;
}

export interface PaymentsPage {
  payments: Payment[];
  nextCursor: string | null;
}

/** The API's routes as the widget uses them; every failure is a PaymentApiError. */
export function paymentApi(transport: Transport) {
  const call = async (request: ApiCall): Promise<unknown> => {
    let answer: Awaited<ReturnType<Transport>>;
    try {
      answer = await transport(request);
    } catch {
      throw new PaymentApiError('NETWORK_ERROR');
    }
    if (answer.status < 200 || answer.status > 299) throw errorOf(answer.body);
    return answer.body;
  };
  const payment = (body: unknown): Payment => {
    if (!isPayment(body)) throw new PaymentApiError('UNEXPECTED_ANSWER');
    return body;
  };
  const path = (value: Payment): string => `/v1/${value.kind === 'payment-link' ? 'payment-links' : 'payment-sessions'}/${encodeURIComponent(value.id)}`;

  return {
    /**
     * The agent tokens are taken out of the answer here: the payment the widget keeps, shows
     * and sends in events never holds them, and the form is posted once and dropped.
     */
    async openSession(body: object, idempotencyKey: string): Promise<OpenedSession> {
      const answer = await call({ method: 'POST', path: '/v1/payment-sessions', body, idempotencyKey });
      const { paymentForm, agentAccessToken: _bearer, agentRefreshToken: _refresh, ...rest } = (answer ?? {}) as Record<string, unknown>;
      const form = paymentForm as PaymentForm | undefined;
      const usable = typeof form?.action === 'string' && typeof form.method === 'string' && typeof form.fields === 'object' && form.fields !== null;
      return { payment: payment(rest), form: usable ? form : null };
    },
    sendLink: async (body: object, idempotencyKey: string): Promise<Payment> =>
      payment(await call({ method: 'POST', path: '/v1/payment-links', body, idempotencyKey })),
    reissueLink: async (link: Payment, body: object, idempotencyKey: string): Promise<Payment> =>
      payment(await call({ method: 'POST', path: `${path(link)}/reissue`, body, idempotencyKey })),
    read: async (value: Payment): Promise<Payment> => payment(await call({ method: 'GET', path: path(value) })),
    async list(crmReference: string, cursor: string | null): Promise<PaymentsPage> {
      const query = new URLSearchParams({ crmReference, ...(cursor ? { cursor } : {}) });
      const body = (await call({ method: 'GET', path: `/v1/payments?${query}` })) as Partial<PaymentsPage> | null;
      if (!Array.isArray(body?.payments)) throw new PaymentApiError('UNEXPECTED_ANSWER');
      return { payments: body.payments.filter(isPayment), nextCursor: typeof body.nextCursor === 'string' ? body.nextCursor : null };
    },
  };
}

export type PaymentApi = ReturnType<typeof paymentApi>;
