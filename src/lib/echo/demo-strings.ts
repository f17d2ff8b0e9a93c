/**
 * Reads the strings a demo component put in its `<script type="application/json"
 * data-role="strings">` at build time (the page's language was chosen then), and fills `{name}`
 * placeholders at run time.
 */

/** The strings of one demo, by key. */
export type DemoStrings = Readonly<Record<string, string>>;

/** Parses the demo's JSON strings; a missing or broken block gives an empty set. */
export function readStrings(root: Element): DemoStrings {
  const text = root.querySelector('script[data-role="strings"]')?.textContent ?? '{}';
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}

/** `template` with each `{name}` replaced by `values[name]` (unknown names stay as written). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** JSON for an inline `<script type="application/json">`: `<` escaped so no tag can close it. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}
