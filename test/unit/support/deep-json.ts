/** `depth` levels of arrays and objects around `innermost`, built without recursion. */
export function nested(depth: number, innermost: unknown): unknown {
  let value = innermost;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { a: value };
  return value;
}

/** The JSON text of `nested(depth, innermost)`, written without JSON.stringify's recursion. */
export function nestedJson(depth: number, innermost: string): string {
  let open = '';
  let close = '';
  for (let level = depth - 1; level >= 0; level -= 1) {
    open += level % 2 === 0 ? '[' : '{"a":';
    close = (level % 2 === 0 ? ']' : '}') + close;
  }
  return open + innermost + close;
}
