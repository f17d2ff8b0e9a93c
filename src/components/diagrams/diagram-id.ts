/**
 * Unique id prefixes for inline SVG diagrams. A page may show the same diagram twice, and SVG
 * `<title>`, `<desc>` and `<marker>` ids live in the page's one id space, so each render gets
 * its own prefix. The counter only needs to be unique within a page, not stable across builds.
 */
let counter = 0;

/** A fresh id prefix for one rendering of the diagram `name`, e.g. `dg-pipeline-3`. */
export function diagramId(name: string): string {
  counter += 1;
  return `dg-${name}-${counter}`;
}
