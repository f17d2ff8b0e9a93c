#!/usr/bin/env bash
# Runs the benchmark with the file-descriptor limit raised: 10,000 sockets need 10,000 fds on
# the server and as many on the client side (spread over worker processes).
set -euo pipefail
cd "$(dirname "$0")"
hard=$(ulimit -Hn)
if [ "$hard" = "unlimited" ] || [ "$hard" -gt 65536 ]; then ulimit -n 65536; else ulimit -n "$hard"; fi
if [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: ulimit -n is $(ulimit -n); the 10,000-connection check needs ~12,000 (raise the hard limit)." >&2
fi
exec node src/main.mjs "$@"
