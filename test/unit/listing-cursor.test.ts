import { describe, expect, it } from 'vitest';
import { cursorAfter, startKeyOf } from '#app/adapters/dynamodb/listing-cursor.ts';

const ID = '6f1c2a8e-3b4d-4c5e-9f60-718293a4b5c6';
const item = { pk: `SESSION#${ID}`, crmReference: 'case-1', createdAt: '2026-11-21T10:00:00.000Z', state: 'pending', amount: '12.40' };
const key = { pk: `SESSION#${ID}`, crmReference: 'case-1', createdAt: '2026-11-21T10:00:00.000Z' };
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What `startKeyOf` refused `cursor` with, or undefined when it took it. */
function refusal(cursor: string, crmReference = 'case-1') {
  try {
    startKeyOf(cursor, crmReference);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("a listing's cursor", () => {
  it('reads back as the index key of the payment it was made after, and nothing more of it', () => {
    expect(startKeyOf(cursorAfter(item), 'case-1')).toEqual(key);
  });

  it('is base64url JSON of that key, as cursors have always been, so a caller paging through a deployment keeps its place', () => {
    expect(cursorAfter(item)).toBe(encoded(key));
  });

  it("is refused for another CRM record's listing, saying so", () => {
    expect(refusal(cursorAfter(item), 'case-2')).toMatchObject({
      code: 'INVALID_CURSOR',
      status: 400,
      details: [{ path: 'cursor', message: expect.stringContaining("another crmReference's") }],
    });
  });

  it.each([
    ['not base64url', 'nope!'],
    ['base64url of no JSON', encoded(item).slice(0, -4)],
    ['JSON of no object', encoded([key.pk, 'case-1', '2026'])],
    ['a key with a value missing', encoded({ pk: key.pk, crmReference: 'case-1' })],
    ['a key with an empty value', encoded({ ...key, createdAt: '' })],
    ['a key with a value that is no string', encoded({ ...key, createdAt: 1 })],
    ['a key with an attribute more', encoded({ ...key, state: 'pending' })],
    ['a key of an item that is no payment', encoded({ ...key, pk: 'IDEMPOTENCY#crm#k' })],
    ['a key with a __proto__ attribute', Buffer.from(`${JSON.stringify(key).slice(0, -1)},"__proto__":{"pk":"x"}}`).toString('base64url')],
    // DynamoDB refuses a sort key over 1,024 bytes with an error, which would answer 500.
    ['a key with a createdAt over what DynamoDB takes', encoded({ ...key, createdAt: '9'.repeat(1400) })],
    ['a key with a createdAt the connector never writes', encoded({ ...key, createdAt: '\udfff' })],
    ['a key of a payment id that is no UUID', encoded({ ...key, pk: 'SESSION#p-1' })],
    ['empty', ''],
  ])('is refused when it is %s, as one this API never gave', (_, cursor) => {
    expect(refusal(cursor)).toMatchObject({
      code: 'INVALID_CURSOR',
      details: [{ path: 'cursor', message: expect.stringContaining('is not a nextCursor this API gave') }],
    });
  });
});
