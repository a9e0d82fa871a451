"""Operations: immutable data, each owning its reverse, match keys, description,
names, guard and risk. ``base`` (the Operation), ``schema`` (what frozen models
describe), ``raw`` (raw SQL, data changes, what southgen cannot read),
``rows`` (literal inserts), ``flow`` (if/try blocks), ``checks`` and ``guards``
(checks before any DDL), ``sqliteindexes`` (SQLite's lost indexes), ``risk``."""
