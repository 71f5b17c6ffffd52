"""Shared fixtures: the repository's paths, the crosscheck command (when built), and one Spark
session in local mode for the whole run."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def cli_binary():
    """The `crosscheck` command: $CROSSCHECK_BIN, else a build in the repository's target
    folder (release first), else None."""
    given = os.environ.get("CROSSCHECK_BIN")
    if given:
        return Path(given)
    for profile in ("release", "debug"):
        candidate = ROOT / "target" / profile / "crosscheck"
        if candidate.is_file():
            return candidate
    return None


def cli_report(inputs, tmp_path, only=None):
    """The report `crosscheck analyze INPUT... --json` writes, as a dict; skips when the
    command is not built."""
    binary = cli_binary()
    if binary is None:
        pytest.skip("skipping: no crosscheck binary (cargo build, or set CROSSCHECK_BIN)")
    out = tmp_path / "report.json"
    command = [str(binary), "analyze", *map(str, inputs), "--json", str(out), "--db", str(tmp_path / "cli.db"), "-q"]
    if only:
        command += ["--only", only]
    subprocess.run(command, check=True, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def spark():
    """A local Spark session (local[2], no UI), with workers on this interpreter."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip("skipping: pyspark is not installed (pip install 'pyspark>=4,<5' 'pandas<3')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("skipping: Spark needs Java 17 (Debian: openjdk-17-jre-headless)")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("crosscheck-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
