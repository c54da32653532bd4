/**
 * What a caller asks for, once the HTTP layer has read and checked it: the input of the use
 * cases that open a payment. The request schemas in http/ produce these.
 */

export interface CreatePaymentSessionRequest {
  agentId: string;
  paymentData: Record<string, string>;
  paymentFlow: string;
  crmReference: string | null;
  skipCallTransfer: boolean;
}

export interface CreatePaymentLinkRequest {
  agentId: string;
  paymentData: Record<string, string>;
  paymentFlow: string;
  crmReference: string | null;
}

export interface ReissuePaymentLinkRequest {
  /** The agent asking; the original link's agent when absent. */
  agentId: string | null;
  /** The customer's details for the gateway, and the phone the new link goes to. */
  paymentData: Record<string, string>;
}
