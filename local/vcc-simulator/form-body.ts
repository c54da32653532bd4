import { mediaType, readBody, sendHtml } from '../http/http-io.ts';
import type { Exchange } from './exchange.ts';
import { messageHtml } from './payment-page-html.ts';

/**
 * Reads what a hosted page's HTML form posted, answering 415 itself when the body is not
 * form-encoded. Returns undefined when it already answered.
 */
export async function readFormBody(exchange: Exchange): Promise<URLSearchParams | undefined> {
  if (mediaType(exchange.req) !== 'application/x-www-form-urlencoded') {
    sendHtml(exchange.res, 415, messageHtml('Unsupported media type', 'Submit the page as an HTML form (application/x-www-form-urlencoded).'));
    return undefined;
  }
  return new URLSearchParams(await readBody(exchange.req));
}
