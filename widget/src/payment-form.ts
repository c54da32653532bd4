import type { PaymentForm } from './payment.ts';

/** True when the form posts to an origin the host allowed: the tokens go nowhere else. */
export function formOriginAllowed(form: PaymentForm, allowedOrigins: readonly string[]): boolean {
  if (form.method.toUpperCase() !== 'POST') return false;
  try {
    const { origin, protocol } = new URL(form.action);
    return (protocol === 'https:' || protocol === 'http:') && allowedOrigins.includes(origin);
  } catch {
    return false;
  }
}

/**
 * Opens the PCI provider's form the way VCC documents it: a form POST of the agent tokens as
 * hidden inputs, targeting the iframe. The tokens travel in the POST body only; the form is
 * removed and emptied as soon as the browser has taken its data.
 */
export function postPaymentForm(container: ShadowRoot, form: PaymentForm, frameName: string): void {
  const element = document.createElement('form');
  element.method = 'post';
  element.action = form.action;
  element.target = frameName;
  element.hidden = true;
  for (const [name, value] of Object.entries(form.fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    element.append(input);
  }
  container.append(element);
  element.submit();
  element.remove();
  for (const input of element.querySelectorAll('input')) input.value = '';
}
