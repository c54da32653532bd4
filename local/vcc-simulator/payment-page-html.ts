import { escapeHtml, htmlPage } from './html.ts';
import type { AgentAssistSession, PaymentData, SessionOutcome } from './payment-session.ts';

/**
 * The provider's hosted page the agent opens. It has no card inputs on purpose: the real
 * provider collects card data from the caller's phone keypad, never through the agent's browser.
 */
export function paymentPageHtml(session: AgentAssistSession): string {
  const decisionForm = (decision: SessionOutcome, label: string): string =>
    `<form method="post" action="/view/${escapeHtml(session.providerSessionGuid)}/decision">
<input type="hidden" name="X-BEARER-TOKEN" value="${escapeHtml(session.agentAccessToken)}">
<input type="hidden" name="decision" value="${decision}">
<button type="submit">${label}</button>
</form>`;
  return htmlPage(
    'Secure payment (VCC simulator)',
    `<h1>Secure payment</h1>
${paymentSummaryHtml(session.paymentData)}
<p>The caller enters the card details on the phone keypad; this page never asks for them.
In this simulator, choose the gateway's answer:</p>
${decisionForm('approve', 'Approve')}
${decisionForm('decline', 'Decline')}
${decisionForm('abandon', 'Abandon')}
<p>Abandon ends the session with no gateway interaction, as when the caller hangs up.</p>`,
  );
}

/** What is being paid, as both hosted pages show it. */
export function paymentSummaryHtml({ Amount, Currency, MerchantReferenceCode }: PaymentData): string {
  const reference = MerchantReferenceCode === undefined ? '' : `\n<p>Merchant reference: <strong>${escapeHtml(MerchantReferenceCode)}</strong></p>`;
  return `<p>Amount: <strong>${escapeHtml(Amount)} ${escapeHtml(Currency)}</strong></p>${reference}`;
}

const RESULT_TITLES: Record<SessionOutcome, string> = {
  approve: 'Payment approved',
  decline: 'Payment declined',
  abandon: 'Payment abandoned',
};

export const paymentResultHtml = (outcome: SessionOutcome): string =>
  htmlPage(RESULT_TITLES[outcome], `<h1>${RESULT_TITLES[outcome]}</h1><p>You can close this window.</p>`);

export const messageHtml = (title: string, text: string): string => htmlPage(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
