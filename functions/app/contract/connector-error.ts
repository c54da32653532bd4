import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue.ts';

export interface ErrorDetail {
  /** Where in the request the problem is, e.g. `paymentData.Amount`. */
  path: string;
  message: string;
}

export interface ConnectorErrorOptions {
  message?: string;
  details?: ErrorDetail[];
  operatorHint?: string;
  cause?: unknown;
  vccCertainlyDidNotAct?: boolean;
}

/**
 * The one error type of the connector. `code` is stable and machine-readable; `message` tells
 * the caller what to fix; `operatorHint` is for our logs only and may carry upstream text.
 */
export class ConnectorError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly operatorHint: string | undefined;
  /**
   * True when the request certainly never made VCC act (refused before, or by VCC with a
   * documented error): retrying cannot open a second session.
   */
  readonly vccCertainlyDidNotAct: boolean;

  constructor(code: ErrorCode, options: ConnectorErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(options.message ?? entry.message, { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.status = entry.status;
    this.details = options.details ?? [];
    this.operatorHint = options.operatorHint;
    this.vccCertainlyDidNotAct = options.vccCertainlyDidNotAct ?? false;
  }

  /** Who must act to resolve it; documented in the README's error table. */
  get actor(): string {
    return ERROR_CATALOGUE[this.code].actor;
  }
}

export const isConnectorError = (error: unknown): error is ConnectorError => error instanceof ConnectorError;
