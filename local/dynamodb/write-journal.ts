import { type ItemKey, keysNamedBy } from './request-keys.ts';

/**
 * Which items the table's writes named, for a test that must see everything requests left behind
 * without reading the whole table after every batch (the fuzz tests did, and those reads were 7% of
 * their time). Nothing is recorded, or even parsed, while nobody follows.
 *
 * A write's keys are recorded once dynalite has answered it, so a follower that takes the keys and
 * then reads those items sees at least that write; a write still in flight when the keys are taken
 * comes with the next take.
 */

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
    return keysNamedBy(operation, body, this.keyNames) ?? 'unknown';
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
