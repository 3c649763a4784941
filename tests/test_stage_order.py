"""The stages import only from themselves and from stages before them.

Data flows ingest -> clean -> analyse (nlp) -> store -> resolve -> assess ->
present (report, web); Spark drives them all. A stage that imported a later one
would make the order a cycle: round 7 caught resolve reading assess's wallet rule,
which now lives in clean/solicitation.py where both read it. The test parses the
package's own source files, so it fails on the import as written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import newsledger

ORDER = ["ingest", "clean", "nlp", "store", "resolve", "assess", "report", "web", "spark"]
# Known, documented exceptions: (importing module, imported stage).
# clean/learned.py learns an outlet's boilerplate from the lines stored for its
# earlier reports, so it reads and writes the store itself (its docstring says why).
ALLOWED = {("clean/learned.py", "store")}


def _backward_imports() -> list[str]:
    root = Path(newsledger.__file__).parent
    rank = {stage: i for i, stage in enumerate(ORDER)}
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        stage = rel.split("/")[0]
        if stage not in rank:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                parts = name.split(".")
                if len(parts) > 1 and parts[0] == "newsledger" and parts[1] in rank and rank[parts[1]] > rank[stage]:
                    if (rel, parts[1]) not in ALLOWED:
                        found.append(f"{rel} imports {name}")
    return found


def test_no_stage_imports_a_later_stage():
    assert _backward_imports() == []


def test_the_check_sees_a_later_stage_import(tmp_path, monkeypatch):
    """The scan itself works: a resolve module importing assess is reported."""
    pkg = tmp_path / "newsledger"
    (pkg / "resolve").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "resolve" / "x.py").write_text("from newsledger.assess.markers import headline_markers\n")
    monkeypatch.setattr(newsledger, "__file__", str(pkg / "__init__.py"))
    assert _backward_imports() == ["resolve/x.py imports newsledger.assess.markers"]
