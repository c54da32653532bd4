/**
 * How to read a payment result (`paymentResultData` in VCC's status report) as approved or
 * declined. VCC passes on whatever the merchant's gateway answered, so the field names and
 * values differ per gateway, and each payment flow says which reading its gateway needs.
 */
export interface PaymentResultReading {
  /** The result field that holds the gateway's verdict, e.g. `decision` or `ApprovalStatus`. */
  decisionField: string;
  /** Values of the decision field that mean the payment was taken; matched case-insensitively after trimming. */
  approvedValues: string[];
  /** Values of the decision field that mean no payment was taken; matched like `approvedValues`. */
  declinedValues: string[];
  reasonCodeField: string | null;
  /** The gateway's own id of the transaction, which an operator quotes to the gateway. */
  gatewayReferenceField: string | null;
  /** The amount in the currency's minor units, e.g. "1240" for 12.40 GBP. */
  amountMinorField: string | null;
  currencyField: string | null;
  transactionTypeField: string | null;
}

/**
 * The readings of gateways known to sit behind VCC. A decision value in neither list leaves the
 * payment unreadable on purpose: an operator checks it with the gateway.
 */
export const RESULT_READINGS = {
  /**
   * CyberSource-style results, as in VCC's own example. `REVIEW` (authorized, held for fraud
   * review) and `ERROR` (which includes a gateway timeout after which the payment may have gone
   * through) are deliberately in neither list: either may mean the card was charged.
   */
  cybersource: {
    decisionField: 'decision',
    approvedValues: ['ACCEPT'],
    declinedValues: ['REJECT', 'DECLINE', 'CANCEL'],
    reasonCodeField: 'reasonCode',
    gatewayReferenceField: 'requestID',
    amountMinorField: 'Amount',
    currencyField: 'Currency',
    transactionTypeField: 'transactionType',
  },
  /**
   * Chase Orbital: `ApprovalStatus` 1 approved, 0 declined; 2 (a message or system error) is in
   * neither list, since Orbital does not say whether the card was charged. Orbital reports no
   * transaction type of its own.
   */
  'chase-orbital': {
    decisionField: 'ApprovalStatus',
    approvedValues: ['1'],
    declinedValues: ['0'],
    reasonCodeField: 'RespCode',
    gatewayReferenceField: 'TxRefNum',
    amountMinorField: 'Amount',
    currencyField: 'Currency',
    transactionTypeField: null,
  },
} satisfies Record<string, PaymentResultReading>;

export type ResultReadingName = keyof typeof RESULT_READINGS;

export const RESULT_READING_NAMES = Object.keys(RESULT_READINGS) as ResultReadingName[];

/** The shape of VCC's own example, so the reading of a payment flow whose configuration names none. */
export const DEFAULT_RESULT_READING: ResultReadingName = 'cybersource';

/** As configured: a known gateway's reading by name, or a reading spelled out in full. */
export type ResultReadingSetting = ResultReadingName | PaymentResultReading;

/** A named reading is copied, so no caller can change a preset for every other. */
export function resolveResultReading(setting: ResultReadingSetting): PaymentResultReading {
  if (typeof setting !== 'string') return setting;
  const preset = RESULT_READINGS[setting];
  return { ...preset, approvedValues: [...preset.approvedValues], declinedValues: [...preset.declinedValues] };
}

const FIELD_KEYS = [
  'decisionField',
  'reasonCodeField',
  'gatewayReferenceField',
  'amountMinorField',
  'currencyField',
  'transactionTypeField',
] as const satisfies readonly (keyof PaymentResultReading)[];

/** Every result field these readings look at, each once, in the order first named. */
export function fieldsRead(readings: readonly PaymentResultReading[]): string[] {
  const fields = new Set<string>();
  for (const reading of readings) {
    for (const key of FIELD_KEYS) {
      const field = reading[key];
      if (field !== null) fields.add(field);
    }
  }
  return [...fields];
}

export type PaymentVerdict = 'approved' | 'declined' | 'unreadable';

/** What a payment result says under a reading; each field as received, or null when absent. */
export interface PaymentResultFacts {
  verdict: PaymentVerdict;
  decision: string | null;
  reasonCode: string | null;
  gatewayReference: string | null;
  amountMinor: string | null;
  currency: string | null;
  transactionType: string | null;
}

/** The key for comparing decision values: gateways differ in case and padding, never in meaning. */
export const decisionKey = (value: string): string => value.trim().toLowerCase();

// Own fields only: a result without `constructor` must not find Object's.
const fieldOf = (result: Readonly<Record<string, string>>, field: string | null): string | null => {
  if (field === null || !Object.hasOwn(result, field)) return null;
  const value: unknown = result[field];
  return typeof value === 'string' ? value : null;
};

/**
 * Reads a payment result under a payment flow's reading. Only a listed value of the decision
 * field gives a verdict: a missing field, an unlisted value, or a value listed as both approved
 * and declined is `unreadable`, never guessed to be a decline.
 */
export function readPaymentResult(result: Readonly<Record<string, string>>, reading: PaymentResultReading): PaymentResultFacts {
  const decision = fieldOf(result, reading.decisionField);
  return {
    verdict: decision === null ? 'unreadable' : verdictOf(decisionKey(decision), reading),
    decision,
    reasonCode: fieldOf(result, reading.reasonCodeField),
    gatewayReference: fieldOf(result, reading.gatewayReferenceField),
    amountMinor: fieldOf(result, reading.amountMinorField),
    currency: fieldOf(result, reading.currencyField),
    transactionType: fieldOf(result, reading.transactionTypeField),
  };
}

function verdictOf(key: string, reading: PaymentResultReading): PaymentVerdict {
  const approved = reading.approvedValues.some((value) => decisionKey(value) === key);
  const declined = reading.declinedValues.some((value) => decisionKey(value) === key);
  if (approved === declined) return 'unreadable';
  return approved ? 'approved' : 'declined';
}
