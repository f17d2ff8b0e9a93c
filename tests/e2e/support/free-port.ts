/**
 * A free TCP port on 127.0.0.1, found synchronously (the Playwright config cannot await): a
 * child Node process listens on port 0, prints the port it got, and closes.
 */
import { execFileSync } from 'node:child_process';

const PROBE = `const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});`;

/** A port nobody listens on right now. */
export function freePortSync(): number {
  const out = execFileSync(process.execPath, ['-e', PROBE], { encoding: 'utf8' });
  const port = Number(out.trim());
  if (!Number.isInteger(port) || port <= 0)
    throw new Error(`Could not find a free port (got "${out}")`);
  return port;
}
