type Child = Node | string | false | null | undefined;
type Attributes = Record<string, string | boolean | undefined>;

/**
 * Builds an element. Text goes in as text nodes, never as HTML, so nothing the API answers
 * (a merchant reference, a link) can inject markup. `true` sets a boolean attribute, and
 * `false` or `undefined` leaves it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}
