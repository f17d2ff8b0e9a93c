/**
 * `.astro` files as plain `tsc` sees them. Astro 7's editor tooling types components itself,
 * but `tsc --noEmit` needs this to type-check `.ts` files that import a component (the demo
 * registry `src/components/demos/live-demos.ts` does). A component renders from its props.
 */
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
