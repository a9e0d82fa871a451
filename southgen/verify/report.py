"""What ``verify`` found: plain dataclasses, a text rendering and a JSON one."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from southgen.annotations import Finding, Rule, github_lines, relative, sarif_log
from southgen.errors import SouthgenError
from southgen.reader import read_migration
from southgen.strenum import StrEnum


class VerifyStatus(StrEnum):
    """What verify found of a migration, or of the chain."""

    OK = "ok"
    MISMATCH = "mismatch"  # the schema after backwards is not the one before forwards
    DATA_LOST = "data_lost"  # sample rows or values did not survive
    ERROR = "error"  # it raised
    IRREVERSIBLE = "irreversible"  # its backwards refuses to run, on purpose
    SKIPPED = "skipped"  # not run


OK, MISMATCH, DATA_LOST = VerifyStatus.OK, VerifyStatus.MISMATCH, VerifyStatus.DATA_LOST
ERROR, IRREVERSIBLE, SKIPPED = VerifyStatus.ERROR, VerifyStatus.IRREVERSIBLE, VerifyStatus.SKIPPED
STATUSES = tuple(VerifyStatus)


@dataclass
class Difference:
    """One schema difference between before forwards and after backwards."""

    kind: str  # table | column | index | unique | foreign_key | check
    table: str
    name: str  # column name, "(col, ...)" for an index, "" for a table
    change: str  # missing | extra | changed
    attribute: str = ""  # for a changed column: type | null | default | primary key
    before: str | None = None
    after: str | None = None

    def __str__(self) -> str:
        what = {"table": f"table {self.table}", "column": f"column {self.table}.{self.name}"}
        detail = {"missing": f": missing after backwards{_named(self.before)}",
                  "extra": f": left behind by backwards{_named(self.after)}"}
        return (what.get(self.kind, f"{self.kind.replace('_', ' ')} {self.table}{self.name}")
                + detail.get(self.change, f": {self.attribute} is {self.after} after backwards, "
                                          f"was {self.before}"))


def _named(value: str | None) -> str:
    return f" ({value})" if value else ""


@dataclass
class DataLoss:
    """A sample row, or one of its values, that the backwards did not keep."""

    table: str
    row: str  # "id=1"
    column: str | None = None  # None: the whole row is gone
    before: Any = None
    after: Any = None

    def __str__(self) -> str:
        if self.column is None:
            return f"table {self.table}: row {self.row} is gone after backwards"
        return (f"table {self.table}: row {self.row} column {self.column} is "
                f"{self.after!r} after backwards, was {self.before!r}")


@dataclass
class MigrationError:
    phase: str  # forwards | backwards | forwards again | setup
    type: str
    message: str
    migration: str | None = None  # app:name that raised, when known
    file: str | None = None
    line: int | None = None
    traceback: str = ""
    stand_ins: list[str] = field(default_factory=list)  # stand-ins the migration holds

    @property
    def first_line(self) -> str:
        return self.message.strip().splitlines()[0] if self.message.strip() else ""

    def __str__(self) -> str:
        first = self.first_line
        where = f" ({self.file}:{self.line})" if self.file and self.line else ""
        raised = f" in {self.migration}" if self.migration else ""
        return f"{self.phase}{raised}: {self.type}: {first}{where}"


@dataclass
class MigrationResult:
    app: str
    name: str
    path: Path | None
    status: VerifyStatus = OK
    differences: list[Difference] = field(default_factory=list)
    data_lost: list[DataLoss] = field(default_factory=list)
    error: MigrationError | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cause: str | None = None  # skipped: the migration it needs that could not be applied

    @property
    def key(self) -> str:
        return f"{self.app}:{self.name}"

    @property
    def ok(self) -> bool:
        return self.status == OK


@dataclass
class ChainResult:
    """zero -> latest -> zero in one go per app (back to the last
    irreversible migration when there is one), compared with the stepwise run."""

    status: VerifyStatus = OK
    stops_at: str | None = None  # app:name the backwards chain stops after
    backwards_differences: list[Difference] = field(default_factory=list)
    forwards_differences: list[Difference] = field(default_factory=list)
    error: MigrationError | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class VerifyReport:
    root: Path
    database: str
    runtime: dict[str, str] = field(default_factory=dict)
    migrations: list[MigrationResult] = field(default_factory=list)
    chain: ChainResult | None = None
    seconds: float = 0.0
    skip_reasons: dict[str, str] = field(default_factory=dict)  # root key -> reason
    stand_ins: list[dict[str, Any]] = field(default_factory=list)  # {kind, name, as, by}
    assumed: list[dict[str, str]] = field(default_factory=list)  # dependencies taken as met
    absent_models: list[str] = field(default_factory=list)  # tables from frozen dicts
    left_out: dict[str, str] = field(default_factory=dict)  # app label -> why
    # Where the time went (runner requests by kind; not part of the JSON).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def results(self) -> list[MigrationResult]:
        """Alias of ``migrations`` (each has ``.path`` and ``.ok``)."""
        return self.migrations

    @property
    def ok(self) -> bool:
        chain_ok = self.chain is None or self.chain.status in (OK, SKIPPED)
        return chain_ok and all(m.ok for m in self.migrations)

    def result_for(self, path: Path | str) -> MigrationResult | None:
        """The result for a migration file (as laid out on disk)."""
        wanted = Path(path).resolve()
        for result in self.migrations:
            if result.path is not None and result.path.resolve() == wanted:
                return result
        return None

    def passed(self, path: Path | str) -> bool:
        result = self.result_for(path)
        return result is not None and result.ok

    def counts(self) -> dict[VerifyStatus, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for result in self.migrations:
            counts[result.status] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        def clean(value: Any) -> Any:
            if isinstance(value, Path):
                return str(value)
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list):
                return [clean(v) for v in value]
            return value

        data = clean(asdict(self))
        data.pop("timings", None)
        data["ok"] = self.ok
        data["counts"] = self.counts()
        for item, result in zip(data["migrations"], self.migrations):
            item["key"] = result.key
            item["messages"] = [str(d) for d in result.differences] + [
                str(d) for d in result.data_lost]
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=False)


LABELS = {OK: "ok", MISMATCH: "mismatch", DATA_LOST: "data lost", ERROR: "error",
          IRREVERSIBLE: "irreversible", SKIPPED: "skipped"}
COLOURS = {OK: "32", MISMATCH: "31", DATA_LOST: "31", ERROR: "31", IRREVERSIBLE: "33",
           SKIPPED: "33"}


def _paint(text: str, status: VerifyStatus, colour: bool) -> str:
    return f"\033[{COLOURS[status]}m{text}\033[0m" if colour else text


def short_key(key: str) -> str:
    """``blog 0007`` for ``blog:0007_add_tags``."""
    app, _, name = key.partition(":")
    return f"{app} {name.split('_', 1)[0]}"


def stand_in_lines(report: VerifyReport) -> list[str]:
    lines = [f"left out: {label}, {len([r for r in report.migrations if r.app == label])} "
             f"migrations ({why})" for label, why in report.left_out.items()]
    for item in report.stand_ins:
        what = f"{item['kind']} {item['name']}"
        if item.get("as"):
            what += f" as {item['as']}"
        by = f" (first needed by {item['by']})" if item.get("by") else ""
        lines.append(f"stand-in: {what}{by}")
    if report.absent_models:
        lines.append("stand-in tables for models of apps not in the project, from their latest "
                     f"frozen definition: {', '.join(report.absent_models)}")
    for item in report.assumed:
        lines.append(f"taken as met: {item['migration']} {item['attribute']} {item['target']} "
                     f"({item['why']})")
    if any(i["kind"] in ("module", "name", "setting") for i in report.stand_ins) \
            or report.skip_reasons:
        lines.append("hint: to run the migrations with the project's own code and apps, "
                     "add --python PY --settings MOD")
    return lines


def skipped_lines(report: VerifyReport) -> list[str]:
    counts: dict[str, int] = {}
    for result in report.migrations:
        if result.cause is not None and result.app not in report.left_out:
            counts[result.cause] = counts.get(result.cause, 0) + 1
    return [f"skipped: {count} migration{'s' if count > 1 else ''} after {short_key(root)} "
            f"({report.skip_reasons.get(root, 'could not be applied')})"
            for root, count in counts.items()]


def render_text(report: VerifyReport, *, colour: bool = False, verbose: bool = False) -> str:
    lines: list[str] = []
    width = max((len(r.key) for r in report.migrations), default=10)
    for result in report.migrations:
        if (result.ok and not verbose) or result.cause is not None:
            continue  # a skip is said once for all it stops; a left-out app in one line
        label = _paint(LABELS[result.status], result.status, colour)
        lines.append(f"{result.key.ljust(width)}  {label}")
        for item in [*result.differences, *result.data_lost]:
            lines.append(f"    {item}")
        if result.error is not None:
            lines.append(f"    {result.error}")
        for note in result.notes:
            lines.append(f"    note: {note}")
    chain = report.chain
    if chain is not None and (chain.status != OK or verbose):
        label = _paint(LABELS[chain.status], chain.status, colour)
        stops = f" (backwards stops after {chain.stops_at})" if chain.stops_at else ""
        lines.append(f"{'chain zero -> latest -> zero'.ljust(width)}  {label}{stops}")
        for diff in chain.backwards_differences:
            lines.append(f"    after the backwards chain: {diff}")
        for diff in chain.forwards_differences:
            lines.append(f"    after the forwards chain: {diff}")
        if chain.error is not None:
            lines.append(f"    {chain.error}")
        for note in chain.notes:
            lines.append(f"    note: {note}")
    lines += skipped_lines(report)
    lines += stand_in_lines(report)
    counts = report.counts()
    summary = ", ".join(
        f"{counts[s]} {LABELS[s]}" for s in STATUSES if counts[s] or s == OK
    )
    verdict = "verified" if report.ok else "verification failed"
    lines.append(
        f"{verdict}: {len(report.migrations)} migrations on {report.database} "
        f"({summary}) in {report.seconds:.1f}s"
    )
    return "\n".join(lines)


VERIFY_RULES = {
    MISMATCH: Rule("verify-mismatch", "VerifyMismatch",
                   "backwards() does not restore the schema forwards() started from"),
    DATA_LOST: Rule("verify-data-lost", "VerifyDataLost",
                    "sample rows or values did not survive forwards() then backwards()"),
    ERROR: Rule("verify-error", "VerifyError",
                "the migration raised while running forwards, backwards or forwards again"),
    IRREVERSIBLE: Rule("verify-irreversible", "VerifyIrreversible",
                       "backwards() refuses to run: the migration cannot be rolled back"),
    SKIPPED: Rule("verify-skipped", "VerifySkipped", "the migration was not run"),
}
VERIFY_LEVELS = {MISMATCH: "error", DATA_LOST: "error", ERROR: "error",
                 IRREVERSIBLE: "warning", SKIPPED: "warning"}


def backwards_line(path: Path) -> int:
    """The line of ``def backwards`` (of the Migration class when there is none)."""
    try:
        migration = read_migration(path)
    except (SouthgenError, OSError):
        return 1
    return migration.backwards.first_line if migration.backwards else migration.class_line


def findings(report: VerifyReport) -> list[Finding]:
    out = []
    for result in report.migrations:
        if result.ok:
            continue
        details = [str(item) for item in [*result.differences, *result.data_lost]]
        if result.error is not None:
            details.append(str(result.error))
        details += [f"note: {note}" for note in result.notes]
        message = f"{result.key}: {LABELS[result.status]} on {report.database}"
        if result.path is None:
            path, line = None, None
        else:
            path, line = relative(result.path), backwards_line(result.path)
        out.append(Finding(VERIFY_RULES[result.status], VERIFY_LEVELS[result.status], path,
                           line, f"southgen verify: {LABELS[result.status]}",
                           "\n".join([message, *details])))
    chain = report.chain
    if chain is not None and chain.status not in (OK, SKIPPED):
        details = [f"after the backwards chain: {d}" for d in chain.backwards_differences]
        details += [f"after the forwards chain: {d}" for d in chain.forwards_differences]
        if chain.error is not None:
            details.append(str(chain.error))
        out.append(Finding(VERIFY_RULES[chain.status], VERIFY_LEVELS[chain.status], None,
                           None, f"southgen verify: chain {LABELS[chain.status]}",
                           "\n".join([f"zero -> latest -> zero on {report.database}",
                                      *details])))
    return out


def render_github(report: VerifyReport) -> str:
    return github_lines(findings(report))


def render_sarif(report: VerifyReport) -> str:
    return sarif_log(findings(report), list(VERIFY_RULES.values()))
