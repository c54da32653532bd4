import fc from 'fast-check';

/**
 * Card numbers in every spelling a caller, an agent's paste or a gateway might produce: the
 * fuzzer's supply of what must never be stored, forwarded or echoed.
 */

/** Test PANs of the networks, first digits 2-6, 13 to 19 digits, all Luhn-valid. */
export const KNOWN_PANS = [
  '4111111111111111',
  '4012888888881881',
  '4222222222222',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '36227206271667',
  '30569309025904',
  '6011111111111117',
  '6011000990139424',
  '3530111333300000',
  '6200000000000005',
  '4111111111111111110',
] as const;

function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight += 1) {
    const digit = Number(digits[digits.length - 1 - fromRight]);
    const weighted = fromRight % 2 === 0 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (sum % 10)) % 10;
}

/** Any Luhn-valid PAN of 13-19 digits whose first digit is 2-6. */
export const generatedPan = fc
  .record({
    length: fc.integer({ min: 13, max: 19 }),
    first: fc.integer({ min: 2, max: 6 }),
    rest: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }),
  })
  .map(({ length, first, rest }) => {
    const body = `${first}${rest.slice(0, length - 2).join('')}`;
    return `${body}${luhnCheckDigit(body)}`;
  });

export const pan = fc.oneof(fc.constantFrom(...KNOWN_PANS), generatedPan);

/** The code point of the digit zero of every Unicode decimal-digit script, ASCII first. */
export const DIGIT_ZEROS: readonly number[] = (() => {
  const zeros: number[] = [];
  const isDigit = (cp: number) => /\p{Nd}/u.test(String.fromCodePoint(cp));
  for (let cp = 0; cp <= 0x10ffff; cp += 1) {
    if (isDigit(cp) && !isDigit(cp - 1)) for (let zero = cp; isDigit(zero); zero += 10) zeros.push(zero);
  }
  return zeros;
})();

const inScript = (digits: string, zero: number) => [...digits].map((d) => (/[0-9]/.test(d) ? String.fromCodePoint(zero + Number(d)) : d)).join('');

/** ASCII most often, otherwise one script for the whole number or a different script per digit. */
const digitSpelling = fc.oneof(
  { weight: 3, arbitrary: fc.constant((digits: string) => digits) },
  { weight: 3, arbitrary: fc.constantFrom(...DIGIT_ZEROS).map((zero) => (digits: string) => inScript(digits, zero)) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...DIGIT_ZEROS), { minLength: 19, maxLength: 19 })
      .map((zeros) => (digits: string) => [...digits].map((d, i) => (/[0-9]/.test(d) ? String.fromCodePoint(zeros[i % 19]! + Number(d)) : d)).join('')),
  },
);

/** What people put between digit groups: 1 to 5 characters that are neither letters nor digits. */
const SEPARATOR_CHARS = [
  ' ',
  '-',
  '.',
  '/',
  '_',
  ',',
  ':',
  '*',
  '|',
  '+',
  '#',
  '\\',
  '(',
  ')',
  '\t',
  '\u00a0',
  '\u2009',
  '\u202f',
  '\u3000',
  '\u2010',
  '\u2013',
  '\u2014',
  '\u2212',
  '\u00b7',
  '\u200b',
  '\u0301',
  '\u0000',
];
const HEADER_SAFE_SEPARATOR_CHARS = SEPARATOR_CHARS.filter((c) => c >= ' ' && c !== '\u007f' && c.codePointAt(0)! < 0x80);

const separatorOf = (chars: string[]) =>
  fc.oneof(
    fc.constantFrom(...chars),
    fc.constantFrom(' - ', '   ', ' / ', '---', ' . ', '-- ', '  -  ').filter((s) => [...s].every((c) => chars.includes(c))),
    fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 5 }),
  );

/** Cut points: none, the usual 4-4-4-4 (4-6-5 for 15 digits), or anywhere. */
const grouping = fc.oneof(
  fc.constant('whole' as const),
  fc.constant('usual' as const),
  fc.array(fc.integer({ min: 1, max: 18 }), { minLength: 1, maxLength: 8 }),
);

function groupsOf(digits: string, cuts: 'whole' | 'usual' | number[]): string[] {
  if (cuts === 'whole') return [digits];
  const sizes = cuts === 'usual' ? (digits.length === 15 ? [4, 6, 5] : [4, 4, 4, 4, 4]) : [...new Set(cuts)].sort((a, b) => a - b);
  if (cuts !== 'usual') {
    const positions = sizes.filter((p) => p < digits.length);
    return [0, ...positions].map((start, i) => digits.slice(start, positions[i] ?? digits.length)).filter(Boolean);
  }
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) groups.push(digits.slice(at));
  return groups;
}

interface SpellingOptions {
  /** Only characters an HTTP header can carry (the value is sent as UTF-8 bytes when not ASCII). */
  headerSafe?: boolean;
  /** ASCII digits only (for a JSON number, say). */
  asciiOnly?: boolean;
}

/** A card number as text, grouped, separated, in any digit script, with a `+` or words around it. */
export function cardNumberText(options: SpellingOptions = {}): fc.Arbitrary<string> {
  const chars = options.headerSafe ? HEADER_SAFE_SEPARATOR_CHARS : SEPARATOR_CHARS;
  const joins = fc.array(separatorOf(chars), { minLength: 1, maxLength: 18 });
  return fc
    .record({
      pan,
      cuts: grouping,
      joins,
      sameJoin: fc.boolean(),
      spell: options.asciiOnly ? fc.constant((digits: string) => digits) : digitSpelling,
      before: fc.constantFrom('', '', '', '+', '+ ', 'card ', 'PAN:', '#', '(', '№ '),
      after: fc.constantFrom('', '', '', ' 123', ' exp 12/29', ' cvv 737', '.', ' ok'),
    })
    .map(({ pan: digits, cuts, joins: seps, sameJoin, spell, before, after }) => {
      const groups = groupsOf(digits, cuts);
      const joined = groups.map((g, i) => (i === 0 ? g : `${sameJoin ? seps[0] : seps[(i - 1) % seps.length]}${g}`)).join('');
      return `${before}${spell(joined)}${after}`;
    });
}

/** The spellings issue 9 names, exactly: each one got past the guard once. */
export const ISSUE_9_SPELLINGS = [
  '4111 - 1111 - 1111 - 1111',
  '4111   1111   1111   1111',
  '+4111111111111111',
  '٤١١١١١١١١١١١١١١١',
  '४१११ ११११ ११११ ११११',
  '４１１１ １１１１ １１１１ １１１１',
  '4111---1111---1111---1111',
  '4111+1111+1111+1111',
] as const;

export const cardText = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...ISSUE_9_SPELLINGS) }, { weight: 6, arbitrary: cardNumberText() });

/** A JSON text that decodes to a card number: a string (raw or \u-escaped), or a number. */
export const cardJsonValue = fc.oneof(
  { weight: 5, arbitrary: cardText.map((text) => JSON.stringify(text)) },
  {
    weight: 1,
    arbitrary: cardText.map(
      (text) =>
        `"${text
          .split('')
          .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .join('')}"`,
    ),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(pan, fc.constantFrom('', '', '.0', 'e0', '.00', '-')).map(([digits, form]) => {
      if (form === '-') return `-${digits}`;
      if (form === 'e0' && digits.length <= 16) return `${digits[0]}.${digits.slice(1)}e${digits.length - 1}`;
      return `${digits}${form}`;
    }),
  },
);

/** A card number an HTTP header can carry: ASCII, or UTF-8 bytes sent as they are. */
export const cardHeaderValue = fc.oneof(
  fc.constantFrom('4111---1111---1111---1111', '4111111111111111', '4111-1111-1111-1111', '+4111111111111111', '4111.1111.1111.1111', 'key-4111111111111111'),
  cardNumberText({ headerSafe: true, asciiOnly: true }),
  cardNumberText({ headerSafe: true }),
);
