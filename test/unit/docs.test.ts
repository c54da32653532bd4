import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as apiContract from '#app/contract/api-contract.ts';

/**
 * The docs point only at what exists: files in the repository, headings in those files. The
 * operations runbook has a section for every alarm the stack raises and lists every metric the
 * functions emit; the configuration reference names every key cdk.json uses.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');

// docs/reliability.md has its own owner; links into it are still checked.
const OWN_DOCS = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md') && name !== 'reliability.md')
    .map((name) => `docs/${name}`),
];

const withoutCodeBlocks = (markdown: string) => markdown.replace(/^```[\s\S]*?^```$/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of withoutCodeBlocks(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const linksOf = (markdown: string) =>
  [...withoutCodeBlocks(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/.test(target));

const REPO_PATH = /`((?:\.ci|bench|bin|docs|functions|lib|local|ops|scripts|test)\/[^`\s]+|cdk\.json|package\.json|vitest\.config\.ts)`/g;

describe.each(OWN_DOCS)('%s', (doc) => {
  const markdown = read(doc);
  const directory = doc.includes('/') ? doc.slice(0, doc.lastIndexOf('/') + 1) : '';

  it('links only to files and headings that exist', () => {
    for (const link of linksOf(markdown)) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? doc : join(directory, path);
      expect(existsSync(join(REPO, target)), `${doc} links to ${link}`).toBe(true);
      if (anchor) expect(anchorsOf(read(target)), `${doc} links to ${link}`).toContain(anchor);
    }
  });

  it('names only repository paths that exist', () => {
    const paths = [...markdown.matchAll(REPO_PATH)].map((match) => match[1]!).filter((path) => !/[<{*]|\.\.\./.test(path));
    for (const path of paths) expect(existsSync(join(REPO, path.replace(/[:#].*$/, ''))), `${doc} names ${path}`).toBe(true);
  });
});

describe('docs/operations.md', () => {
  const operations = read('docs/operations.md');

  it("has a runbook section for every alarm of the stack, under the alarm's id, and for no other", () => {
    const alarmIds = [...read('lib/constructs/connector-alarms.ts').matchAll(/this\.add\('(\w+)'/g)].map((match) => match[1]!);
    expect(alarmIds.length).toBeGreaterThan(0);
    const sections = [...operations.matchAll(/^### Alarm: (\w+)$/gm)].map((match) => match[1]!);
    expect(sections.sort()).toEqual([...alarmIds].sort());
  });

  it('lists every metric the functions emit', () => {
    const sources = readdirSync(join(REPO, 'functions'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => read(join('functions', file)));
    const names = sources.flatMap((source) => [...source.matchAll(/addMetric\(\s*([^,]+),/g)].map((match) => metricName(match[1]!.trim())));
    expect(names).toContain('PaymentLinkCreated');
    for (const name of new Set(names)) expect(operations).toContain(`| \`${name}\` |`);
  });
});

describe('docs/configuration.md', () => {
  it('documents every key the environments of cdk.json use', () => {
    const configuration = read('docs/configuration.md');
    const environments = JSON.parse(read('cdk.json')).context.paymentConnector.environments as Record<string, Record<string, unknown>>;
    for (const environment of Object.values(environments)) {
      for (const [key, value] of Object.entries(environment)) {
        const nested = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
        // A group of keys is documented key by key (`vcc.region`), or as one row (`crmCallback`).
        if (configuration.includes(`| \`${key}\` |`)) continue;
        expect(nested.length, `cdk.json key ${key}`).toBeGreaterThan(0);
        for (const inner of nested) expect(configuration, `cdk.json key ${key}.${inner}`).toContain(`| \`${key}.${inner}\` |`);
      }
    }
  });
});

/** A metric's name as the code gives it: a string, or a constant of the API contract. */
function metricName(expression: string): string {
  const literal = /^['"`]([^'"`]+)['"`]$/.exec(expression);
  if (literal) return literal[1]!;
  const value = expression.split('.').reduce<unknown>((scope, key) => (scope as Record<string, unknown> | undefined)?.[key], apiContract);
  if (typeof value !== 'string') throw new Error(`cannot tell the metric name of ${expression}: give it as a string or a constant of api-contract.ts`);
  return value;
}
