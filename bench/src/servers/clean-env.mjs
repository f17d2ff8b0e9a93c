/**
 * The environment for a server under test: ours without any LARAVEL_ECHO_SERVER_* variable,
 * so that only the generated config file decides how the server runs.
 */
export function cleanEnv() {
  const env = { ...process.env, NODE_ENV: 'production' };
  for (const name of Object.keys(env))
    if (name.startsWith('LARAVEL_ECHO_SERVER_')) delete env[name];
  return env;
}
