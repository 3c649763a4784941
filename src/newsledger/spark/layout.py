"""The Parquet files a Spark ingest writes into ``--out DIR``, with their types.

::

    DIR/inputs/     manifest: one row per input file, in the order a local ingest reads them
    DIR/articles/   every document read and prepared on the executors (before the outlets' learned lines)
    DIR/texts/      the final cleaned texts the driver sends back for analysis
    DIR/analysis/   analysis record and story lead embedding of every text
    DIR/ledger.duckdb  the ledger (unless ``--db`` puts it elsewhere)

Spark writes ``articles/`` and ``analysis/``; the driver writes ``inputs/`` and
``texts/`` (it holds the order, the copy detection and the outlets'
learned boilerplate). Every row keeps its key (``file_no``, ``doc_no`` or
``ordinal``) so the driver reads them back in the order of a local run.

``analysis.record`` is the JSON of :func:`newsledger.nlp.collect.collect`
(what ``newsledger analyze`` prints and :func:`newsledger.store.writer.write_analysis`
stores), so it follows the NLP record's fields without a schema change here.
"""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    DateType,
    FloatType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

INPUTS, ARTICLES, TEXTS, ANALYSIS = "inputs", "articles", "texts", "analysis"
LEDGER_FILE = "ledger.duckdb"


def _fields(*spec: tuple[str, object]) -> StructType:
    return StructType([StructField(name, kind, nullable=True) for name, kind in spec])


STRINGS = ArrayType(StringType(), containsNull=True)

# One input file (or a path the walk could not read: ``error`` set), numbered in reading order.
INPUTS_SCHEMA = _fields(("file_no", LongType()), ("path", StringType()), ("error", StringType()))

# ``newsledger.model.RawDocument``; ``fetched`` as ISO 8601 text (naive or with its offset, as read).
RAW = _fields(
    ("origin", StringType()),
    ("content", StringType()),
    ("kind", StringType()),
    ("raw_sha256", StringType()),
    ("title", StringType()),
    ("published", DateType()),
    ("published_from", StringType()),
    ("source", StringType()),
    ("url", StringType()),
    ("authors", STRINGS),
    ("fetched", StringType()),
    ("external_id", StringType()),
    ("warnings", STRINGS),
)

REMOVAL = _fields(("start", IntegerType()), ("end", IntegerType()), ("text", StringType()), ("reason", StringType()))

# ``newsledger.prepare.PreparedArticle`` without its raw document, cleaned with no learned lines.
DRAFT = _fields(
    ("id", StringType()),
    ("prepared_text", StringType()),
    ("text", StringType()),
    ("removed", ArrayType(REMOVAL, containsNull=True)),
    ("repairs", IntegerType()),
    ("title", StringType()),
    ("published", DateType()),
    ("published_from", StringType()),
    ("source", StringType()),
    ("url", StringType()),
    ("authors", STRINGS),
)

# A reader's error has ``error`` and no ``raw``; a document whose extraction
# failed on the executor has ``raw`` and no ``draft`` (the driver prepares it
# again, so the failure is reported as a local run reports it).
ARTICLES_SCHEMA = _fields(
    ("file_no", LongType()),
    ("doc_no", LongType()),
    ("origin", StringType()),
    ("error", StringType()),
    ("raw", RAW),
    ("draft", DRAFT),
)

# What the NLP reads of an article (``Ledger.pending_analysis``), numbered in ledger order.
TEXTS_SCHEMA = _fields(
    ("ordinal", LongType()),
    ("id", StringType()),
    ("text", StringType()),
    ("published", DateType()),
    ("source", StringType()),
    ("title", StringType()),
)

# ``record``: JSON analysis record; ``embedding``: L2-normalised MiniLM vector of the story lead.
ANALYSIS_SCHEMA = _fields(
    ("ordinal", LongType()),
    ("id", StringType()),
    ("record", StringType()),
    ("embedding", ArrayType(FloatType(), containsNull=False)),
)


def arrow(schema: StructType):
    """The Arrow schema of a Spark schema (what ``mapInArrow`` batches must carry)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(schema)
