import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES, PayloadTooLargeError, sendJson, sendText } from '../http/http-io.ts';
import { close, listen } from '../http/http-server.ts';
import { route } from './router.ts';
import { resolveConfig, type VccSimulator, type VccSimulatorOptions } from './simulator-options.ts';
import { createSimulatorState, type SimulatorState } from './simulator-state.ts';
import { parseTarget } from './webhook-target.ts';

/** Starts a stateful VCC Payment API simulator on `options.port` (default: a random free port). */
export async function startVccSimulator(options: VccSimulatorOptions): Promise<VccSimulator> {
  const config = resolveConfig(options);
  const server = createServer();
  await listen(server, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const sim = createSimulatorState(config, url, options.credentials);
  server.on('request', (req, res) => void handle(sim, req, res));

  let stopped: Promise<void> | undefined;
  return {
    url,
    tokenUrl: `${url}/Auth/connect/token`,
    configureWebhook: (target) => sim.webhooks.configure(parseTarget(target, 'configureWebhook')),
    // Background work first, so no timer fires and no webhook goes out while the server closes.
    stop: () => {
      sim.tasks.stop();
      stopped ??= close(server);
      return stopped;
    },
  };
}

/** Never rejects: any failure becomes a 500 (or a dropped socket once headers went out). */
async function handle(sim: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const target = req.url ?? '/';
    // Origin-form only: `new URL(target, base)` would read `//host/x` as another host.
    if (!target.startsWith('/')) return sendJson(res, 400, { message: 'Bad Request' });
    await route({ req, res, url: new URL(`${sim.baseUrl}${target}`), sim });
  } catch (error) {
    if (res.headersSent) res.destroy();
    else if (error instanceof PayloadTooLargeError) sendJson(res, 413, { message: `Request body exceeds ${MAX_BODY_BYTES} bytes.` });
    else sendText(res, 500, 'Internal Server Error');
  }
}
