/**
 * The `test` every spec uses. Each page is watched for the whole test: a console error, an
 * uncaught exception, a failed request, an HTTP error status or any request to a host other
 * than this machine fails the test. Requests to other hosts are also aborted, so a test can
 * never reach the internet even when it would pass otherwise.
 */
import { test as base, expect, type Page } from '@playwright/test';

/** What went wrong on the pages of one test. */
export interface PageProblems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly failedRequests: string[];
  readonly errorResponses: string[];
  readonly externalRequests: string[];
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether `url` stays on this machine (or is an in-page scheme such as data:). */
export function isLocalUrl(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') {
    return true;
  }
  return LOCAL_HOSTS.has(parsed.hostname);
}

interface Fixtures {
  /** The problems seen so far; checked automatically after each test. */
  problems: PageProblems;
  /** Statuses (e.g. 404 for a test that visits a missing page) a test expects to see. */
  allowedStatuses: number[];
}

export const test = base.extend<Fixtures>({
  allowedStatuses: [[], { option: true }],
  problems: [
    async ({ context, allowedStatuses }, use) => {
      const problems: PageProblems = {
        consoleErrors: [],
        pageErrors: [],
        failedRequests: [],
        errorResponses: [],
        externalRequests: [],
      };
      await context.route(
        (url) => !isLocalUrl(url.href),
        async (route) => {
          problems.externalRequests.push(route.request().url());
          await route.abort('blockedbyclient');
        },
      );
      const watch = (page: Page): void => {
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          // Chromium also logs an expected error status (a test visiting a missing page).
          const expected = allowedStatuses.some((status) =>
            message.text().includes(`status of ${status} `),
          );
          if (!expected) problems.consoleErrors.push(message.text());
        });
        page.on('pageerror', (error) => problems.pageErrors.push(error.message));
        // WebSockets bypass request routing; they are at least recorded.
        page.on('websocket', (socket) => {
          if (!isLocalUrl(socket.url())) problems.externalRequests.push(socket.url());
        });
        page.on('requestfailed', (request) => {
          // ERR_ABORTED is the browser cancelling a request because the page navigated away.
          const aborted = request.failure()?.errorText === 'net::ERR_ABORTED';
          if (isLocalUrl(request.url()) && !aborted) {
            problems.failedRequests.push(
              `${request.url()} (${request.failure()?.errorText ?? '?'})`,
            );
          }
        });
        page.on('response', (response) => {
          const status = response.status();
          if (status >= 400 && !allowedStatuses.includes(status)) {
            problems.errorResponses.push(`${status} ${response.url()}`);
          }
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      await use(problems);
      expect(problems, 'the pages stayed clean: no errors, no failed or external requests').toEqual(
        {
          consoleErrors: [],
          pageErrors: [],
          failedRequests: [],
          errorResponses: [],
          externalRequests: [],
        },
      );
    },
    { auto: true },
  ],
});

export { expect };
