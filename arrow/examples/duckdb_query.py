#!/usr/bin/env python3
"""Events per `type` per minute, with DuckDB, over a Parquet file of
CloudEvents written by cloudevents-codec-arrow (or `ce`).

    ce convert --to parquet -o events.parquet events.ndjson
    pip install duckdb
    python3 arrow/examples/duckdb_query.py events.parquet

DuckDB reads the file as it is: `type` is a string column, `time` a
timestamp (UTC), extensions a map (`extensions['seqno'].integer`).
"""
import sys

import duckdb

QUERY = """
SELECT type,
       date_trunc('minute', time) AS minute,
       count(*) AS events
FROM read_parquet(?)
GROUP BY ALL
ORDER BY minute, type
"""

if len(sys.argv) != 2:
    sys.exit("usage: duckdb_query.py FILE.parquet")
# Timestamps print in UTC, as stored.
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
rows = con.execute(QUERY, [sys.argv[1]]).fetchall()
print(f"{'minute (UTC)':<20} {'events':>6}  type")
for ty, minute, events in rows:
    # Events without `time` count under "no time".
    when = "no time" if minute is None else f"{minute:%Y-%m-%d %H:%M}"
    print(f"{when:<16}     {events:>6}  {ty}")
