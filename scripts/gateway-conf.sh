#!/usr/bin/env bash
# Writes the gateway's nginx configuration (server/gateway/nginx.conf with
# its @…@ parts filled in) for instances on 127.0.0.1.
#
#   scripts/gateway-conf.sh RUN_DIR LISTEN PORT...   e.g. target/cluster 127.0.0.1:8080 3001 3002
#
# nginx keeps its pid, logs and temporary files in RUN_DIR; the
# configuration is written to RUN_DIR/nginx.conf.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="$(cd "$1" && pwd)" listen=$2
shift 2
upstreams=""
for port in "$@"; do
  upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
sed -e "s|@RUN@|$run|g" -e "s|@LISTEN@|$listen|" -e "/@UPSTREAMS@/{
r /dev/stdin
d
}" "$ROOT/server/gateway/nginx.conf" <<<"${upstreams%$'\n'}" >"$run/nginx.conf"
