"""What DuckDB makes of a Ctrl-C that lands inside a query is still the user's Ctrl-C (CI, round 5)."""

from __future__ import annotations

import duckdb

from newsledger.store import db


def test_a_keyboard_interrupt_inside_an_arrow_read_is_an_interrupt():
    exc = duckdb.InvalidInputException(
        "Invalid Input Error: reading the object registered as '_newsledger_rows' as Arrow data failed: KeyboardInterrupt: ")
    assert db.is_interrupt(exc)
    assert db.is_interrupt(duckdb.InterruptException("INTERRUPT Error: Interrupted!"))


def test_after_a_stop_request_an_aborted_transaction_is_the_stop_not_a_write_failure():
    aborted = duckdb.TransactionException("TransactionContext Error: Current transaction is aborted (please ROLLBACK)")
    assert not db.is_interrupt(aborted)
    db.STOP.set()
    try:
        assert db.is_interrupt(aborted)
    finally:
        db.STOP.clear()


def test_an_ordinary_error_is_no_interrupt():
    assert not db.is_interrupt(duckdb.CatalogException("Catalog Error: Table with name nowhere does not exist!"))
    assert not db.is_interrupt(ValueError("interrupted"))
