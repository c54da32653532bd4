import { sendEmpty, sendJson } from '../http/http-io.ts';
import type { Exchange, Route } from './exchange.ts';
import { readJsonBody, validated } from './json-body.ts';
import { webhookBehaviourRequest } from './webhook-behaviours.ts';
import { describeDelivery } from './webhook-delivery-log.ts';
import { describeTarget, webhookTargetSchema } from './webhook-target.ts';

/** Test control of webhooks under `/_simulator/`: the target, the delivery log, the behaviours. */

/** The JSON `null` turns webhooks off. */
async function configureWebhook(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange);
  const target = body && validated(exchange, webhookTargetSchema.nullable(), body.value);
  if (target === undefined) return;
  exchange.sim.webhooks.configure(target);
  sendEmpty(exchange.res, 204);
}

async function getWebhook(exchange: Exchange): Promise<void> {
  sendJson(exchange.res, 200, describeTarget(exchange.sim.webhooks.target));
}

async function listDeliveries(exchange: Exchange): Promise<void> {
  const sessionGuid = exchange.url.searchParams.get('sessionGuid') ?? undefined;
  sendJson(exchange.res, 200, { deliveries: exchange.sim.webhookLog.list(sessionGuid).map(describeDelivery) });
}

async function setBehaviour(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange);
  const request = body && validated(exchange, webhookBehaviourRequest, body.value);
  if (!request) return;
  exchange.sim.webhookBehaviours.set(request);
  sendEmpty(exchange.res, 204);
}

/** Idempotent: clearing an agent without a behaviour is also 204. */
async function clearBehaviour(exchange: Exchange): Promise<void> {
  exchange.sim.webhookBehaviours.clear(exchange.params[0] ?? '');
  sendEmpty(exchange.res, 204);
}

export const webhookControlRoutes: Route[] = [
  { method: 'PUT', path: /^\/_simulator\/webhook$/, handle: configureWebhook },
  { method: 'GET', path: /^\/_simulator\/webhook$/, handle: getWebhook },
  { method: 'GET', path: /^\/_simulator\/webhooks$/, handle: listDeliveries },
  { method: 'POST', path: /^\/_simulator\/webhook-behaviours$/, handle: setBehaviour },
  { method: 'DELETE', path: /^\/_simulator\/webhook-behaviours\/([^/]+)$/, handle: clearBehaviour },
];
