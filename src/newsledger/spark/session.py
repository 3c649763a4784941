"""The Spark session for ``newsledger spark ingest``: local by default, or whatever ``spark-submit`` set up."""

from __future__ import annotations

import os
import shutil
import sys

def java_available() -> bool:
    """Spark needs a Java runtime (17 or later) on the driver and every executor."""
    return bool(os.environ.get("JAVA_HOME") and os.path.exists(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))) or bool(
        shutil.which("java")
    )


def launched_by_spark_submit() -> bool:
    """Under ``spark-submit`` the JVM already runs and its configuration (master, Python) applies."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def build_session(master: str | None = None, conf: dict[str, str] | None = None, app_name: str = "newsledger"):
    """A session on ``master`` (default ``local[*]`` outside spark-submit).

    In local mode the Python workers must run the interpreter that runs the
    driver (the one that has newsledger and its models installed), not
    whatever ``python3`` is first on the PATH.
    """
    from pyspark.sql import SparkSession

    if master is None and not launched_by_spark_submit():
        master = "local[*]"
    conf = dict(conf or {})
    if master is not None and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # Everything stays on this machine: no need to listen on its network address.
        conf.setdefault("spark.driver.host", "127.0.0.1")
        conf.setdefault("spark.driver.bindAddress", "127.0.0.1")
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
