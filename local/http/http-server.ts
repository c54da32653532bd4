import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts an HTTP server for one part of the local stack on `port` (0 = a free one). A handler
 * that throws answers 500 instead of taking the whole local stack down.
 */
export async function startHttpServer(
  port: number,
  host: string,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(`local server on port ${port}:`, error);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    });
  });
  await listen(server, port, host);
  const actualPort = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return { url: `http://${host}:${actualPort}`, port: actualPort, stop: () => (stopped ??= close(server)) };
}

export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Closes the server, also cutting held requests and idle keep-alive sockets. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
