import { LOCAL_CREDENTIALS, startLocalStack } from './local-stack.ts';

/** `npm start`: the whole connector on fixed ports from LOCAL_PORT_BASE (default 4010). */
const base = Number(process.env.LOCAL_PORT_BASE ?? 4010);
const stack = await startLocalStack({
  ports: { api: base, vcc: base + 1, issuer: base + 2, dynamoDb: base + 3, secretsManager: base + 4 },
});
const { clientId, clientSecret, scopes } = LOCAL_CREDENTIALS.crm;

console.log(`
vcc-payment-connector local stack (environment "${stack.environmentName}" from cdk.json, VCC simulated)

  Agent desktop (take a payment)    ${stack.agentDesktopUrl}   <- start here, in a browser
  API (same handlers, same routes)  ${stack.apiUrl}
  OAuth token endpoint              ${stack.tokenUrl}
  VCC simulator                     ${stack.vccUrl}   (open it to see sessions)
  Embedded DynamoDB                 ${stack.dynamoDbEndpoint}   table "${stack.tableName}"
  Secrets Manager                   ${stack.secretsManagerEndpoint}

State lives in memory and is gone when you stop this process (Ctrl+C).

Try it (bash):

  TOKEN=$(curl -s ${stack.tokenUrl} -u ${clientId}:${clientSecret} \\
    -d grant_type=client_credentials -d "scope=${scopes.join(' ')}" | node -pe 'JSON.parse(fs.readFileSync(0)).access_token')

  curl -s ${stack.apiUrl}/v1/payment-sessions -H "Authorization: Bearer $TOKEN" \\
    -H 'Content-Type: application/json' -H "Idempotency-Key: $(node -p 'crypto.randomUUID()')" \\
    -d '{"agentId":"agent-1","skipCallTransfer":true,"crmReference":"case-42",
         "paymentData":{"Amount":"12.40","Currency":"GBP","MerchantReferenceCode":"INV-1001"}}'

Then open the payment form as the agent's browser would (the agent desktop does it for you; the
README shows it with curl), approve or decline it, and read the outcome:

  curl -s ${stack.apiUrl}/v1/payment-sessions/<id> -H "Authorization: Bearer $TOKEN"
`);

const shutdown = () => {
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
