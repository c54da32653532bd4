import { readFileSync } from 'node:fs';

export interface AgentDesktopConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

const template = readFileSync(new URL('./agent-desktop.html', import.meta.url), 'utf8');

/**
 * A page that does what a CRM payment button does, for trying the local stack in a browser.
 * It carries the local CRM client's credentials, so it exists only in the local stack.
 */
export const agentDesktopPage = (config: AgentDesktopConfig): string =>
  template.replace('__CONFIG__', JSON.stringify(config).replace(/'/g, "\\'"));

export const AGENT_DESKTOP_PATH = '/_local/agent-desktop';
