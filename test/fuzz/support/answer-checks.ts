import { MAX_WEBHOOK_BODY_BYTES } from '../../../functions/app/contract/api-contract.ts';
import { ERROR_CATALOGUE } from '../../../functions/app/contract/error-catalogue.ts';
import { contractErrorCodes } from '../../support/contract-error-codes.ts';
import { type CardFinding, cardsInJsonText, looksLikeCard } from './card-oracle.ts';
import { answerOf, type Problem, type Sent, shorten } from './fuzz-request.ts';
import type { HttpAnswer } from './fuzz-stack.ts';

/** What each answer must be on its own: an answer, no 5xx, the error shape, no card number echoed. */

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether VCC could have sent this body: a JSON object whose sessionGuid is usable as an id. */
export function couldBeVccs(body: string | undefined): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const guid = Object.getOwnPropertyDescriptor(parsed, 'sessionGuid')?.value as unknown;
  // Usable: text, not blank, at most 128 characters, and valid Unicode (an unpaired surrogate cannot be sent as UTF-8).
  return typeof guid === 'string' && guid.trim().length > 0 && guid.length <= 128 && !UNPAIRED_SURROGATE.test(guid);
}

/**
 * What is wrong with a 4xx body, or null: `{ error: { code, message, correlationId, details? } }`
 * with a catalogued code, one of those the contract lists for the operation (`listed`) when the
 * path is one of its operations.
 */
function errorShapeProblem(status: number, text: string, listed: string[] | undefined): string | null {
  let body: { error?: { code?: unknown; message?: unknown; correlationId?: unknown; details?: unknown } } & Record<string, unknown>;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') return 'the body is not { error: {...} }';
  const { code, message, correlationId, details, ...other } = body.error ?? {};
  if (typeof code !== 'string' || !(code in ERROR_CATALOGUE)) return `code ${JSON.stringify(code)} is not in the error catalogue`;
  const expected = ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].status;
  if (expected !== status) return `code ${code} is ${expected} in the catalogue, answered ${status}`;
  if (listed && !listed.includes(code)) return `code ${code} is not one docs/openapi.json lists for this operation`;
  if (typeof message !== 'string' || message.trim() === '') return 'message is empty';
  if (typeof correlationId !== 'string' || correlationId === '') return 'correlationId is missing';
  if (details !== undefined && !Array.isArray(details)) return 'details is not a list';
  if (Object.keys(other).length > 0) return `unexpected fields ${Object.keys(other).join(', ')}`;
  return null;
}

/** Card numbers in an answer: its X-Correlation-Id (read as sent, and as UTF-8) and its body. */
function cardsInAnswer(answer: HttpAnswer): CardFinding[] {
  const findings: CardFinding[] = [];
  const header = answer.headers['x-correlation-id'];
  for (const value of [header ?? []].flat()) {
    const reading = [value, Buffer.from(value, 'latin1').toString('utf8')].find(looksLikeCard);
    if (reading !== undefined) findings.push({ where: 'X-Correlation-Id header', value: shorten(reading, 80) });
  }
  findings.push(...cardsInJsonText(answer.text, 'body'));
  return findings;
}

/** What a request that was never sent records: the process had an uncaught error first. */
export const NOT_SENT = 'not sent: the process had an uncaught error';

/** The checks of one answer; `webhook` adds the rule that only a body that can never be VCC's is refused. */
export function answerChecks(sent: Sent, { webhook = false } = {}): Problem[] {
  const problems: Problem[] = [];
  const { answer } = sent;
  if (!answer) return sent.error === NOT_SENT ? [] : [{ assertion: 'answered', message: `no answer: ${sent.error}`, sent }];
  if (answer.status >= 500) problems.push({ assertion: 'no-5xx', message: `answered ${answerOf(sent)}`, sent });
  else if (answer.status >= 400) {
    const shape = errorShapeProblem(answer.status, answer.text, contractErrorCodes(sent.request.method, sent.path));
    if (shape) problems.push({ assertion: 'error-shape', message: `${shape}: ${answerOf(sent)}`, sent });
  }
  if (answer.status < 300 && ['none', 'empty-bearer', 'garbage', 'basic', 'wrong-scope'].includes(sent.request.auth)) {
    problems.push({ assertion: 'auth', message: `accepted with auth=${sent.request.auth}: ${answerOf(sent)}`, sent });
  }
  for (const finding of cardsInAnswer(answer)) {
    problems.push({ assertion: 'no-card-echoed', message: `the answer's ${finding.where} holds ${JSON.stringify(finding.value)}`, sent });
  }
  if (webhook && sent.request.auth === 'route' && answer.status >= 400 && answer.status < 500) {
    const size = Buffer.byteLength(sent.body ?? '', sent.request.bodyIsBytes ? 'latin1' : 'utf8');
    // Bytes that are not UTF-8 can never be VCC's, whatever they decode to.
    if (size <= MAX_WEBHOOK_BODY_BYTES && !sent.request.bodyIsBytes && couldBeVccs(sent.body)) {
      problems.push({ assertion: 'webhook-400-only-if-never-vcc', message: `a JSON object with a usable sessionGuid was refused: ${answerOf(sent)}`, sent });
    }
  }
  return problems;
}
