import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorState } from './simulator-state.ts';

/** One request/response pair with what every handler needs. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Decoded path captures of the matched route. */
  params: string[];
  sim: SimulatorState;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  handle: (exchange: Exchange) => Promise<void>;
}
