"""What the review report shows, gathered from ``fix`` (and ``verify`` with --verify)."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from southgen.fix.discover import AppFolder
from southgen.fix.fixer import ERROR, FIX, OK, REVIEW, Result
from southgen.fix.report import RISK_CATEGORIES, risk_category

OUTCOMES = (FIX, REVIEW, ERROR, OK)
OUTCOME_LABELS = {FIX: "would fix", REVIEW: "to review", ERROR: "error", OK: "ok"}


@dataclass(frozen=True)
class Verdict:
    """What ``verify`` said of one migration on one database."""

    database: str
    status: str  # a southgen.verify.report.VerifyStatus
    lines: tuple[str, ...] = ()  # schema differences, data lost, the error, notes

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class BackwardsSQL:
    """The SQL South runs for one backwards() on one database (``southgen sql``)."""

    database: str
    statements: tuple[str, ...]  # formatted
    error: str | None = None  # where it stopped, if it did


@dataclass
class Entry:
    result: Result
    app_index: int
    risks: list[tuple[str, str]]  # (category, message)
    verdicts: list[Verdict] = field(default_factory=list)
    sql: list[BackwardsSQL] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        name = re.sub(r"[^\w-]", "_", f"{self.result.app}-{self.result.name}")
        return f"m{self.app_index}-{name}"  # labels repeat across projects: index too

    @property
    def outcome(self) -> str:
        return self.result.action

    @property
    def has_card(self) -> bool:
        return self.outcome != OK or any(not v.ok for v in self.verdicts)

    def risk_counts(self) -> Counter:
        return Counter(category for category, _ in self.risks)


@dataclass
class Review:
    entries: list[Entry]
    apps: list[str]  # labels, in the order of the entries
    databases: list[str] = field(default_factory=list)  # verified on, when --verify

    def counts(self) -> dict[str, Counter]:
        """Per app label (and "all"): outcome -> number of migrations."""
        counts: dict[str, Counter] = {label: Counter() for label in [*self.apps, "all"]}
        for entry in self.entries:
            counts[self.apps[entry.app_index]][entry.outcome] += 1
            counts["all"][entry.outcome] += 1
        return counts

    def risk_counts(self) -> Counter:
        """Risk category -> number of migrations with at least one such risk."""
        counts: Counter = Counter({category: 0 for category in RISK_CATEGORIES})
        for entry in self.entries:
            for category in set(entry.risk_counts()):
                counts[category] += 1
        return counts

    def verdict_counts(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {db: Counter() for db in self.databases}
        for entry in self.entries:
            for verdict in entry.verdicts:
                counts[verdict.database][verdict.status] += 1
        return counts


def collect(results: list[Result]) -> Review:
    """One entry per result; an app is a migrations folder (two projects may both
    have a ``core`` app: those are told apart by their path)."""
    folders: dict[Path, int] = {}
    for result in results:
        folders.setdefault(result.path.parent.resolve(), len(folders))
    entries = [Entry(r, folders[r.path.parent.resolve()],
                     [(risk_category(k.kind, k.message), k.message) for k in r.risks])
               for r in results]
    return Review(entries, _app_names(list(folders)))


def _app_names(folders: list[Path]) -> list[str]:
    """The app label, or its path from the common root where labels repeat."""
    labels = Counter(folder.parent.name for folder in folders)
    if all(count == 1 for count in labels.values()):
        return [folder.parent.name for folder in folders]
    root = Path(os.path.commonpath([str(f.parent) for f in folders]))
    return [folder.parent.name if labels[folder.parent.name] == 1
            else folder.parent.relative_to(root).as_posix() for folder in folders]


def add_verdicts(review: Review, apps: list[AppFolder], databases: list[str | None],
                 python: str | None) -> None:
    """Run ``verify`` once per database, the generated backwards() in place of the
    file's for the migrations that would be fixed, and attach each verdict."""
    from southgen.verify import SKIPPED, verify_project

    overrides, root = _overrides(review), _root(apps)
    for database in databases:
        report = verify_project(root, database=database, python=python, settings=None,
                                overrides=overrides)
        review.databases.append(report.database)
        for entry in review.entries:
            found = report.result_for(entry.result.path.resolve())
            if found is None:
                entry.verdicts.append(Verdict(report.database, SKIPPED,
                                              ("not run by verify",)))
                continue
            lines = [str(item) for item in [*found.differences, *found.data_lost]]
            if found.error is not None:
                lines.append(str(found.error))
            lines += [f"note: {note}" for note in found.notes]
            entry.verdicts.append(Verdict(report.database, found.status, tuple(lines)))


def add_sql(review: Review, apps: list[AppFolder], databases: list[str | None],
            python: str | None) -> None:
    """The SQL each card's backwards() runs (the generated one where fix would write
    one), captured from real South: in South's order on one scratch database per
    ``databases``, each migration run forwards to N, then backwards to N-1 recorded."""
    from southgen.verify import open_session
    from southgen.verify.databases import parse_url
    from southgen.verify.project import discover as find_project

    wanted = [e for e in review.entries if e.has_card and e.outcome != ERROR]
    if not wanted:
        return
    project = find_project(_root(apps))
    for database in databases:
        label = parse_url(database).label()
        pending = list(wanted)
        while pending:  # a fresh scratch database after any failure (MySQL keeps half-runs)
            with open_session(project, database=database, python=python, settings=None,
                              overrides=_overrides(review)) as session:
                _capture_until_failure(session, label, pending)


def _capture_until_failure(session, label: str, pending: list[Entry]) -> None:
    from southgen.verify.sql import format_sql, interpolate

    by_key = {m.key: m for m in session.plan()}
    while pending:
        entry = pending.pop(0)
        app, name = entry.result.app, entry.result.name
        planned = by_key.get(f"{app}:{name}")
        if planned is None:
            entry.sql.append(BackwardsSQL(label, (), "South does not see this migration"))
            continue
        if planned.broken:  # it does not import: no SQL, the others still have theirs
            entry.sql.append(BackwardsSQL(label, (), str(session.error("import",
                                                                       planned.broken))))
            continue
        outcome = session.migrate(app, name)
        if not outcome.ok:
            entry.sql.append(BackwardsSQL(label, (), str(session.error("forwards",
                                                                       outcome.error))))
            return
        outcome = session.capture(app, planned.prev or "zero")
        statements = tuple(format_sql(interpolate(s["sql"], s.get("params") or []))
                           for s in outcome.statements)
        failure = None if outcome.ok else str(session.error("backwards", outcome.error))
        entry.sql.append(BackwardsSQL(label, statements, failure))
        if failure is not None:
            return


def _overrides(review: Review) -> dict[Path, str]:
    """The generated file text of every migration fix would write."""
    return {e.result.path.resolve(): e.result.new_text for e in review.entries
            if e.outcome == FIX and e.result.new_text is not None}


def _root(apps: list[AppFolder]) -> Path:
    return Path(os.path.commonpath([str(app.folder.resolve().parent.parent) for app in apps]))
