/** The versions under test, as installed: printed with every run so figures can be traced. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const benchRequire = createRequire(import.meta.url);
const rootRequire = createRequire(new URL('../../package.json', import.meta.url));

function versionOf(requireFrom, name) {
  try {
    return JSON.parse(readFileSync(requireFrom.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

export function versions() {
  const lesRequire = createRequire(benchRequire.resolve('laravel-echo-server/package.json'));
  return {
    'ours: socket.io': versionOf(rootRequire, 'socket.io'),
    'ours: ioredis': versionOf(rootRequire, 'ioredis'),
    'ceiling: socket.io': versionOf(benchRequire, 'socket.io'),
    'ceiling: ioredis': versionOf(benchRequire, 'ioredis'),
    'laravel-echo-server': versionOf(benchRequire, 'laravel-echo-server'),
    'les: socket.io': versionOf(lesRequire, 'socket.io'),
    'clients v4: socket.io-client': versionOf(benchRequire, 'socket.io-client'),
    'clients v2: socket.io-client': versionOf(benchRequire, 'socket.io-client-v2'),
  };
}
