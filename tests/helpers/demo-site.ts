/**
 * The whole site (`createSite` from server/main.ts) for a demo's integration tests: on port 0,
 * serving a tiny built dist/, with a Redis key prefix of its own.
 */
import { createSite, type Site, type SiteOptions } from '../../server/main.ts';
import { createDistFixture } from '../integration/main/site-fixture.ts';
import { randomPrefix } from './redis.ts';

/** A running site and how to take it down. */
export interface DemoSite {
  readonly site: Site;
  /** Closes the site, then removes its dist/. */
  close(): Promise<void>;
}

/** Starts the site, with `options` over those defaults; call `close()` at the end. */
export async function startDemoSite(options: Omit<SiteOptions, 'distDir'> = {}): Promise<DemoSite> {
  const dist = await createDistFixture();
  const site = await createSite({
    port: 0,
    keyPrefix: randomPrefix(),
    ...options,
    distDir: dist.dir,
  });
  return {
    site,
    close: async () => {
      await site.close();
      await dist.remove();
    },
  };
}
