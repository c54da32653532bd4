import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '#app/contract/error-catalogue.ts';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../../scripts/generate-errors-doc.ts';

const committed = readFileSync(ERRORS_DOC_PATH, 'utf8');
const documentedRow = (code: string) => new RegExp(`^\\| \`${code}\` \\| (\\d+) \\| ([^|]+) \\|`, 'm');

describe('docs/errors.md', () => {
  it('is what npm run docs:errors writes from the error catalogue today (run it if this fails)', () => {
    expect(committed).toBe(renderErrorsDoc());
  });

  it.each(Object.entries(ERROR_CATALOGUE))('documents error %s with its HTTP status and who acts', (code, { status, actor }) => {
    const row = documentedRow(code).exec(committed);
    expect(row?.[1]).toBe(String(status));
    expect(row?.[2]?.trim()).toBe(actor);
  });
});
