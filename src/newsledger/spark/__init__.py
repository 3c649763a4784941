"""Apache Spark for corpora one machine cannot analyse in time (``newsledger spark ingest``).

The per-document work (reading, extraction, cleaning, spaCy analysis, lead
embeddings) runs on executors; the order-dependent and corpus-wide steps run
on the driver exactly as in a local ingest. See :mod:`newsledger.spark.job`
for the stages, :mod:`newsledger.spark.layout` for the Parquet files and
docs/SCALING.md for running it on a cluster.

Needs the ``spark`` extra (pyspark, pandas) and Java 17 or later.
"""
