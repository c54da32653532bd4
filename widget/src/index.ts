import { VccPaymentElement } from './vcc-payment-element.ts';

export { VccPaymentElement, type PaymentEventName } from './vcc-payment-element.ts';
export { bearerTransport, type ApiAnswer, type ApiCall, type Transport } from './transport.ts';
export type { Payment, PaymentOutcome } from './payment.ts';

if (!customElements.get('vcc-payment')) customElements.define('vcc-payment', VccPaymentElement);

declare global {
  interface HTMLElementTagNameMap {
    'vcc-payment': VccPaymentElement;
  }
}
