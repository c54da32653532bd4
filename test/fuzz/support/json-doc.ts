import fc from 'fast-check';
import { type JsonText, jsonString } from './json-text.ts';

/**
 * A valid request body as an ordered list of keys, so that one field can be changed, removed,
 * renamed, duplicated or added before it is written as JSON text: the way the fuzzer gets past
 * the JSON parser and into validation, the card guard, storage and VCC.
 */
export interface JsonDoc {
  entries: [string, JsonText | JsonDoc][];
}

export const doc = (entries: [string, JsonText | JsonDoc | undefined][]): JsonDoc => ({
  entries: entries.filter((entry): entry is [string, JsonText | JsonDoc] => entry[1] !== undefined),
});

export function renderDoc(value: JsonDoc | JsonText): JsonText {
  if (typeof value === 'string') return value;
  return `{${value.entries.map(([key, item]) => `${jsonString(key)}:${renderDoc(item)}`).join(',')}}`;
}

/** One change to one place of a document. */
export type DocChange =
  | { kind: 'set'; path: readonly string[]; value: JsonText }
  | { kind: 'delete'; path: readonly string[] }
  | { kind: 'add'; at: readonly string[]; key: string; value: JsonText; first: boolean }
  | { kind: 'rename'; path: readonly string[]; to: string }
  | { kind: 'duplicate'; path: readonly string[]; value: JsonText; before: boolean };

function objectAt(target: JsonDoc, path: readonly string[]): JsonDoc | undefined {
  let current: JsonDoc | undefined = target;
  for (const key of path) {
    const next: JsonText | JsonDoc | undefined = current?.entries.find(([name]) => name === key)?.[1];
    current = next !== undefined && typeof next !== 'string' ? next : undefined;
  }
  return current;
}

const copy = (value: JsonDoc): JsonDoc => ({ entries: value.entries.map(([k, v]) => [k, typeof v === 'string' ? v : copy(v)]) });

/** The document with `change` made; a change to a place that does not exist adds it where it can. */
export function changed(original: JsonDoc, change: DocChange): JsonDoc {
  const result = copy(original);
  const parentPath = 'path' in change ? change.path.slice(0, -1) : change.at;
  const parent = objectAt(result, parentPath) ?? result;
  const key = 'path' in change ? change.path[change.path.length - 1]! : change.key;
  const index = parent.entries.findIndex(([name]) => name === key);
  switch (change.kind) {
    case 'set':
      if (index >= 0) parent.entries[index] = [key, change.value];
      else parent.entries.push([key, change.value]);
      break;
    case 'delete':
      if (index >= 0) parent.entries.splice(index, 1);
      break;
    case 'add':
      if (change.first) parent.entries.unshift([key, change.value]);
      else parent.entries.push([key, change.value]);
      break;
    case 'rename':
      if (index >= 0) parent.entries[index] = [change.to, parent.entries[index]![1]];
      break;
    case 'duplicate': {
      const entry: [string, JsonText] = [key, change.value];
      if (change.before) parent.entries.splice(Math.max(0, index), 0, entry);
      else parent.entries.push(entry);
      break;
    }
  }
  return result;
}

export interface DocChanges {
  /** Places whose value may be replaced, removed or duplicated. */
  paths: readonly (readonly string[])[];
  /** Objects a key may be added to. */
  objects: readonly (readonly string[])[];
  /** Values for `set`/`duplicate`/`add`: of the wrong type, extreme, or holding a card number. */
  values: fc.Arbitrary<JsonText>;
  /** Keys for `add`. */
  keys: fc.Arbitrary<string>;
  /** Misspellings of the body's own keys, for `rename`. */
  renames: fc.Arbitrary<string>;
}

/** Exactly one change, anywhere the route's body has a place. */
export const docChange = ({ paths, objects, values, keys, renames }: DocChanges): fc.Arbitrary<DocChange> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...paths), value: values }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...paths) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('add' as const), at: fc.constantFrom(...objects), key: keys, value: values, first: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), path: fc.constantFrom(...paths), to: renames }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), path: fc.constantFrom(...paths), value: values, before: fc.boolean() }) },
  );
