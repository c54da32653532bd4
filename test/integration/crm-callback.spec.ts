import { GetQueueAttributesCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { CRM_DELIVERY } from '#app/contract/api-contract.ts';
import { createSession, paymentRequest, uniqueAgentId } from './support/connector-api.ts';
import { integrationStack } from './support/integration-stack.ts';
import { callbacksFor, crmOutage, outcomeEventId } from './support/local-controls.ts';
import { completeAtVcc } from './support/vcc-webhook-control.ts';
import { waitFor } from './support/wait-for.ts';

const sqs = () =>
  new SQSClient({ endpoint: integrationStack().sqsEndpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

async function deadLetters(client: SQSClient): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: integrationStack().crmDeadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

describe('outcomes reach the CRM at least once', () => {
  it('retries while the CRM is down, parks the event in the dead-letter queue, and a replay delivers it', async () => {
    const client = sqs();
    const created = await createSession(paymentRequest(uniqueAgentId()));
    await crmOutage(outcomeEventId(created.body.id, 'approved'), CRM_DELIVERY.maxReceiveCount);
    await completeAtVcc(created.body.sessionGuid, 'approve');

    await waitFor(
      () => deadLetters(client),
      (n) => n === 1,
      'the event in the dead-letter queue',
    );
    const { attempts } = await callbacksFor(created.body.id);
    expect(attempts.map((a) => a.answered)).toEqual(Array(CRM_DELIVERY.maxReceiveCount).fill(503));

    // As the README says to: the dead-letter queue also takes the bus rule's failed sends, so name the queue.
    await client.send(
      new StartMessageMoveTaskCommand({ SourceArn: integrationStack().crmDeadLetterQueueArn, DestinationArn: integrationStack().crmCallbackQueueArn }),
    );
    const { received } = await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length === 1,
      'the replayed callback',
    );
    expect(received[0]?.event).toMatchObject({ id: outcomeEventId(created.body.id, 'approved'), data: { state: 'approved' } });
    expect(await deadLetters(client)).toBe(0);
    client.destroy();
  });
});
