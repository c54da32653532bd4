import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** An item's key, as the attributes of the table's key schema. */
export type ItemKey = Record<string, AttributeValue>;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The items a call names, by its name and JSON body: the Key of a single-item call (an Item's key
 * for PutItem), every item of a BatchWriteItem or TransactWriteItems but a condition check. Null
 * for a call that names none this way (a Query, a Scan, a table operation) or a body it cannot read.
 */
export function keysNamedBy(operation: string, body: string, keyNames: readonly string[]): ItemKey[] | null {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isObject(request)) return null;
  const named: unknown[] = [];
  switch (operation) {
    case 'PutItem':
      named.push(request.Item);
      break;
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      named.push(request.Key);
      break;
    case 'BatchWriteItem':
      if (!isObject(request.RequestItems)) return null;
      for (const writes of Object.values(request.RequestItems)) {
        if (!Array.isArray(writes)) return null;
        for (const write of writes) named.push(isObject(write) ? ((write.PutRequest as Json)?.Item ?? (write.DeleteRequest as Json)?.Key) : undefined);
      }
      break;
    case 'TransactWriteItems':
      if (!Array.isArray(request.TransactItems)) return null;
      for (const item of request.TransactItems) {
        if (!isObject(item)) return null;
        if (item.ConditionCheck) continue;
        named.push((item.Put as Json)?.Item ?? (item.Update as Json)?.Key ?? (item.Delete as Json)?.Key);
      }
      break;
    default:
      return null;
  }
  const keys: ItemKey[] = [];
  for (const item of named) {
    if (!isObject(item) || keyNames.some((name) => !isObject(item[name]))) return null;
    keys.push(Object.fromEntries(keyNames.map((name) => [name, item[name] as AttributeValue])));
  }
  return keys;
}
