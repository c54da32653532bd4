import { ConnectorError } from '../../contract/connector-error.ts';

export interface VccHttpResponse {
  status: number;
  text: string;
}

/** Network failures that happen before a request is sent. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * One HTTP exchange with VCC, bounded by a timeout. A request that never left this process
 * (connection refused, DNS) is marked so callers know a retry cannot duplicate anything.
 */
export async function vccFetch(url: string, init: RequestInit, timeoutMs: number, operation: string): Promise<VccHttpResponse> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      throw new ConnectorError('VCC_TIMEOUT', { operatorHint: `VCC ${operation} gave no answer within ${timeoutMs} ms`, cause: error });
    }
    const cause = (error as Error).cause as { code?: string } | undefined;
    throw new ConnectorError('VCC_UNAVAILABLE', {
      operatorHint: `VCC ${operation} could not be reached: ${String(cause ?? error)}`,
      cause: error,
      vccCertainlyDidNotAct: NEVER_SENT.has(cause?.code ?? ''),
    });
  }
}

export function parseJson(response: VccHttpResponse, operation: string): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch (error) {
    throw new ConnectorError('VCC_UNAVAILABLE', { operatorHint: `VCC ${operation} answered ${response.status} with a body that is not JSON`, cause: error });
  }
}
