import fc from 'fast-check';
import { cardHeaderValue, cardText } from './card-numbers.ts';
import { hugeText, unicodeText } from './json-text.ts';

/**
 * Headers, path ids and query strings. Placeholders are filled in when a request is sent, so that
 * every send is unique: `MARKER` becomes a letters-only tag of that send and `FRESH_UUID` a new UUID.
 */
export const MARKER = '⟦marker⟧';
export const FRESH_UUID = '⟦uuid⟧';

/** Shrinking may switch to the first (plainest) choice, so a counter-example keeps only the odd headers it needs. */
const CROSS_SHRINK = { withCrossShrink: true } as const;

/** The header an HTTP client can send: values with characters beyond Latin-1 go as their UTF-8 bytes. */
export type HeaderValue = string | string[];

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'Application/Json;charset=UTF-8',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/jsonx',
  'application/json;charset=latin1',
  'application/json, text/plain',
  ' application/json',
  'application/json ',
  'text/json',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '*/*',
  '',
  'application/',
  'json',
  'application/json; boundary="a;b"',
] as const;

/** Content-Type: mostly JSON (so the body is read), sometimes anything, absent or huge. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  CROSS_SHRINK,
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: hugeText(1000, 4000).map((t) => `application/json; x=${t.replace(/[\u0000-\u001f\u007f]/g, '')}`) },
);

const VISIBLE_ASCII = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });
const headerSafe = (text: string) => text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');

/** Idempotency-Key: unique and valid mostly (so the body is what is tested), otherwise every kind of wrong. */
export const idempotencyKey: fc.Arbitrary<HeaderValue | undefined> = fc.oneof(
  CROSS_SHRINK,
  { weight: 12, arbitrary: fc.constant(`key-${MARKER}`) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant(`${FRESH_UUID}`) },
  { weight: 1, arbitrary: VISIBLE_ASCII.map((s) => `${MARKER}${s}`) },
  { weight: 1, arbitrary: fc.integer({ min: 240, max: 270 }).map((n) => `${MARKER}${'k'.repeat(Math.max(0, n - 13))}`) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'a b', 'key\twith\ttab', 'ключ', 'clé-é', '"quoted"', '🔑') },
  { weight: 1, arbitrary: hugeText(256, 6000).map(headerSafe) },
  { weight: 1, arbitrary: unicodeText.map((t) => `${MARKER}${headerSafe(t)}`) },
  { weight: 2, arbitrary: cardHeaderValue },
  { weight: 1, arbitrary: fc.tuple(cardHeaderValue, fc.constant(`key-${MARKER}`)).map(([a, b]) => [b, a]) },
);

/** X-Correlation-Id: absent, valid, just outside the rules, huge, or a card number that must not be echoed. */
export const correlationId: fc.Arbitrary<HeaderValue | undefined> = fc.oneof(
  CROSS_SHRINK,
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constant(`corr-${MARKER}`) },
  { weight: 1, arbitrary: fc.constantFrom('1234567', '12345678', 'a'.repeat(128), 'a'.repeat(129), 'abc def gh', 'abc/def/gh', '........', '--------') },
  { weight: 1, arbitrary: hugeText(129, 6000).map(headerSafe) },
  { weight: 1, arbitrary: unicodeText.map(headerSafe) },
  { weight: 4, arbitrary: cardHeaderValue },
  { weight: 1, arbitrary: fc.tuple(cardHeaderValue, fc.constant(`corr-${MARKER}`)).map(([a, b]) => [b, a]) },
);

/** Who the request claims to be. Most requests carry the route's own token, so the handler sees them. */
export type AuthChoice = 'route' | 'none' | 'empty-bearer' | 'garbage' | 'basic' | 'wrong-scope' | 'lowercase-scheme';
export const authChoice: fc.Arbitrary<AuthChoice> = fc.oneof(
  CROSS_SHRINK,
  { weight: 40, arbitrary: fc.constant('route' as const) },
  { weight: 1, arbitrary: fc.constantFrom<AuthChoice>('none', 'empty-bearer', 'garbage', 'basic', 'wrong-scope', 'lowercase-scheme') },
);

/** Other headers that should change nothing. */
export const extraHeaders: fc.Arbitrary<Record<string, HeaderValue>> = fc.oneof(
  CROSS_SHRINK,
  { weight: 8, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost:3000', 'https://crm.example.com'),
        accept: fc.constantFrom('*/*', 'text/html', 'application/xml', ''),
        'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1', '4111111111111111'),
        'x-amzn-trace-id': fc.constantFrom('Root=1-5759e988-bd862e3fe1be46a994272793', 'x'),
        'accept-encoding': fc.constantFrom('gzip', 'identity', 'br;q=0'),
      },
      { requiredKeys: [] },
    ),
  },
);

/**
 * Percent-encoding of the UTF-8 bytes, as encodeURIComponent does, except that an unpaired
 * surrogate goes as the bytes a careless encoder writes (ED A0 80...) instead of throwing.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const unit of text.match(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g) ?? []) {
    if (/^[A-Za-z0-9\-_.!~*'()]$/.test(unit)) out += unit;
    else if (unit.length === 1 && unit >= '\ud800' && unit <= '\udfff') {
      const cp = unit.charCodeAt(0);
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += [...Buffer.from(unit, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

const encodeSegment = percentEncode;

/** Ids that are not ours: near-UUIDs, traversal, encodings, unicode, huge, card numbers. */
export const oddPathId: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.uuid().map((u) => u) },
  { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `${u}%20`) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `%20${u}`) },
  { weight: 1, arbitrary: fc.uuid().map((u) => u.replace(/-/g, '')) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `{${u}}`) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `${u}%00`) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `${u.slice(0, -1)}g`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2F',
      'a%2Fb',
      '%',
      '%zz',
      '%E0%A4%A',
      '%C0%AF',
      '%ED%A0%80',
      '%FF',
      '%00',
      '%0A',
      '~',
      'null',
      'undefined',
      '0',
      '-1',
      'SESSION%23x',
      'IDEMPOTENCY%23local-crm%23x',
      '*',
      '%2A',
      '%7B%7D',
      '%22%22',
      '__proto__',
      'constructor',
      'prototype',
    ),
  },
  { weight: 2, arbitrary: unicodeText.filter((t) => t.length > 0).map(encodeSegment) },
  { weight: 1, arbitrary: hugeText(100, 1500).map(encodeSegment) },
  { weight: 3, arbitrary: cardText.map(encodeSegment) },
);

/** A query parameter value of any kind: awkward, huge, numeric edge, card number, already encoded. */
const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1',
    '20',
    '100',
    '101',
    '1e2',
    '1.5',
    '0x10',
    '+5',
    ' 5 ',
    '5abc',
    'NaN',
    'Infinity',
    '9007199254740993',
    '1234567890123456789012',
    '-0',
    '1e-320',
    'null',
    '[]',
    '{}',
    'true',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
  unicodeText,
  hugeText(256, 1500),
  cardText,
);

/** One `name=value` pair, encoded as browsers do, or raw (unbalanced `%`, `+`, `&`, `=`). */
export const queryPair = (names: fc.Arbitrary<string>, values: fc.Arbitrary<string> = queryValue): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.tuple(names, values).map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(names, fc.constantFrom('%', '%zz', '%E0%A4%A', '+', '%2B', 'a=b', '%26', '&', '%00', '%ED%A0%80', '='))
        .map(([n, v]) => `${percentEncode(n)}=${v}`),
    },
    { weight: 1, arbitrary: names.map((n) => percentEncode(n)) },
  );
