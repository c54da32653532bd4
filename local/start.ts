import { LOCAL_CREDENTIALS, LOCAL_CRM_SIGNING_SECRET, startLocalStack } from './local-stack.ts';

/**
 * `npm start`: the whole connector on fixed ports from LOCAL_PORT_BASE (default 4010).
 * CRM_CALLBACK_URL sends outcome events to your own receiver instead of the example one.
 */
const base = Number(process.env.LOCAL_PORT_BASE ?? 4010);
const stack = await startLocalStack({
  ports: {
    api: base,
    vcc: base + 1,
    issuer: base + 2,
    dynamoDb: base + 3,
    secretsManager: base + 4,
    eventBridge: base + 5,
    sqs: base + 6,
    crm: base + 7,
  },
  ...(process.env.CRM_CALLBACK_URL ? { crmCallbackUrl: process.env.CRM_CALLBACK_URL } : {}),
  logLevel: process.env.LOG_LEVEL ?? 'WARN',
});
const { clientId, clientSecret, scopes } = LOCAL_CREDENTIALS.crm;

console.log(`
vcc-payment-connector local stack (environment "${stack.environmentName}" from cdk.json, VCC simulated)

  Demo CRM record (take a payment)  ${stack.demoCrmUrl}   <- start here, in a browser
  API (same handlers, same routes)  ${stack.apiUrl}
  OAuth token endpoint              ${stack.tokenUrl}
  VCC simulator                     ${stack.vccUrl}   (open it to see sessions)
  VCC webhooks arrive at            ${stack.webhookUrl}   (token: client ${LOCAL_CREDENTIALS.vccWebhook.clientId})
  CRM callback (signed outcomes)    ${stack.crmCallbackUrl}${stack.crmReceiverUrl ? `   (example receiver; see ${stack.crmReceiverUrl}/received)` : ''}
  CRM signing secret                ${LOCAL_CRM_SIGNING_SECRET}
  Embedded DynamoDB                 ${stack.dynamoDbEndpoint}   table "${stack.tableName}"
  Secrets Manager, EventBridge, SQS ${stack.secretsManagerEndpoint}  ${stack.eventBridgeEndpoint}  ${stack.sqsEndpoint}
  Reconciliation sweep              every minute; run it now with: curl -X POST ${stack.reconcileUrl}

State lives in memory and is gone when you stop this process (Ctrl+C).

Try it (bash):

  TOKEN=$(curl -s ${stack.tokenUrl} -u ${clientId}:${clientSecret} \\
    -d grant_type=client_credentials -d "scope=${scopes.join(' ')}" | node -pe 'JSON.parse(fs.readFileSync(0)).access_token')

  curl -s ${stack.apiUrl}/v1/payment-sessions -H "Authorization: Bearer $TOKEN" \\
    -H 'Content-Type: application/json' -H "Idempotency-Key: $(node -p 'crypto.randomUUID()')" \\
    -d '{"agentId":"agent-1","skipCallTransfer":true,"crmReference":"case-42",
         "paymentData":{"Amount":"12.40","Currency":"GBP","MerchantReferenceCode":"INV-1001"}}'

Then open the payment form as the agent's browser would (the demo CRM page's widget does it for
you; the README shows it with curl) and approve or decline it. VCC's webhook brings the outcome, and this
window prints the signed CRM callback as the example receiver verifies it. Read it back with:

  curl -s ${stack.apiUrl}/v1/payment-sessions/<id> -H "Authorization: Bearer $TOKEN"
`);

const shutdown = () => {
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
