/**
 * The event name Echo waits for when code calls `listen(name)`, by the rules the tutorial
 * teaches (chapter 4, "The namespace and the leading dot"): a name starting with `.` (or `\`)
 * loses that character and gets no namespace; any other name gets the namespace in front; then
 * the dots of that name become backslashes.
 *
 * @example echoEventName('NewsPublished') // 'App\\Events\\NewsPublished'
 * @example echoEventName('.news.published') // 'news.published'
 */
export function echoEventName(name: string, namespace: string | false = 'App.Events'): string {
  const first = name.charAt(0);
  if (first === '.' || first === '\\') return name.slice(1);
  const full = namespace === false || namespace === '' ? name : `${namespace}.${name}`;
  return full.replaceAll('.', '\\');
}

/** A Laravel event class name written as Echo writes it (`App\\Events\\X` → `App.Events.X`). */
export function dottedClassName(className: string): string {
  return className.replaceAll('\\', '.');
}
