"""Exit 0 when the PostgreSQL test server answers; otherwise skip, or fail when it is required."""

import os
import sys

import psycopg

url = os.environ.get("HUSTINGS_TEST_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
try:
    psycopg.connect(url, connect_timeout=3).close()
except psycopg.OperationalError as error:
    if os.environ.get("HUSTINGS_REQUIRE_POSTGRES") == "1":
        print(f"PostgreSQL is required but unreachable at {url}: {error}", file=sys.stderr)
        sys.exit(2)
    print(f"PostgreSQL unreachable at {url}: skipping the PostgreSQL run.", file=sys.stderr)
    sys.exit(1)
