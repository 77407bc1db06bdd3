#!/usr/bin/env bash
# Starts the Python peer: MEMBERS=url1,url2 TIMEOUT_MS=1000 bench/peers/python-asyncio/run.sh PORT
# Debian's packages (python3-fastapi 0.92, python3-uvicorn 0.17, python3-httpx 0.23), python3-uvloop 0.17; one uvicorn worker.
set -euo pipefail
cd "$(dirname "$0")"
exec /usr/bin/python3 -m uvicorn app:app --host 127.0.0.1 --port "${1:-19500}" --loop uvloop --http h11 --no-access-log --log-level warning
