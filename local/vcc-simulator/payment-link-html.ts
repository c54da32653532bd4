import { escapeHtml, htmlPage } from './html.ts';
import { paymentSummaryHtml } from './payment-page-html.ts';
import type { DigitalSession } from './payment-session.ts';

/**
 * The provider's page behind a payment link, as the customer's browser shows it. Like the
 * agent's page it has no card inputs: the simulator never takes card data, so the tester picks
 * the gateway's answer instead. The phone number shows by its last digits only, as on a page
 * anyone holding the link can open.
 */
export function paymentLinkHtml(session: DigitalSession): string {
  const phone = session.paymentData.CustomerPhoneNumber;
  const sentTo = phone === undefined ? '' : `\n<p>Link sent to the phone number ending in ${escapeHtml(phone.slice(-3))}.</p>`;
  return htmlPage(
    'Pay by link (VCC simulator)',
    `<h1>Secure payment</h1>
${paymentSummaryHtml(session.paymentData)}${sentTo}
<p>Here the customer would enter the card details on the provider's page.
In this simulator, choose the gateway's answer:</p>
<form method="post" action="/pay/${escapeHtml(session.providerSessionGuid)}/decision" enctype="application/x-www-form-urlencoded">
<button type="submit" name="decision" value="approve">Pay</button>
<button type="submit" name="decision" value="decline">Decline</button>
</form>`,
  );
}
