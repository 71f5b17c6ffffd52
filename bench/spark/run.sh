#!/usr/bin/env bash
# The Spark job next to the single-machine command on one corpus: time, peak memory of the
# whole process tree, and whether the answers are equal (BENCHMARKS.md, "Spark and Python").
#
#   bench/spark/run.sh CORPUS.jsonl OUT_DIR [MASTER...]
#
# CORPUS.jsonl: e.g. the corpus.jsonl of `python3 bench/reuse/synth.py ../shared/data 10000 DIR`.
# MASTER: Spark masters to run (default: local[1] local[2]). Needs the release binary
# (cargo build --release; or CROSSCHECK_BIN) and a Python with the package and pyspark (PYTHON, default python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="$1"
out="$2"
shift 2
masters=("$@")
[ "${#masters[@]}" -gt 0 ] || masters=("local[1]" "local[2]")
python="${PYTHON:-python3}"
cli="${CROSSCHECK_BIN:-target/release/crosscheck}"
mkdir -p "$out"
export PYSPARK_PYTHON="${PYSPARK_PYTHON:-$(command -v "$python")}" SPARK_LOCAL_IP=127.0.0.1

echo "cli: crosscheck analyze --only reuse (load: $(cut -d" " -f1-3 /proc/loadavg))"
rm -f "$out/cli.db"
python3 bench/spark/measure.py -- "$cli" analyze "$corpus" --only reuse \
    --json "$out/cli.json" --db "$out/cli.db" -q | tee "$out/cli.time"
for master in "${masters[@]}"; do
    name="spark-${master//[^a-z0-9]/}"
    echo "spark: $master (load: $(cut -d" " -f1-3 /proc/loadavg))"
    python3 bench/spark/measure.py -- "$python" -m crosscheck.spark reuse "$corpus" \
        --out "$out/$name" --master "$master" ${SPARK_PARTITIONS:+--partitions "$SPARK_PARTITIONS"} \
        --conf "spark.driver.memory=${SPARK_MEMORY:-8g}" \
        | tee "$out/$name.time"
    python3 bench/spark/compare.py "$out/cli.json" "$out/$name/reuse.jsonl" | tee "$out/$name.equal" || true
done
