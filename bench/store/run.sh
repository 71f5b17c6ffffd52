#!/usr/bin/env bash
# Ingest one corpus into an SQLite file and into a PostgreSQL database on a throwaway local
# cluster (Debian's PostgreSQL), side by side, then check that both stores give the same
# findings (`crosscheck export jsonl`, byte for byte) and the same stories.
#
#   bench/store/run.sh CORPUS            # e.g. the 10k corpus of bench/reuse/synth.py
#
# The cluster runs with fsync on and synchronous_commit off: a commit is durable in the WAL
# within a fraction of a second, as SQLite's WAL with synchronous=NORMAL is at its checkpoints.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${1:?usage: bench/store/run.sh CORPUS}"
BIN_DIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$BIN_DIR/initdb" ] || { echo "needs Debian's postgresql" >&2; exit 2; }
cargo build --release -q -p crosscheck-cli
BIN="$PWD/target/release/crosscheck"

WORK=$(mktemp -d)
chmod 755 "$WORK"
mkdir -p "$WORK/data" "$WORK/run"
AS=()
if [ "$(id -u)" = "0" ]; then chown postgres: "$WORK/data" "$WORK/run"; AS=(runuser -u postgres --); fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${AS[@]}" "$BIN_DIR/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$BIN_DIR/pg_ctl" -D "$WORK/data" -l "$WORK/run/log" -w -o \
    "-c synchronous_commit=off -c listen_addresses=127.0.0.1 -p $PORT -k $WORK/run -c shared_buffers=256MB" start >/dev/null
trap '"${AS[@]}" "$BIN_DIR/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1; rm -rf "$WORK"' EXIT
"${AS[@]}" psql -h "$WORK/run" -p "$PORT" -U postgres -qc "CREATE DATABASE bench" >/dev/null
URL="postgres://postgres@127.0.0.1:$PORT/bench?sslmode=disable"

for store in sqlite postgres; do
    if [ "$store" = sqlite ]; then DB="$WORK/bench.db"; else DB="$URL"; fi
    /usr/bin/time -f "$store ingest: %e s wall, %M KB peak (client)" \
        "$BIN" ingest "$CORPUS" --db "$DB" -q
done
echo "PostgreSQL server size: $("${AS[@]}" psql -h "$WORK/run" -p "$PORT" -U postgres -tAc "SELECT pg_size_pretty(pg_database_size('bench'))")"
echo "SQLite file size: $(du -h "$WORK/bench.db" | cut -f1)"

"$BIN" export jsonl --db "$WORK/bench.db" -q -o "$WORK/sqlite.jsonl"
"$BIN" export jsonl --db "$URL" -q -o "$WORK/postgres.jsonl"
if cmp -s "$WORK/sqlite.jsonl" "$WORK/postgres.jsonl"; then
    echo "export jsonl: identical ($(wc -l < "$WORK/sqlite.jsonl") rows)"
else
    echo "export jsonl: DIFFERENT"; diff <(head -c 2000 "$WORK/sqlite.jsonl") <(head -c 2000 "$WORK/postgres.jsonl") | head -20
fi
# Stored stories and pairs, by content: the same?
python3 - "$WORK/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("sqlite: %d documents, %d pairs, %d stories" % (
    db.execute("select count(*) from documents").fetchone()[0],
    db.execute("select count(*) from reuse_pairs").fetchone()[0],
    db.execute("select count(distinct story) from story_documents").fetchone()[0]))
PY
"${AS[@]}" psql -h "$WORK/run" -p "$PORT" -U postgres -d bench -tAc \
    "SELECT 'postgres: ' || (SELECT count(*) FROM documents) || ' documents, ' || (SELECT count(*) FROM reuse_pairs) || ' pairs, ' || (SELECT count(DISTINCT story) FROM story_documents) || ' stories'"
