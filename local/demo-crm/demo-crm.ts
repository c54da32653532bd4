import { readFileSync } from 'node:fs';

export interface DemoCrmConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Where the PCI provider's form may come from: the VCC simulator's origin. */
  formOrigins: string[];
  vccUrl: string;
}

export const DEMO_CRM_PATH = '/_local/demo-crm';
/** The built `<vcc-payment>` module, as a CRM page loads it. */
export const WIDGET_PATH = '/_local/widget/vcc-payment.js';

const template = readFileSync(new URL('./demo-crm.html', import.meta.url), 'utf8');

/**
 * A CRM record page that embeds the widget, for trying the local stack in a browser. It carries
 * the local CRM client's credentials, so it exists only in the local stack.
 */
export const demoCrmPage = (config: DemoCrmConfig): string =>
  template.replace('__WIDGET_PATH__', WIDGET_PATH).replace('__CONFIG__', () => JSON.stringify(config).replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
