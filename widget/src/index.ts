import { VccPaymentElement } from './vcc-payment-element.ts';

export type { Payment, PaymentOutcome } from './payment.ts';
export { type ApiAnswer, type ApiCall, bearerTransport, type Transport } from './transport.ts';
export { type PaymentEventName, VccPaymentElement } from './vcc-payment-element.ts';

if (!customElements.get('vcc-payment')) customElements.define('vcc-payment', VccPaymentElement);

declare global {
  interface HTMLElementTagNameMap {
    'vcc-payment': VccPaymentElement;
  }
}
