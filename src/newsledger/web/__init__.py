"""The newsroom web app and JSON API over a ledger file (see docs/WEB.md).

    newsledger serve --db demo.duckdb                  # read-only, http://127.0.0.1:8000/
    newsledger serve --db demo.duckdb --token SECRET   # reviewers may record decisions

``app`` (routes), ``queries`` (every read, over ``snapshot``: the ledger's
views copied into memory), ``models`` (the API's response models),
``charts`` (SVG geometry), ``security`` (CSP, Host allowlist, write token,
same-origin writes), ``templates/`` (Jinja2, auto-escaped) and ``static/``
(the only scripts and styles pages load).
"""
