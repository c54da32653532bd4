import fc from 'fast-check';
import { cardJsonValue, cardText } from './card-numbers.ts';

/**
 * Generators of JSON as text. Bodies are built as text rather than with JSON.stringify, so that
 * what a JavaScript object cannot hold is sent exactly: 22-digit integers, `-0`, `1e-320`,
 * duplicate keys, `__proto__` keys, 5,000 levels of nesting, unpaired surrogates.
 */

/** A JSON value, as text. */
export type JsonText = string;

export const jsonString = (value: string): JsonText => JSON.stringify(value);
export const jsonObject = (entries: readonly (readonly [string, JsonText])[]): JsonText =>
  `{${entries.map(([key, value]) => `${jsonString(key)}:${value}`).join(',')}}`;
export const jsonArray = (items: readonly JsonText[]): JsonText => `[${items.join(',')}]`;

/** Numbers at the edges of what JSON parsers, JavaScript and DynamoDB agree on. */
export const EDGE_NUMBERS = [
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740991',
  '-9007199254740992',
  '-9007199254740993',
  '1234567890123456789012',
  '-1234567890123456789012',
  '9999999999999999999999',
  '18446744073709551616',
  '1e-320',
  '-1e-320',
  '5e-324',
  '2.2250738585072014e-308',
  '1e-130',
  '1e-131',
  '-0',
  '-0.0',
  '0',
  '0e0',
  '0.0',
  '1e308',
  '-1e308',
  '1.7976931348623157e308',
  '1e309',
  '-1e400',
  '1e126',
  '1e125',
  '9.9999999999999999999e125',
  '1E+2',
  '1e21',
  '1e-7',
  '0.1',
  '0.30000000000000004',
  '12.40',
  '100.00',
  '-1',
  '2147483648',
  '4294967296',
  '123456789.123456789123456789',
  '0.000000000000000000000000000000000000001',
  '1.00000000000000000000000000000000000001',
] as const;

export const edgeNumber: fc.Arbitrary<JsonText> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? '-0' : JSON.stringify(n))) },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

/** Characters that break naive code: controls, bidi, zero-width, combining, astral, unpaired surrogates, digits of other scripts. */
export const TRICKY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u061c',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0301',
  '\u0308',
  '\u0489',
  '\u20dd',
  '😀',
  '👩‍👩‍👧',
  '🇬🇧',
  '𝟜',
  '𐒠',
  '𞥔',
  '𠀋',
  'ع',
  'ש',
  'ی',
  '٤',
  '۴',
  '४',
  '৪',
  '４',
  'Ⅳ',
  '²',
  '½',
  'ß',
  'İ',
  'ı',
  'ﬁ',
  'Ω',
  '"',
  '\\',
  '/',
  '<',
  '>',
  '&',
  "'",
  '%',
  '#',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '$',
  '`',
  '\n',
  '\r',
  '\t',
  ' ',
] as const;

const RTL_TEXT = ['مرحبا بالعالم', 'שלום עולם', '\u202eevil\u202c', 'abc\u202edcba', 'سلام ۱۲۳', 'رقم ٤٥٦'];
const zalgo = fc
  .tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 60 }))
  .map(([base, marks]) => [...base].map((c) => c + '\u0301\u0308\u0327\u0489'.repeat(Math.ceil(marks / 4)).slice(0, marks)).join(''));

/** A short string from the awkward corners of Unicode. */
export const unicodeText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...TRICKY_CHARS), maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...RTL_TEXT) },
  { weight: 1, arbitrary: zalgo },
);

/** Sometimes plain, sometimes awkward: the text of an ordinary field. */
export const fieldText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }) },
  { weight: 2, arbitrary: unicodeText },
);

/** A string of `minLength` to `maxLength` characters, repeated from a short, maybe multi-byte chunk. */
export const hugeText = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof(fc.constant('x'), fc.string({ unit: fc.constantFrom(...TRICKY_CHARS, 'a', 'b', '1'), minLength: 1, maxLength: 6 })),
      fc.integer({ min: minLength, max: maxLength }),
    )
    .map(([chunk, length]) => chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length));

/** Keys that mean something to JavaScript objects, at any depth. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  '__lookupGetter__',
  'isPrototypeOf',
  'toJSON',
  'then',
] as const;

/** An object with prototype keys somewhere down a path of 0-6 levels: `{"constructor":{"prototype":{...}}}` and the like. */
export const prototypeKeyObject: fc.Arbitrary<JsonText> = fc
  .record({
    path: fc.array(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('a', 'data', 'paymentResultData')), { minLength: 0, maxLength: 6 }),
    key: fc.constantFrom(...PROTOTYPE_KEYS),
    value: fc.constantFrom(
      '{"polluted":true}',
      'null',
      '[]',
      '"x"',
      '1',
      '{"prototype":{"polluted":true}}',
      '{"__proto__":{"isAdmin":true}}',
      '{"toString":"boom"}',
    ),
    sibling: fc.boolean(),
  })
  .map(({ path, key, value, sibling }) => {
    let text = jsonObject(
      sibling
        ? [
            ['ok', '1'],
            [key, value],
          ]
        : [[key, value]],
    );
    for (const step of [...path].reverse()) text = jsonObject([[step, text]]);
    return text;
  });

/** A key of an object: plain, awkward, huge, a prototype key or a card number. */
export const objectKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }) },
  { weight: 2, arbitrary: unicodeText },
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: hugeText(200, 2000) },
  { weight: 1, arbitrary: cardText },
);

/** A JSON leaf of any type. */
export const jsonLeaf: fc.Arbitrary<JsonText> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('null', 'true', 'false') },
  { weight: 3, arbitrary: edgeNumber },
  { weight: 4, arbitrary: fieldText.map(jsonString) },
  { weight: 1, arbitrary: cardJsonValue },
);

/** Any JSON value a few levels deep, with awkward keys and leaves. */
export const anyJson: fc.Arbitrary<JsonText> = fc.letrec<{ value: JsonText }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: jsonLeaf },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 5 }).map(jsonArray) },
    { weight: 1, arbitrary: fc.array(fc.tuple(objectKey, tie('value')), { maxLength: 5 }).map(jsonObject) },
  ),
})).value;

export type NestingShape = 'arrays' | 'objects' | 'mixed' | 'arrays-with-siblings';

/** Bytes each level of a shape adds, to keep a nesting inside a body limit. */
const BYTES_PER_LEVEL: Record<NestingShape, number> = { arrays: 2, objects: 6, mixed: 4, 'arrays-with-siblings': 6 };

/** `depth` levels of nesting around `leaf`, written without recursion. */
export function nested(shape: NestingShape, depth: number, leaf: JsonText = 'null'): JsonText {
  switch (shape) {
    case 'arrays':
      return `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
    case 'objects':
      return `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
    case 'mixed':
      return `${'[{"a":'.repeat(Math.ceil(depth / 2))}${leaf}${'}]'.repeat(Math.ceil(depth / 2))}`;
    case 'arrays-with-siblings':
      return `${'[1,'.repeat(depth)}${leaf}${',2]'.repeat(depth)}`;
  }
}

/**
 * Nesting from a few levels to 5,000 (DynamoDB stops at 32; a JavaScript recursion overflows in
 * the thousands), kept inside `maxBytes` so that the body limit does not answer first.
 */
export const deepNesting = (maxBytes: number): fc.Arbitrary<JsonText> =>
  fc
    .record({
      shape: fc.constantFrom<NestingShape>('arrays', 'objects', 'mixed', 'arrays-with-siblings'),
      depth: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 30, max: 300 }), fc.integer({ min: 300, max: 5000 })),
      leaf: fc.oneof(
        fc.constant('null'),
        jsonLeaf,
        cardText.map((card) => jsonObject([[card, '1']])),
        prototypeKeyObject,
      ),
    })
    .map(({ shape, depth, leaf }) => nested(shape, Math.max(1, Math.min(depth, Math.floor((maxBytes - 200 - leaf.length) / BYTES_PER_LEVEL[shape]))), leaf));

/** An object of 50 to several thousand keys (fewer when they would not fit in `maxBytes`), sometimes repeated. */
export const manyKeys = (maxBytes: number): fc.Arbitrary<JsonText> =>
  fc
    .record({
      count: fc.oneof(fc.integer({ min: 49, max: 52 }), fc.integer({ min: 51, max: 400 }), fc.integer({ min: 400, max: 5000 })),
      style: fc.constantFrom('numbered', 'repeated', 'prototype', 'unicode'),
      value: fc.constantFrom('"v"', '1', 'null', '{}', '"4111"'),
    })
    .map(({ count, style, value }) => {
      const keyOf = (i: number) =>
        style === 'numbered'
          ? `k${i}`
          : style === 'repeated'
            ? 'same'
            : style === 'prototype'
              ? PROTOTYPE_KEYS[i % PROTOTYPE_KEYS.length]! + (i >= PROTOTYPE_KEYS.length ? i : '')
              : `ключ${i}\u200b`;
      const entries: [string, JsonText][] = [];
      let bytes = 2;
      for (let i = 0; i < count; i += 1) {
        const key = keyOf(i);
        bytes += Buffer.byteLength(key) + value.length + 4;
        if (bytes > maxBytes - 300) break;
        entries.push([key, value]);
      }
      return jsonObject(entries);
    });

/** Texts that are not JSON, or not quite. */
export const MALFORMED_JSON = [
  '',
  ' ',
  '\n',
  '{',
  '}',
  '[',
  ']',
  '{"a":}',
  '{"a":1,}',
  '[1,]',
  "{'a':1}",
  '{a:1}',
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  '{"a":NaN}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":1.}',
  '{"a":+1}',
  '{"a":0x10}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\\ud800"}',
  '{"a":"unterminated}',
  '{"a":"line\nbreak"}',
  '{"a":"tab\there"}',
  '{"a":"nul\u0000"}',
  '{"a":1}{"b":2}',
  '{"a":1} x',
  '// c\n{}',
  '/* c */{}',
  '\ufeff{}',
  '{"a" 1}',
  '{"a":1 "b":2}',
  '{,}',
  '{"__proto__":}',
  'nul',
  'tru',
  '[[[[',
  ']]]]',
  '\u0000',
  '{"a":1]',
  '{"sessionGuid":"x",}',
  '{"agentId":"a","paymentData":{"Amount":"1.00","Currency":"GBP"}',
  '{"":}',
  '{"a":[1,2,]}',
  '{"a":--1}',
] as const;

/** Malformed JSON: the list above, a valid body cut short, or noise. */
export const malformedJson = (validBody: fc.Arbitrary<JsonText>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...MALFORMED_JSON) },
    { weight: 3, arbitrary: fc.tuple(validBody, fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))) },
    {
      weight: 1,
      arbitrary: fc.tuple(validBody, fc.nat(), fc.constantFrom(',', '}', ']', '"', ':', '\\', '\u0000')).map(([text, at, junk]) => {
        const i = at % Math.max(1, text.length);
        return text.slice(0, i) + junk + text.slice(i);
      }),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  );

/** JSON of another type than an object, for bodies that must be objects. */
export const nonObjectJson: fc.Arbitrary<JsonText> = fc.oneof(
  fc.constantFrom('null', 'true', 'false', '0', '-0', '"x"', '""', '[]', '[{}]', '[null]', '1e400', '"{}"'),
  edgeNumber,
  fieldText.map(jsonString),
  fc.array(anyJson, { maxLength: 3 }).map(jsonArray),
);

/** A value of any type, for a field that expects one type: the "wrong type" family plus extremes. */
export const wrongValue = (maxBytes: number): fc.Arbitrary<JsonText> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('null', 'true', 'false', '0', '-1', '1.5', '""', '" "', '"x"', '[]', '{}', '[1,"a"]', '{"a":1}', '[null]', '{"":""}'),
    },
    { weight: 3, arbitrary: edgeNumber },
    { weight: 3, arbitrary: fieldText.map(jsonString) },
    { weight: 1, arbitrary: hugeText(257, Math.min(20_000, maxBytes)).map(jsonString) },
    { weight: 2, arbitrary: deepNesting(maxBytes) },
    { weight: 1, arbitrary: manyKeys(maxBytes) },
    { weight: 2, arbitrary: prototypeKeyObject },
    { weight: 2, arbitrary: anyJson },
    { weight: 2, arbitrary: cardJsonValue },
  );
