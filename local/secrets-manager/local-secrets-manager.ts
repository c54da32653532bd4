import { randomUUID } from 'node:crypto';
import { readBody, sendJson } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';

export interface LocalSecretsManager {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * The two Secrets Manager actions the connector and its tests use (GetSecretValue and
 * PutSecretValue, AWS JSON 1.1 protocol), in memory. This is the one AWS service the local
 * stack imitates instead of running: no embeddable Secrets Manager exists. The functions still
 * read through the real AWS SDK.
 */
export async function startLocalSecretsManager({
  port = 0,
  host = '127.0.0.1',
  secrets,
}: {
  port?: number;
  host?: string;
  secrets: Record<string, string>;
}): Promise<LocalSecretsManager> {
  const values = new Map(Object.entries(secrets));
  const arnOf = (name: string) => `arn:aws:secretsmanager:local:000000000000:secret:${name}`;

  const server = await startHttpServer(port, host, async (req, res) => {
    const action = String(req.headers['x-amz-target'] ?? '').replace('secretsmanager.', '');
    const input = JSON.parse((await readBody(req)) || '{}') as { SecretId?: string; SecretString?: string };
    const name = (input.SecretId ?? '').replace(/^arn:aws:secretsmanager:[^:]*:\d+:secret:/, '');
    const notFound = () => sendJson(res, 400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    if (action === 'GetSecretValue') {
      const value = values.get(name);
      if (value === undefined) return notFound();
      return sendJson(res, 200, { ARN: arnOf(name), Name: name, SecretString: value, VersionId: randomUUID(), CreatedDate: Date.now() / 1000 });
    }
    if (action === 'PutSecretValue') {
      if (!values.has(name)) return notFound();
      values.set(name, input.SecretString ?? '');
      return sendJson(res, 200, { ARN: arnOf(name), Name: name, VersionId: randomUUID() });
    }
    return sendJson(res, 400, { __type: 'InvalidRequestException', message: `The local Secrets Manager does not implement ${action}.` });
  });
  return { endpoint: server.url, stop: server.stop };
}
