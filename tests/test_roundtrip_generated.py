"""The proof of the product: southgen's own backwards() for every example
migration, spliced in before anything is written, round-trips with real
South on SQLite, PostgreSQL and MariaDB (``southgen verify`` with overrides).

The one-off values South was given (or would need) for NOT NULL restores are
passed as defaults, so every migration must come back ``ok``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from verify_helpers import ENGINES, database_url, example_sets

from southgen.generate import Options, find_previous, generate
from southgen.reader import read_migration
from southgen.splice import splice_backwards
from southgen.verify import IRREVERSIBLE, OK, verify_project

ONE_OFF_VALUES = {
    "blog.Post.word_count": "0",
    "blog.Post.reading_time": "5",
    "orders.Order.total": "0",
    "catalog.Product.weight": "0",
    "blog.Comment.email": "'anonymous@example.com'",
}

# Where no backwards can round-trip with data: the table a restored foreign key points
# to comes back empty, so southgen's guard stops the backwards before any DDL (South's
# own fails halfway, test_verify_examples). SQLite enforces no foreign keys: ok there.
EXPECTED = {
    ("flow", "postgresql", "lib:0009_drop_series"): IRREVERSIBLE,
    ("flow", "mysql", "lib:0009_drop_series"): IRREVERSIBLE,
}


def generated_overrides(example: Path) -> dict[Path, str]:
    options = Options(defaults=ONE_OFF_VALUES)
    overrides = {}
    for path in sorted(example.glob("*/migrations/0*.py")):
        migration = read_migration(path)
        generated = generate(migration, find_previous(path), options)
        assert not any(op.irreversible for op in generated.backwards_ops), path
        overrides[path] = splice_backwards(migration, generated.method)
    return overrides


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("example", example_sets(), ids=lambda p: p.name)
@pytest.mark.usefixtures("legacy_runtime")
def test_generated_backwards_round_trip(example: Path, engine: str, request) -> None:
    report = verify_project(example, database=database_url(request, engine),
                            overrides=generated_overrides(example))
    assert report.migrations
    failures = [
        (r.key, r.status, [str(d) for d in r.differences + r.data_lost], str(r.error or ""))
        for r in report.migrations
        if r.status != EXPECTED.get((example.name, engine, r.key), OK)
    ]
    assert failures == []
    assert report.chain is not None, report.to_json()
    assert report.chain.status == OK, report.to_json()
