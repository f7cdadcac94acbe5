#!/bin/bash
# The image's HEALTHCHECK: healthy while GET /health on the runtime port answers 200 with "status":"ready"
# (503 "starting" or "draining" otherwise). The runtime image has no curl; bash's /dev/tcp does one HTTP/1.0 request.
set -euo pipefail
port="${1:-${PORT:-3000}}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
response=$(timeout 5 cat <&3 || true)
if [[ "$response" == "HTTP/1.1 200 "* && "$response" == *'"status":"ready"'* ]]; then
  echo "mik ready on port $port"
  exit 0
fi
echo "mik not ready on port $port: $(printf '%s' "${response:-no answer}" | head -n 1)" >&2
exit 1
