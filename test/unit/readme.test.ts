import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '#shared/errors/error-catalogue.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const documentedRow = (code: string) => new RegExp(`^\\| \`${code}\` \\| (\\d+|4xx) \\|`, 'm');

describe('the README', () => {
  it.each(Object.entries(ERROR_CATALOGUE))('documents error %s with its HTTP status', (code, { status }) => {
    const row = documentedRow(code).exec(readme);
    expect(row?.[1]).toBe(String(status));
  });

  it('names the two commands, and .ci/run runs the test one', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });
});
