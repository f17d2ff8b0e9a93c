#!/usr/bin/env node
// Entry point of the `echo-server` command. The server is written in TypeScript and runs
// through tsx's loader, so `npx echo-server` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/echo/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
