"""Entry point for ``spark-submit``: the arguments of ``newsledger spark ingest``.

    spark-submit --master yarn --archives env.tar.gz#env \\
        "$(python -c 'import newsledger.spark.submit as m; print(m.__file__)')" /shared/crawl --out /shared/run1

The master, the executors and their Python come from spark-submit (see docs/SCALING.md).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from newsledger.cli import app

    app(["spark", "ingest", *(sys.argv[1:] if argv is None else argv)], prog_name="newsledger-spark-submit")


if __name__ == "__main__":
    main()
