/**
 * JSON for bodies we must keep whatever they hold (VCC's status reports): numbers keep the
 * digits they were sent with, and no depth can overflow the stack.
 */

const NUMBER_START = /[-0-9]/;
const NUMBER_CHAR = /[-+0-9.eE]/;

/**
 * Parses JSON text; a number that a JavaScript number would not hold exactly as written (a
 * 22-digit gateway reference, "12.40", 1e-320's neighbours) is kept as a string of its digits.
 * A card number sent as a 19-digit number is thereby seen whole by the card guard, and a
 * gateway reference is not rounded. Throws SyntaxError like JSON.parse.
 */
export function parseJsonKeepingNumberText(text: string): unknown {
  let quoted = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (NUMBER_START.test(char)) {
      let end = i + 1;
      while (end < text.length && NUMBER_CHAR.test(text[end]!)) end += 1;
      const literal = text.slice(i, end);
      if (String(Number(literal)) !== literal && !Number.isNaN(Number(literal))) {
        quoted += `${text.slice(copiedUpTo, i)}"${literal}"`;
        copiedUpTo = end;
      }
      i = end - 1;
    }
  }
  return JSON.parse(copiedUpTo === 0 ? text : quoted + text.slice(copiedUpTo));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type Frame = { text: string } | { value: unknown };

// A loop, not push(...frames): spreading a 100,000-item array overflows the argument limit.
function pushInReverse(stack: Frame[], frames: Frame[]): void {
  for (let i = frames.length - 1; i >= 0; i -= 1) stack.push(frames[i]!);
}

/** JSON.stringify without recursion: V8's overflows the stack a few thousand levels down. */
export function stringifyJsonDeep(value: unknown): string {
  const out: string[] = [];
  // Each frame is a value to write, or text to emit once the values before it are written.
  const stack: Frame[] = [{ value }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('text' in frame) {
      out.push(frame.text);
      continue;
    }
    const current = frame.value;
    if (Array.isArray(current)) {
      const frames: Frame[] = [{ text: '[' }];
      current.forEach((item, i) => {
        if (i > 0) frames.push({ text: ',' });
        frames.push({ value: item === undefined ? null : item });
      });
      frames.push({ text: ']' });
      pushInReverse(stack, frames);
    } else if (isPlainObject(current)) {
      const frames: Frame[] = [{ text: '{' }];
      Object.keys(current).forEach((key, i) => {
        frames.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` }, { value: current[key] });
      });
      frames.push({ text: '}' });
      pushInReverse(stack, frames);
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}
