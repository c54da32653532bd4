import fc from 'fast-check';
import { MAX_BODY_BYTES, MAX_WEBHOOK_BODY_BYTES } from '../../../functions/app/contract/api-contract.ts';
import { cardJsonValue, cardText, pan } from './card-numbers.ts';
import { type FuzzRequest, fuzzRequest } from './fuzz-request.ts';
import {
  authChoice,
  contentType,
  correlationId,
  extraHeaders,
  FRESH_UUID,
  type HeaderValue,
  idempotencyKey,
  MARKER,
  oddPathId,
  percentEncode,
  queryPair,
} from './http-inputs.ts';
import { changed, type DocChange, doc, docChange, type JsonDoc, renderDoc } from './json-doc.ts';
import {
  anyJson,
  deepNesting,
  edgeNumber,
  fieldText,
  hugeText,
  type JsonText,
  malformedJson,
  manyKeys,
  nonObjectJson,
  objectKey,
  prototypeKeyObject,
  jsonString as str,
  unicodeText,
  wrongValue,
} from './json-text.ts';

/**
 * Requests for every route: mostly a valid body with exactly one thing wrong (so the fuzzer gets
 * past the parser into validation, the card guard, storage and VCC), and the rest malformed, of
 * the wrong shape, deep, wide, huge, or carrying card numbers anywhere.
 */

/** What the generators aim at besides random ids: things the test created first. */
export interface Fixtures {
  sessionIds: string[];
  linkIds: string[];
  /** VCC's ids of the sessions and links above: webhooks about them change real sessions. */
  sessionGuids: string[];
  /** Links VCC declined and nobody reissued yet: the first reissue of one wins, so they are not reissue targets. */
  reissuableLinkIds: string[];
  crmReferences: string[];
  /** `nextCursor`s of real listings, with the crmReference they belong to. */
  cursors: { crmReference: string; cursor: string }[];
}

/** In a reissue path: replaced, before the request is sent, by a link just declined at VCC, so reissue can succeed. */
export const DECLINED_LINK = '⟦declined-link⟧';

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

interface RequestParts {
  family: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  bodyIsBytes?: boolean;
  /** Whether the route reads Content-Type and Idempotency-Key. */
  opensPayment?: boolean;
}

/** Headers and credentials around a path and body. */
function withHeaders(parts: fc.Arbitrary<RequestParts>): fc.Arbitrary<FuzzRequest> {
  return (
    fc
      .record({ parts, auth: authChoice, contentType, idempotencyKey, correlationId, extra: extraHeaders })
      .map(({ parts: { opensPayment, ...rest }, auth, contentType: type, idempotencyKey: key, correlationId: corr, extra }) => {
        const headers: Record<string, HeaderValue> = { ...extra };
        if (rest.body !== undefined && type !== undefined) headers['content-type'] = type;
        if (opensPayment && key !== undefined) headers['idempotency-key'] = key;
        if (corr !== undefined) headers['x-correlation-id'] = corr;
        return fuzzRequest({ ...rest, auth, headers });
      })
      // Node's HTTP server answers 431 on its own past 16 KiB of request line and headers (API
      // Gateway has its own limit, 10 KiB): requests that big test the server, not the connector.
      .filter((request) => requestHeadBytes(request) <= 14_000)
  );
}

/** Bytes of the request line and headers, the bearer token included. */
function requestHeadBytes(request: FuzzRequest): number {
  const values = Object.entries(request.headers).flatMap(([name, value]) => [value].flat().map((v) => name.length + Buffer.byteLength(v) + 4));
  return Buffer.byteLength(request.path) + values.reduce((sum, n) => sum + n, 0) + 1500;
}

/** A body that is not a document: the same families for every POST route. */
function wholeBodies(validBody: fc.Arbitrary<JsonText>, maxBytes: number): fc.Arbitrary<{ family: string; body: string; bodyIsBytes?: boolean }>[] {
  return [
    malformedJson(validBody).map((body) => ({ family: 'malformed JSON', body })),
    nonObjectJson.map((body) => ({ family: 'not an object', body })),
    deepNesting(maxBytes).map((body) => ({ family: 'deep nesting (whole body)', body })),
    manyKeys(maxBytes).map((body) => ({ family: 'many keys (whole body)', body })),
    prototypeKeyObject.map((body) => ({ family: 'prototype keys (whole body)', body })),
    anyJson.map((body) => ({ family: 'any JSON', body })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ family: 'raw bytes', body: Buffer.from(bytes).toString('latin1'), bodyIsBytes: true })),
    fc.tuple(validBody, fc.constantFrom('\u00ff', '\u00c3\u0028', '\u00ed\u00a0\u0080', '\u00f0\u0028\u008c\u0028')).map(([body, bad]) => ({
      family: 'invalid UTF-8',
      body: Buffer.from(body, 'utf8')
        .toString('latin1')
        .replace(/"(?=[^"]*"\s*[,}])/, `"${bad}`),
      bodyIsBytes: true,
    })),
  ];
}

/** A valid document padded to around the body limit: just under, at, and just over it. */
const nearLimit = (base: fc.Arbitrary<JsonDoc>, at: string[], maxBytes: number) =>
  fc.tuple(base, fc.integer({ min: -400, max: 400 }), fc.constantFrom('x', 'é', '😀', '\u0000')).map(([d, delta, chunk]) => {
    const without = Buffer.byteLength(renderDoc(d));
    const target = maxBytes + delta - without - 20;
    const unitBytes = Buffer.byteLength(JSON.stringify(chunk)) - 2;
    return renderDoc(changed(d, { kind: 'add', at, key: 'Padding', value: str(chunk.repeat(Math.max(0, Math.floor(target / unitBytes)))), first: false }));
  });

// ---------------------------------------------------------------- payment sessions and links

const PERSONAL_FIELDS: [string, JsonText][] = [
  ['FirstName', '"John"'],
  ['Surname', '"Smith"'],
  ['Email', '"john@example.com"'],
  ['Street1', '"1 High Street"'],
  ['City', '"London"'],
  ['Postcode', '"SW1A 1AA"'],
  ['Country', '"GB"'],
  ['Notes', '"call back after 5"'],
];

const AMOUNTS = ['"12.40"', '"1.00"', '"0.01"', '"999.99"', '"100"'];
const AMOUNT_VARIANTS = [
  '"12.345"',
  '"0"',
  '"0.00"',
  '"-1"',
  '"1e2"',
  '"١٢.٤٠"',
  '"１２.４０"',
  '"12,40"',
  '" 12.40"',
  '"12.40 "',
  '"9999999999999999999999.99"',
  '".5"',
  '"5."',
  '"00012.40"',
  '"+12.40"',
  '"12.4"',
  '12.40',
  '1240',
  '"1_000"',
  '"NaN"',
  '"Infinity"',
  '"0x10"',
  '"12.40\u0000"',
  '""',
];
const CURRENCY_VARIANTS = ['"gbp"', '"JPY"', '"BHD"', '"XXX"', '"XTS"', '"GB"', '"GBPP"', '"ＧＢＰ"', '"GBP "', '"GBP\u0000"', '""', '"EUR"', '"USD"'];
const PHONES = ['"+447700900123"', '"+12025550143"', '"+33612345678"'];
const PHONE_VARIANTS = [
  '"+4111111111111111"',
  '"+378282246310005"',
  '"+36227206271667"',
  '"+4222222222222"',
  '"+447700 900123"',
  '"07700900123"',
  '"+٤٤٧٧٠٠٩٠٠١٢٣"',
  '"+４４７７００９００１２３"',
  '"+0447700900123"',
  '"+"',
  '""',
  '"+44-7700-900123"',
  '"+1234567890123456"',
  '447700900123',
  '"tel:+447700900123"',
];

/** Keys a caller might misspell, for `rename`. */
const renamesOf = (keys: string[]) =>
  fc.oneof(
    fc.constantFrom(...keys).map((k) => k.toUpperCase()),
    fc.constantFrom(...keys).map((k) => `${k} `),
    fc.constantFrom(...keys).map((k) => `${k}\u200b`),
    fc.constantFrom('agentID', 'AgentId', 'paymentdata', 'Amount ', 'currency', 'customerPhoneNumber', 'sessionguid', 'SessionGuid', 'sessionstate'),
  );

/** Places a card number can go in a CRM body: any value, any key, inside words. */
const cardInBody = (stringPaths: string[][], objects: string[][]): fc.Arbitrary<DocChange> =>
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...stringPaths), value: cardJsonValue }),
    fc.record({
      kind: fc.constant('set' as const),
      path: fc.constantFrom(...stringPaths),
      value: fc.tuple(fieldText, cardText).map(([word, card]) => str(`${word} ${card}`)),
    }),
    fc.record({
      kind: fc.constant('add' as const),
      at: fc.constantFrom(...objects),
      key: fc.constantFrom('Notes', 'Reference', 'Comment'),
      value: cardJsonValue,
      first: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('add' as const), at: fc.constantFrom(...objects), key: cardText, value: fc.constant('"x"'), first: fc.boolean() }),
  );

interface OpeningBody {
  /** Fields of the top level besides paymentData. */
  top: [string, JsonText | undefined][];
  /** paymentData's own fields. */
  paymentData: [string, JsonText | undefined][];
}

const openingDoc = ({ top, paymentData }: OpeningBody) => doc([...top, ['paymentData', doc(paymentData)]]);

const agentId = fc.constant(str(`agent-${MARKER}`));
const crmReference = maybe(fc.constant(str(`case-${MARKER}`)));
const paymentFlow = maybe(fc.constantFrom('"card-payment"', '"card-payment-moto"'));
const personal = fc.subarray(PERSONAL_FIELDS);
const currency = fc.constantFrom('"GBP"', '"EUR"', '"USD"');

const sessionBody: fc.Arbitrary<JsonDoc> = fc.record({ agentId, crmReference, paymentFlow, amount: fc.constantFrom(...AMOUNTS), currency, personal }).map((b) =>
  openingDoc({
    top: [
      ['agentId', b.agentId],
      ['skipCallTransfer', 'true'],
      ['crmReference', b.crmReference],
      ['paymentFlow', b.paymentFlow],
    ],
    paymentData: [['Amount', b.amount], ['Currency', b.currency], ['MerchantReferenceCode', str(`INV-${MARKER}`)], ...b.personal],
  }),
);

const linkBody: fc.Arbitrary<JsonDoc> = fc
  .record({ agentId, crmReference, paymentFlow, amount: fc.constantFrom(...AMOUNTS), currency, phone: fc.constantFrom(...PHONES), personal })
  .map((b) =>
    openingDoc({
      top: [
        ['agentId', b.agentId],
        ['crmReference', b.crmReference],
        ['paymentFlow', b.paymentFlow],
      ],
      paymentData: [
        ['Amount', b.amount],
        ['Currency', b.currency],
        ['MerchantReferenceCode', str(`INV-${MARKER}`)],
        ['CustomerPhoneNumber', b.phone],
        ...b.personal,
      ],
    }),
  );

const reissueBody: fc.Arbitrary<JsonDoc> = fc.record({ agentId: maybe(agentId), phone: fc.constantFrom(...PHONES), personal }).map((b) =>
  doc([
    ['agentId', b.agentId],
    ['paymentData', doc([['CustomerPhoneNumber', b.phone], ...b.personal])],
  ]),
);

/** A CRM body's single change: a field of the wrong type or extreme, removed, renamed, doubled, added, or a card number. */
type Change = { family: string; change: DocChange | null };

function crmChanges(topKeys: string[], paymentDataKeys: string[], special: fc.Arbitrary<DocChange>[]): fc.Arbitrary<Change> {
  const paths = [...topKeys.map((k) => [k]), ['paymentData'], ...paymentDataKeys.map((k) => ['paymentData', k])];
  const objects = [[], ['paymentData']];
  const stringPaths = paths.filter((p) => p.length === 2 || p[0] === 'agentId' || p[0] === 'crmReference' || p[0] === 'paymentFlow');
  const weighted: fc.WeightedArbitrary<Change>[] = [
    { weight: 2, arbitrary: fc.constant({ family: 'valid', change: null }) },
    {
      weight: 10,
      arbitrary: docChange({
        paths,
        objects,
        values: wrongValue(MAX_BODY_BYTES - 1500),
        keys: objectKey,
        renames: renamesOf([...topKeys, 'paymentData', ...paymentDataKeys]),
      }).map((change) => ({ family: `one field changed (${change.kind})`, change })),
    },
    // A gateway key the CRM may add, with a string value: accepted, so it reaches VCC and the store.
    {
      weight: 4,
      arbitrary: fc
        .record({
          kind: fc.constant('add' as const),
          at: fc.constant(['paymentData']),
          key: fc.oneof(objectKey, fc.constant('Notes')),
          value: fc.oneof(fieldText, hugeText(200, 300)).map(str),
          first: fc.boolean(),
        })
        .map((change) => ({ family: 'extra payment data', change })),
    },
    { weight: 6, arbitrary: cardInBody(stringPaths, objects).map((change) => ({ family: 'card number', change })) },
    ...special.map((arbitrary) => ({ weight: 2, arbitrary: arbitrary.map((change): Change => ({ family: 'edge value', change })) })),
  ];
  return fc.oneof({ withCrossShrink: true }, ...weighted);
}

function openingRequests(
  family: string,
  path: fc.Arbitrary<string>,
  base: fc.Arbitrary<JsonDoc>,
  changes: fc.Arbitrary<{ family: string; change: DocChange | null }>,
) {
  const documents = fc.tuple(base, changes).map(([d, { family: f, change }]) => ({ family: f, body: renderDoc(change ? changed(d, change) : d) }));
  const validText = base.map(renderDoc);
  const whole = [
    ...wholeBodies(validText, MAX_BODY_BYTES),
    nearLimit(base, ['paymentData'], MAX_BODY_BYTES).map((body) => ({ family: 'near the size limit', body })),
  ];
  const bodies = fc.oneof({ withCrossShrink: true }, { weight: 24, arbitrary: documents }, ...whole.map((arbitrary) => ({ weight: 1, arbitrary })));
  return withHeaders(
    fc.tuple(path, bodies).map(([p, b]): RequestParts => ({ ...b, family: `${family}: ${b.family}`, method: 'POST', path: p, opensPayment: true })),
  );
}

const amountChanges: fc.Arbitrary<DocChange>[] = [
  fc.record({ kind: fc.constant('set' as const), path: fc.constant(['paymentData', 'Amount']), value: fc.constantFrom(...AMOUNT_VARIANTS) }),
  fc.record({ kind: fc.constant('set' as const), path: fc.constant(['paymentData', 'Currency']), value: fc.constantFrom(...CURRENCY_VARIANTS) }),
];
const phoneChange: fc.Arbitrary<DocChange> = fc.record({
  kind: fc.constant('set' as const),
  path: fc.constant(['paymentData', 'CustomerPhoneNumber']),
  value: fc.constantFrom(...PHONE_VARIANTS),
});

export const createSessionRequests = (): fc.Arbitrary<FuzzRequest> =>
  openingRequests(
    'POST /v1/payment-sessions',
    fc.constant('/v1/payment-sessions'),
    sessionBody,
    crmChanges(['agentId', 'skipCallTransfer', 'crmReference', 'paymentFlow'], ['Amount', 'Currency', 'MerchantReferenceCode', 'FirstName'], amountChanges),
  );

export const createLinkRequests = (): fc.Arbitrary<FuzzRequest> =>
  openingRequests(
    'POST /v1/payment-links',
    fc.constant('/v1/payment-links'),
    linkBody,
    crmChanges(
      ['agentId', 'crmReference', 'paymentFlow'],
      ['Amount', 'Currency', 'MerchantReferenceCode', 'CustomerPhoneNumber', 'FirstName'],
      [...amountChanges, phoneChange, phoneChange],
    ),
  );

/** A path id: one of ours (of the right kind or the other), or anything else. */
const pathId = (own: string[], others: string[]) =>
  fc.oneof(
    ...(own.length ? [{ weight: 3, arbitrary: fc.constantFrom(...own) }] : []),
    ...(others.length ? [{ weight: 1, arbitrary: fc.constantFrom(...others) }] : []),
    { weight: 5, arbitrary: oddPathId },
  );

export const reissueRequests = (fixtures: Fixtures): fc.Arbitrary<FuzzRequest> => {
  // Which request of a batch reaches a reissuable link first is a race: each gets a link of its own instead.
  const links = fixtures.linkIds.filter((id) => !fixtures.reissuableLinkIds.includes(id));
  const target = fc.oneof({ weight: 1, arbitrary: fc.constant(DECLINED_LINK) }, { weight: 10, arbitrary: pathId(links, fixtures.sessionIds) });
  const keptFromLink: fc.Arbitrary<DocChange> = fc.record({
    kind: fc.constant('add' as const),
    at: fc.constant(['paymentData']),
    key: fc.constantFrom('Amount', 'Currency', 'MerchantReferenceCode'),
    value: fc.constantFrom('"12.40"', '"GBP"', '"X"'),
    first: fc.boolean(),
  });
  return openingRequests(
    'POST /v1/payment-links/{id}/reissue',
    target.map((id) => `/v1/payment-links/${id}/reissue`),
    reissueBody,
    crmChanges(['agentId'], ['CustomerPhoneNumber', 'FirstName'], [phoneChange, phoneChange, keptFromLink]),
  );
};

// ---------------------------------------------------------------- reads

const PATH_SUFFIXES = ['', '', '', '', '/', '?x=1', '?id=4111111111111111', '/extra', '//', '?', '#frag', '%2F', '/..'];

function readRequests(family: string, prefix: string, ids: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  const parts = fc
    .record({ id: ids, suffix: fc.constantFrom(...PATH_SUFFIXES), body: fc.option(fc.oneof(anyJson, malformedJson(anyJson)), { nil: undefined, freq: 12 }) })
    .map(({ id, suffix, body }): RequestParts => ({ family, method: 'GET', path: `${prefix}${id}${suffix}`, ...(body === undefined ? {} : { body }) }));
  return withHeaders(parts);
}

export const getSessionRequests = (fixtures: Fixtures) =>
  readRequests('GET /v1/payment-sessions/{id}', '/v1/payment-sessions/', pathId(fixtures.sessionIds, fixtures.linkIds));

export const getLinkRequests = (fixtures: Fixtures) =>
  readRequests('GET /v1/payment-links/{id}', '/v1/payment-links/', pathId(fixtures.linkIds, fixtures.sessionIds));

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Cursors: real ones, real ones changed by one field or one character, and made-up ones. */
function cursors(fixtures: Fixtures): fc.Arbitrary<string> {
  const real = fixtures.cursors.map((c) => c.cursor);
  const decoded = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
  const asDoc = (cursor: string) => doc(Object.entries(decoded(cursor)).map(([k, v]) => [k, str(v)]));
  const keys = real.length ? Object.keys(decoded(real[0]!)) : ['pk'];
  return fc.oneof(
    ...(real.length
      ? [
          { weight: 3, arbitrary: fc.constantFrom(...real) },
          {
            weight: 4,
            arbitrary: fc
              .tuple(
                fc.constantFrom(...real),
                docChange({
                  paths: keys.map((k) => [k]),
                  objects: [[]],
                  // A sort key over DynamoDB's 1,024 bytes is its own error, not a miss: a 5xx unless refused first.
                  values: fc.oneof(
                    wrongValue(1500),
                    cardJsonValue,
                    fc.constantFrom('"SESSION#x"', '"IDEMPOTENCY#local-crm#x"', '"VCCSESSION#x"', '""', JSON.stringify('9'.repeat(1100))),
                  ),
                  keys: objectKey,
                  renames: renamesOf(keys),
                }),
              )
              .map(([cursor, change]) => base64url(renderDoc(changed(asDoc(cursor), change)))),
          },
          {
            weight: 2,
            arbitrary: fc.tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom('A', '_', '-', '=', '+', '/', '.', '')).map(([c, at, ch]) => {
              const i = at % c.length;
              return c.slice(0, i) + ch + c.slice(i + 1);
            }),
          },
          { weight: 1, arbitrary: fc.constantFrom(...real).map((c) => Buffer.from(c, 'base64url').toString('base64')) },
          // One key's value made odd (over DynamoDB's key sizes, lone surrogates, any text): what a
          // cursor check that only looks at a key's shape lets through to the store.
          {
            weight: 3,
            arbitrary: fc
              .tuple(
                fc.constantFrom(...real),
                fc.constantFrom(...keys),
                fc.oneof(hugeText(1000, 2100), unicodeText, fc.constantFrom('\udfff', '9', 'SESSION#')),
              )
              .map(([cursor, name, value]) => base64url(JSON.stringify({ ...decoded(cursor), [name]: value }))),
          },
        ]
      : []),
    { weight: 2, arbitrary: anyJson.map(base64url) },
    { weight: 1, arbitrary: deepNesting(1500).map(base64url) },
    { weight: 1, arbitrary: prototypeKeyObject.map(base64url) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}

export const listPaymentsRequests = (fixtures: Fixtures): fc.Arbitrary<FuzzRequest> => {
  const references = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...fixtures.crmReferences) },
    { weight: 1, arbitrary: fc.constant(`case-${MARKER}`) },
    { weight: 1, arbitrary: fc.constantFrom(...fixtures.crmReferences).map((r) => ` ${r} `) },
    { weight: 2, arbitrary: fc.oneof(unicodeText, cardText, hugeText(200, 1200), fc.constantFrom('', ' ', '%', 'case-*', '__proto__')) },
  );
  const sizes = fc.oneof(
    fc.constantFrom('1', '2', '5', '20', '100'),
    fc.constantFrom('0', '101', '-1', '1.5', '1e2', ' 5', '0x10', '', 'NaN', '9007199254740993', '1234567890123456789012', '-0', '1e-320', '٥', '５'),
    edgeNumber,
    cardText,
  );
  const cursorOfReference = (reference: string) => fixtures.cursors.find((c) => c.crmReference === reference)?.cursor;
  const recordNamedBy = (cursor: string): string | undefined => {
    try {
      const named = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>).crmReference;
      return typeof named === 'string' ? named : undefined;
    } catch {
      return undefined;
    }
  };
  // pageSize, limit (its name before 0.2.0, still read), or both with the same size.
  const sizeNames = fc.constantFrom<string[]>(['pageSize'], ['pageSize'], ['limit'], ['pageSize', 'limit']);
  const wellFormed = fc
    .record({
      reference: references,
      size: maybe(sizes),
      sizeNames,
      cursor: fc.option(fc.oneof(fc.constant('own'), cursors(fixtures)), { nil: undefined, freq: 2 }),
      // A changed cursor is mostly sent with the record it names, so the change reaches the store.
      withItsRecord: fc.boolean(),
    })
    .map(({ reference, size, sizeNames, cursor, withItsRecord }) => {
      const ownCursor = cursor === 'own' ? (cursorOfReference(reference) ?? fixtures.cursors[0]?.cursor) : cursor;
      const listed = withItsRecord && ownCursor !== undefined ? (recordNamedBy(ownCursor) ?? reference) : reference;
      const pairs = [`crmReference=${percentEncode(listed)}`];
      if (size !== undefined) for (const name of sizeNames) pairs.push(`${name}=${percentEncode(size)}`);
      if (ownCursor !== undefined) pairs.push(`cursor=${percentEncode(ownCursor)}`);
      return pairs;
    });
  const names = fc.oneof(
    fc.constantFrom(
      'crmReference',
      'pageSize',
      'limit',
      'cursor',
      'CRMReference',
      'crmreference',
      'pagesize',
      'crmReference[]',
      'limit ',
      'offset',
      'id',
      '__proto__',
      'constructor',
    ),
    objectKey,
  );
  const shuffled = fc
    .tuple(wellFormed, fc.array(queryPair(names), { maxLength: 4 }), fc.constantFrom('&', '&', '&', '&&', ';', '&amp;'))
    .map(([pairs, extra, join]) => [...pairs, ...extra].join(join));
  const query = fc.oneof(
    { weight: 6, arbitrary: wellFormed.map((pairs) => pairs.join('&')) },
    { weight: 3, arbitrary: shuffled },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '?',
        '&',
        '=',
        'crmReference',
        'crmReference=',
        '%',
        'crmReference=%',
        'crmReference=a&crmReference=b',
        'crmReference=4111111111111111',
      ),
    },
  );
  return withHeaders(query.map((q): RequestParts => ({ family: 'GET /v1/payments', method: 'GET', path: `/v1/payments${q === '' ? '' : `?${q}`}` })));
};

// ---------------------------------------------------------------- VCC's webhook

const VCC_STATES = ['Created', 'InProgress', 'Finished', 'TimeOut', 'Error', 'ExpiredOnProviderSide'];
const ODD_STATES = [
  '"finished"',
  '"FINISHED"',
  '"Unknown"',
  '""',
  '" "',
  '"Finished\u0000"',
  '"Fιnished"',
  '1',
  'null',
  '["Finished"]',
  '{"state":"Finished"}',
];
const ODD_TIMES = [
  '"2026-11-21T10:01:00"',
  '"2026-11-21 10:01:00"',
  '"2099-01-01T00:00:00Z"',
  '"1970-01-01T00:00:00Z"',
  '"0001-01-01T00:00:00Z"',
  '"+275760-09-13T00:00:00.000Z"',
  '"2026-13-45T99:99:99Z"',
  '"yesterday"',
  '""',
  '"2026-11-21T10:01:00+14:00"',
  '"2026-11-21T10:01:00.123456789Z"',
  '1700000000000',
  'null',
  '"٢٠٢٦-١١-٢١T10:01:00Z"',
];

const isoTime = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => str(d.toISOString()));
const twentyTwoDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 21, maxLength: 21 }).map((d) => `7${d.join('')}`);

const cyberSourceResult = fc
  .record({ decision: fc.constantFrom('"ACCEPT"', '"REJECT"', '"ERROR"', '"REVIEW"'), requestID: twentyTwoDigits, personal })
  .map((r) =>
    doc([
      ['decision', r.decision],
      ['reasonCode', r.decision === '"ACCEPT"' ? '"100"' : '"203"'],
      ['transactionType', '"sale"'],
      ['requestID', str(r.requestID)],
      ['Amount', '"1240"'],
      ['Currency', '"GBP"'],
      ['MerchantReferenceCode', str(`INV-${MARKER}`)],
      ...r.personal,
    ]),
  );
const chaseResult = fc.record({ approval: fc.constantFrom('"1"', '"0"', '"2"'), ref: fc.stringMatching(/^[0-9A-F]{40}$/) }).map((r) =>
  doc([
    ['ApprovalStatus', r.approval],
    ['RespCode', '"00"'],
    ['TxRefNum', str(r.ref)],
    ['ProcStatus', '"0"'],
  ]),
);

const webhookBody = (fixtures: Fixtures): fc.Arbitrary<JsonDoc> =>
  fc
    .record({
      sessionGuid: fc.oneof(
        { weight: 4, arbitrary: fc.constant(str(FRESH_UUID)) },
        { weight: 1, arbitrary: fc.constantFrom(...fixtures.sessionGuids).map(str) },
      ),
      callGuid: fc.uuid().map(str),
      provider: fc.uuid().map(str),
      createdOn: isoTime,
      lastUpdatedOn: isoTime,
      state: fc.constantFrom(...VCC_STATES),
      result: fc.oneof(fc.constant('null'), cyberSourceResult, chaseResult),
    })
    .map((w) =>
      doc([
        ['sessionGuid', w.sessionGuid],
        ['callGuid', w.callGuid],
        ['providerSessionGuid', w.provider],
        ['createdOn', w.createdOn],
        ['lastUpdatedOn', w.lastUpdatedOn],
        ['sessionState', str(w.state)],
        ['paymentResultData', w.state === 'Finished' ? w.result : 'null'],
        ['fuzzMarker', str(MARKER)],
      ]),
    );

/** requestID, sessionGuid or sessionState carrying a card number, at any depth. */
const cardInWebhook: fc.Arbitrary<DocChange> = fc.oneof<fc.Arbitrary<DocChange>[]>(
  fc.record({
    kind: fc.constant('set' as const),
    path: fc.constantFrom(['paymentResultData', 'requestID'], ['requestID'], ['paymentResultData', 'TxRefNum'], ['paymentResultData', 'Notes']),
    value: cardJsonValue,
  }),
  fc.record({ kind: fc.constant('set' as const), path: fc.constant(['paymentResultData', 'requestID']), value: pan.map((p) => p) }),
  fc.record({
    kind: fc.constant('set' as const),
    path: fc.constant(['sessionGuid']),
    value: fc.oneof(
      cardText.map((c) => str(`${FRESH_UUID}-${c}`)),
      cardText.map((c) => str(`${c} ${MARKER}`)),
      cardJsonValue,
    ),
  }),
  fc.record({
    kind: fc.constant('set' as const),
    path: fc.constant(['sessionState']),
    value: fc.oneof(
      cardJsonValue,
      cardText.map((c) => str(`Finished ${c}`)),
    ),
  }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.constantFrom([], ['paymentResultData']),
    first: fc.boolean(),
    key: fc.constantFrom('gateway', 'details', 'raw', 'requestID'),
    value: fc
      .tuple(fc.array(fc.constantFrom('a', 'details', 'requestID', 'reply', '0'), { maxLength: 6 }), cardJsonValue)
      .map(([path, card]) => path.reduceRight((inner, key) => `{${str(key)}:${inner}}`, `{"requestID":${card}}`)),
  }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.constantFrom([], ['paymentResultData']),
    first: fc.boolean(),
    key: cardText,
    value: fc.constant('"x"'),
  }),
  fc.record({
    kind: fc.constant('add' as const),
    at: fc.constantFrom([], ['paymentResultData']),
    first: fc.boolean(),
    key: fc.constantFrom('cards', 'n'),
    value: fc.array(cardJsonValue, { minLength: 1, maxLength: 3 }).map((v) => `[${v.join(',')}]`),
  }),
);

export const webhookRequests = (fixtures: Fixtures): fc.Arbitrary<FuzzRequest> => {
  const topKeys = ['sessionGuid', 'callGuid', 'providerSessionGuid', 'createdOn', 'lastUpdatedOn', 'sessionState', 'paymentResultData', 'fuzzMarker'];
  const resultKeys = ['decision', 'reasonCode', 'requestID', 'Amount', 'Currency', 'ApprovalStatus', 'TxRefNum'];
  const paths = [...topKeys.map((k) => [k]), ...resultKeys.map((k) => ['paymentResultData', k])];
  const objects = [[], ['paymentResultData']];
  const base = webhookBody(fixtures);
  const changes = fc.oneof(
    { withCrossShrink: true },
    { weight: 2, arbitrary: fc.constant({ family: 'valid', change: null as DocChange | null }) },
    {
      weight: 12,
      arbitrary: docChange({ paths, objects, values: wrongValue(MAX_WEBHOOK_BODY_BYTES - 2000), keys: objectKey, renames: renamesOf(topKeys) }).map(
        (change) => ({ family: `one field changed (${change.kind})`, change }),
      ),
    },
    {
      weight: 3,
      arbitrary: deepNesting(MAX_WEBHOOK_BODY_BYTES - 2000).map((value) => ({
        family: 'deep nesting (in a field)',
        change: { kind: 'set', path: ['paymentResultData'], value } as DocChange,
      })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(edgeNumber, fc.constantFrom(...paths))
        .map(([value, path]) => ({ family: 'edge number', change: { kind: 'set', path, value } as DocChange })),
    },
    {
      weight: 2,
      arbitrary: prototypeKeyObject.map((value) => ({
        family: 'prototype keys (in a field)',
        change: { kind: 'set', path: ['paymentResultData'], value } as DocChange,
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...ODD_STATES)
        .map((value) => ({ family: 'odd sessionState', change: { kind: 'set', path: ['sessionState'], value } as DocChange })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...ODD_TIMES)
        .map((value) => ({ family: 'odd lastUpdatedOn', change: { kind: 'set', path: ['lastUpdatedOn'], value } as DocChange })),
    },
    { weight: 6, arbitrary: cardInWebhook.map((change) => ({ family: 'card number', change })) },
  );
  // Many large reports about one session: a history kept in one item outgrows DynamoDB's 400 KB.
  const largeForOneSession = fc
    .tuple(base, fc.constantFrom(...fixtures.sessionGuids.slice(0, 2)), fc.constantFrom(...VCC_STATES), isoTime, fc.integer({ min: 50_000, max: 63_000 }))
    .map(([d, guid, state, time, size]) => {
      const report = changed(
        changed(changed(d, { kind: 'set', path: ['sessionGuid'], value: str(guid) }), { kind: 'set', path: ['sessionState'], value: str(state) }),
        { kind: 'set', path: ['lastUpdatedOn'], value: time },
      );
      return {
        family: 'large report for a known session',
        body: renderDoc(changed(report, { kind: 'add', at: [], key: 'Padding', value: str('x'.repeat(size)), first: false })),
      };
    });
  const documents = fc.tuple(base, changes).map(([d, { family, change }]) => ({ family, body: renderDoc(change ? changed(d, change) : d) }));
  const whole = [
    ...wholeBodies(base.map(renderDoc), MAX_WEBHOOK_BODY_BYTES),
    nearLimit(base, ['paymentResultData'], MAX_WEBHOOK_BODY_BYTES).map((body) => ({ family: 'near the size limit', body })),
  ];
  const bodies = fc.oneof(
    { withCrossShrink: true },
    { weight: 24, arbitrary: documents },
    ...[...whole, largeForOneSession].map((arbitrary) => ({ weight: 1, arbitrary })),
  );
  return withHeaders(bodies.map((b): RequestParts => ({ ...b, family: `POST /v1/webhooks/vcc: ${b.family}`, method: 'POST', path: '/v1/webhooks/vcc' })));
};
