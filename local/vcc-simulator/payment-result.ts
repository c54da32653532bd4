import { toMinorUnits } from './minor-units.ts';
import type { PaymentData } from './payment-session.ts';
import { newRequestId, newTxRefNum } from './random-values.ts';

/**
 * `paymentResultData` is whatever the merchant's gateway answered, so its shape depends on the
 * gateway behind an account configuration: CyberSource-style keys (VCC's own example) or Chase
 * Orbital's.
 */
export const RESULT_SHAPES = ['cybersource', 'chase-orbital'] as const;
export type ResultShape = (typeof RESULT_SHAPES)[number];
export const isResultShape = (value: unknown): value is ResultShape => RESULT_SHAPES.includes(value as ResultShape);

/** The gateway's answer to a payment attempt; an abandoned session has none. */
export type GatewayAnswer = 'approve' | 'decline';

export interface CybersourceResult {
  decision: 'ACCEPT' | 'REJECT';
  reasonCode: '100' | '203';
  transactionType: 'sale';
  /** 22 digits. */
  requestID: string;
  /** Minor units, e.g. "1240" for 12.40 GBP. */
  Amount: string;
  Currency: string;
  [paymentDataKey: string]: string;
}

export interface OrbitalResult {
  /** "0": the request was processed; only then does ApprovalStatus count. */
  ProcStatus: '0';
  /** "1" approved, "0" declined ("2", a message or system error, is never simulated). */
  ApprovalStatus: '1' | '0';
  /** "00" approved, "05" do not honor. */
  RespCode: '00' | '05';
  /** 40 hex digits. */
  TxRefNum: string;
  /** Minor units, as Orbital's implied-decimal amounts are. */
  Amount: string;
  Currency: string;
  [paymentDataKey: string]: string;
}

export type PaymentResultData = CybersourceResult | OrbitalResult;

function gatewayFields(answer: GatewayAnswer, shape: ResultShape): Record<string, string> {
  const approved = answer === 'approve';
  if (shape === 'chase-orbital') {
    return { ProcStatus: '0', ApprovalStatus: approved ? '1' : '0', RespCode: approved ? '00' : '05', TxRefNum: newTxRefNum() };
  }
  return { decision: approved ? 'ACCEPT' : 'REJECT', reasonCode: approved ? '100' : '203', transactionType: 'sale', requestID: newRequestId() };
}

/** Gateway fields win over payment data keys of the same name, so a request cannot forge a decision. */
export function buildPaymentResult(paymentData: PaymentData, answer: GatewayAnswer, shape: ResultShape): PaymentResultData {
  const { Amount, Currency, ...echoed } = paymentData;
  const result = { ...gatewayFields(answer, shape), Amount: toMinorUnits(Amount, Currency), Currency } as PaymentResultData;
  for (const [key, value] of Object.entries(echoed)) {
    if (!(key in result)) result[key] = value;
  }
  return result;
}
