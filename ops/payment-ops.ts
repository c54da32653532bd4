import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbPaymentStore } from '../functions/app/adapters/dynamodb/dynamodb-payment-store.ts';
import { dynamoDbVccEventLog } from '../functions/app/adapters/dynamodb/dynamodb-vcc-event-log.ts';
import { resolveResultReading } from '../functions/app/model/payment-result-reading.ts';
import { attachVccSession } from '../functions/app/use-cases/unmatched-payment-results.ts';
import type { StatusReportDeps } from '../functions/app/use-cases/vcc-status-reports.ts';
import { resultReadingsOf } from '../functions/app/vcc/vcc-status-change.ts';
import { environmentFromCdkJson } from '../local/local-stack.ts';

/**
 * `npm run ops -- <command>`: what an operator does by hand to a deployed table, or the local
 * stack's, through the same domain code as the functions.
 *
 *   unmatched-results                       payment results no payment is joined to (the alarm's list)
 *   attach-vcc-session <sessionGuid> <id>   join one to the payment it belongs to; the sweep then tells the CRM
 *
 * Options: --environment sandbox|production (cdk.json: the region and the flows' result readings),
 * --table <SessionsTableName stack output>. AWS credentials and region come from the usual AWS
 * settings; AWS_ENDPOINT_URL_DYNAMODB points at the local stack's embedded DynamoDB.
 */
const USAGE = 'usage: npm run ops -- unmatched-results | attach-vcc-session <sessionGuid> <paymentId>  --environment sandbox|production --table <name>';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { environment: { type: 'string', default: 'sandbox' }, table: { type: 'string' } },
});
const [command, ...args] = positionals;
if (!values.table || (values.environment !== 'sandbox' && values.environment !== 'production')) {
  console.error(USAGE);
  process.exit(2);
}

const environment = environmentFromCdkJson(values.environment);
const client = new DynamoDBClient({ region: process.env.AWS_REGION ?? environment.region });
const readings = Object.fromEntries(Object.entries(environment.vcc.resultReadings).map(([flow, setting]) => [flow, resolveResultReading(setting)]));
const deps: StatusReportDeps = {
  store: dynamoDbPaymentStore(client, values.table),
  eventLog: dynamoDbVccEventLog(client, values.table),
  resultReadings: resultReadingsOf(readings),
  environmentName: environment.name,
  // The outcome stays owed on the payment, and the sweep publishes it within a minute.
  publisher: { publish: () => Promise.reject(new Error('published by the sweep')) },
  onLeftForSweep: (_, id, step) => console.log(`payment ${id}: ${step} is left for the reconciliation sweep, which runs every minute`),
};

async function listUnmatched() {
  const { count, sessionGuids } = await deps.eventLog.findAwaitingJoin(new Date().toISOString(), 100);
  console.log(`${count} payment result(s) joined to no payment${count > sessionGuids.length ? ` (first ${sessionGuids.length})` : ''}`);
  for (const sessionGuid of sessionGuids) {
    for (const report of await deps.eventLog.eventsOf(sessionGuid)) {
      if (report.result) console.log(JSON.stringify({ sessionGuid, sessionState: report.sessionState, receivedAt: report.receivedAt, result: report.result }));
    }
  }
}

async function attach(sessionGuid: string | undefined, paymentId: string | undefined) {
  if (!sessionGuid || !paymentId) throw new Error(USAGE);
  const payment = await attachVccSession(sessionGuid, paymentId, deps);
  console.log(JSON.stringify({ id: payment.id, state: payment.state, sessionGuid: payment.sessionGuid, outcome: payment.outcome, dueWork: payment.dueWork }));
}

try {
  if (command === 'unmatched-results') await listUnmatched();
  else if (command === 'attach-vcc-session') await attach(args[0], args[1]);
  else throw new Error(USAGE);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  client.destroy();
}
