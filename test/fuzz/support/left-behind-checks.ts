import { cardsInItem, cardsInJsonText, looksLikeCard } from './card-oracle.ts';
import { answerOf, asReceived, type Problem, type Sent, shorten } from './fuzz-request.ts';
import type { FuzzStack, ItemSnapshot } from './fuzz-stack.ts';

/**
 * What a batch left behind, compared with what was there before it: the table (through the AWS
 * SDK), the VCC simulator's sessions and the process. Every request carries a marker and a UUID
 * of its own, so an item can be traced to the request that wrote it.
 */

/**
 * Ids that tie a stored item to a request: UUIDs, the fuzzer's markers, and opaque ids of the
 * form `prefix_` or `prefix-` then 20 or more letters and digits (VCC event ids, digests).
 */
const TOKEN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|fzk[a-z]{6}x|[a-z]{2,12}[_-][a-z0-9]{20,64}/gi;
export const tokensIn = (text: string) => [...text.matchAll(TOKEN)].map(([token]) => token.toLowerCase());

/** Where to look for an accepted webhook in the table: its sessionGuid, else its marker, else the answer's eventId. */
function webhookNeedle(sent: Sent): string | null {
  let guid: unknown;
  try {
    guid = (JSON.parse(asReceived(sent) ?? '') as { sessionGuid?: unknown }).sessionGuid;
  } catch {
    guid = undefined;
  }
  if (typeof guid === 'string' && guid.length > 0 && !looksLikeCard(guid)) return guid;
  if (asReceived(sent)?.includes(sent.marker)) return sent.marker;
  return /"eventId":"([^"]+)"/.exec(sent.answer?.text ?? '')?.[1] ?? null;
}

const spellings = (needle: string) => {
  const once = JSON.stringify(needle).slice(1, -1);
  return [needle, once, JSON.stringify(once).slice(1, -1)];
};

export interface Before {
  table: Map<string, ItemSnapshot>;
  simulatorSessions: Set<string>;
  crashes: number;
}

export interface LeftBehind {
  problems: Problem[];
  /** The table now, the next batch's "before"; undefined when it could not be read. */
  table?: Map<string, ItemSnapshot>;
}

/**
 * The checks of a batch's aftermath. `accepted` holds the tokens of every accepted request so
 * far and of everything the test made on purpose: what an item written now may name.
 */
export async function leftBehindChecks(fuzz: FuzzStack, batch: Sent[], before: Before, accepted: Set<string>, { webhook = false } = {}): Promise<LeftBehind> {
  const problems: Problem[] = [];
  const acceptedNow = batch.filter((s) => s.answer && s.answer.status < 300);
  for (const sent of acceptedNow) {
    for (const token of [...tokensIn(sent.path), ...tokensIn(sent.body ?? ''), ...tokensIn(JSON.stringify(sent.headers)), ...tokensIn(sent.answer!.text)])
      accepted.add(token);
    accepted.add(sent.marker).add(sent.uuid);
  }
  const rejectedBy = new Map<string, Sent>();
  for (const sent of batch) {
    if (sent.answer && sent.answer.status < 300) continue;
    rejectedBy.set(sent.marker, sent).set(sent.uuid, sent);
  }

  for (const crash of fuzz.crashes.slice(before.crashes)) {
    problems.push({ assertion: 'process-survives', message: `an uncaught error, which ends the process under npm start: ${crash.error}` });
  }

  let after: Map<string, ItemSnapshot>;
  try {
    after = await fuzz.tableNow(before.table);
  } catch (error) {
    problems.push({ assertion: 'webhook-200-stored', message: `the table cannot be read through the AWS SDK any more: ${String(error).slice(0, 300)}` });
    return { problems };
  }
  const changedItems: ItemSnapshot[] = [];
  for (const [key, item] of after) {
    const old = before.table.get(key);
    if (old?.text === item.text) continue;
    changedItems.push(item);
    const tokens = tokensIn(item.text);
    const rejected = [...new Set(tokens.filter((t) => rejectedBy.has(t)))];
    for (const token of rejected) {
      const sent = rejectedBy.get(token)!;
      problems.push({
        assertion: 'rejected-not-stored',
        message: `answered ${answerOf(sent)}, yet item ${shorten(key, 100)} holds its ${token === sent.marker ? 'marker' : 'UUID'}: ${shorten(item.text)}`,
        sent,
      });
    }
    if (rejected.length === 0 && !tokens.some((t) => accepted.has(t))) {
      problems.push({
        assertion: 'write-accounted-for',
        message: `item ${shorten(key, 100)} was ${old ? 'changed' : 'written'} but names no accepted request: ${shorten(item.text)}`,
      });
    }
    const known = new Set(old ? cardsInItem(old.item, key).map((f) => `${f.where}|${f.value}`) : []);
    for (const finding of cardsInItem(item.item, key)) {
      if (known.has(`${finding.where}|${finding.value}`)) continue;
      const culprit = batch.find((s) => tokens.includes(s.marker) || tokens.includes(s.uuid));
      problems.push({ assertion: 'no-card-stored', message: `${finding.where} holds ${JSON.stringify(finding.value)}`, ...(culprit ? { sent: culprit } : {}) });
    }
  }

  if (webhook) {
    const changedText = changedItems.map((i) => i.text).join('\n');
    let everything: string | undefined;
    const stored = (needle: string) =>
      spellings(needle).some((s) => changedText.includes(s) || (everything ??= [...after.values()].map((i) => i.text).join('\n')).includes(s));
    for (const sent of acceptedNow) {
      const needle = webhookNeedle(sent);
      if (needle === null)
        problems.push({ assertion: 'webhook-200-stored', message: `answered ${answerOf(sent)} but nothing identifies the delivery to look for`, sent });
      else if (!stored(needle)) {
        problems.push({
          assertion: 'webhook-200-stored',
          message: `answered ${answerOf(sent)}, yet no item holds ${JSON.stringify(shorten(needle, 80))}`,
          sent,
        });
      }
    }
  }

  const simulatorNow = await fuzz.simulatorSessionGuids();
  for (const guid of simulatorNow.filter((g) => !before.simulatorSessions.has(g))) {
    const record = await fuzz.simulatorSession(guid);
    const tokens = tokensIn(record);
    const culprit = batch.find((s) => s.answer?.text.includes(guid)) ?? batch.find((s) => tokens.includes(s.marker) || tokens.includes(s.uuid));
    if (!accepted.has(guid.toLowerCase())) {
      problems.push({
        assertion: 'rejected-not-stored',
        message: `VCC session ${guid} was opened, and no accepted answer names it: ${shorten(record)}`,
        ...(culprit ? { sent: culprit } : {}),
      });
    }
    for (const finding of cardsInJsonText(withoutCustomerPhone(record), `VCC simulator session ${guid}`)) {
      problems.push({
        assertion: 'no-card-stored',
        message: `${finding.where} holds ${JSON.stringify(finding.value)} (forwarded to VCC)`,
        ...(culprit ? { sent: culprit } : {}),
      });
    }
  }

  const unhealthy = await fuzz.health();
  if (unhealthy) problems.push({ assertion: 'process-survives', message: unhealthy });
  return { problems, table: after };
}

/**
 * The one documented exemption (docs/reliability.md, "The customer's phone"): VCC must get the
 * customer's mobile number to send the link, and an E.164 number of up to 13 digits in
 * `CustomerPhoneNumber` is read as a phone, since no card brand issues 13-digit numbers any more
 * while 13-digit mobiles are common. Longer ones, and the same digits anywhere else, still count.
 */
function withoutCustomerPhone(record: string): string {
  return record.replace(/"CustomerPhoneNumber":"\+[1-9][0-9]{1,12}"/g, '"CustomerPhoneNumber":"(an E.164 phone)"');
}
