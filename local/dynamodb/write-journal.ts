import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Which items the table's writes named, for a test that must see everything requests left behind
 * without reading the whole table after every batch (the fuzz tests did, and those reads were 7% of
 * their time). Nothing is recorded, or even parsed, while nobody follows.
 *
 * A write's keys are recorded once dynalite has answered it, so a follower that takes the keys and
 * then reads those items sees at least that write; a write still in flight when the keys are taken
 * comes with the next take.
 */

/** An item's key, as the attributes of the table's key schema. */
export type ItemKey = Record<string, AttributeValue>;

/**
 * What was written since the last take, by item key (see `keyText`); `unknown` when a call may
 * have changed items it does not name (a table operation, or a write this journal cannot read).
 */
export type WrittenKeys = Map<string, ItemKey> | 'unknown';

export interface WriteFollower {
  take(): WrittenKeys;
  stop(): void;
}

/** Calls that change no item. */
const READS = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
  'DescribeTable',
  'ListTables',
  'DescribeTimeToLive',
  'DescribeContinuousBackups',
  'ListTagsOfResource',
  'DescribeLimits',
  'DescribeEndpoints',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export class WriteJournal {
  private readonly followers = new Set<{ keys: WrittenKeys }>();

  constructor(private readonly keyNames: readonly string[]) {}

  get followed(): boolean {
    return this.followers.size > 0;
  }

  /** The key of an item (or of a Key), as one text: equal keys, equal texts. */
  keyText(item: Record<string, unknown>): string {
    return JSON.stringify(this.keyNames.map((name) => item[name]));
  }

  /** The items a call writes, by the call's name and JSON body: null for a read. */
  written(operation: string, body: string): ItemKey[] | 'unknown' | null {
    if (READS.has(operation)) return null;
    let request: unknown;
    try {
      request = JSON.parse(body);
    } catch {
      return 'unknown';
    }
    if (!isObject(request)) return 'unknown';
    const named: unknown[] = [];
    switch (operation) {
      case 'PutItem':
        named.push(request.Item);
        break;
      case 'UpdateItem':
      case 'DeleteItem':
        named.push(request.Key);
        break;
      case 'BatchWriteItem':
        for (const writes of isObject(request.RequestItems) ? Object.values(request.RequestItems) : [undefined]) {
          if (!Array.isArray(writes)) return 'unknown';
          for (const write of writes) named.push(isObject(write) ? ((write.PutRequest as Json)?.Item ?? (write.DeleteRequest as Json)?.Key) : undefined);
        }
        break;
      case 'TransactWriteItems':
        if (!Array.isArray(request.TransactItems)) return 'unknown';
        for (const item of request.TransactItems) {
          if (!isObject(item)) return 'unknown';
          if (item.ConditionCheck) continue;
          named.push((item.Put as Json)?.Item ?? (item.Update as Json)?.Key ?? (item.Delete as Json)?.Key);
        }
        break;
      default:
        return 'unknown';
    }
    const keys: ItemKey[] = [];
    for (const item of named) {
      if (!isObject(item) || this.keyNames.some((name) => !isObject(item[name]))) return 'unknown';
      keys.push(Object.fromEntries(this.keyNames.map((name) => [name, item[name] as AttributeValue])));
    }
    return keys;
  }

  record(written: ItemKey[] | 'unknown'): void {
    for (const follower of this.followers) {
      if (follower.keys === 'unknown') continue;
      if (written === 'unknown') follower.keys = 'unknown';
      else for (const key of written) follower.keys.set(this.keyText(key), key);
    }
  }

  /** Starts recording for one reader: each take returns what was written since the one before. */
  follow(): WriteFollower {
    const follower: { keys: WrittenKeys } = { keys: new Map() };
    this.followers.add(follower);
    return {
      take: () => {
        const { keys } = follower;
        follower.keys = new Map();
        return keys;
      },
      stop: () => void this.followers.delete(follower),
    };
  }
}
