"""The work of ``southgen fix`` on one migrations folder, and on many in parallel.

A folder is walked once, in South's order, through its ``AppHistory``: each
file is read and parsed at most once, and earlier definitions are indexed as
the walk goes. A migration whose result is in the cache under the same key
(its content, every earlier file's content, the code and options) is not
parsed at all, nor read when its size and mtime are unchanged. A long app is
cut into chunks, one per worker process; each chunk starts from the state
before it, so results are the same as one walk's.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from southgen.dependencies import check_dependencies
from southgen.errors import SouthgenError
from southgen.fix import classify
from southgen.fix.cache import FolderCache
from southgen.fix.discover import AppFolder
from southgen.fix.equivalence import calls_of, operations, planned_operations
from southgen.generate import Options, Plan, plan_at, render
from southgen.history import AppHistory, Definitions
from southgen.madeby import drift_note
from southgen.operations.flow import leaves
from southgen.operations.risk import Risk, RiskKind
from southgen.reader import MigrationFile
from southgen.splice import splice_backwards
from southgen.strenum import StrEnum
from southgen.symbolic import given_settings


class Action(StrEnum):
    """What happens to a migration."""

    FIX = "fix"  # its backwards() is (re)generated
    OK = "ok"  # nothing to do
    REVIEW = "review"  # a hand-written backwards() differs from the computed one: left alone
    ERROR = "error"  # could not be read or computed: left alone


FIX, OK, REVIEW, ERROR = Action.FIX, Action.OK, Action.REVIEW, Action.ERROR

POOL_THRESHOLD = 200  # migrations below which worker processes cost more than they save
CHUNK_MINIMUM = 100  # migrations: a chunk of a long app in a worker process

REASONS = {
    classify.MISSING: "backwards() is missing",
    classify.EMPTY: "backwards() is empty",
    classify.RAISES: "backwards() raises",
    classify.PRESENT: "backwards() regenerated (--all)",
}


@dataclass(frozen=True)
class Settings:
    options: Options = Options()
    regenerate_all: bool = False
    want_text: bool = False  # keep the new text of fixed files (--diff, --write, --verify)
    want_detail: bool = False  # keep a Detail of each fixed or flagged file (review)
    cache_dir: Path | None = None
    fingerprint: str = ""  # code + options: part of every cache key


@dataclass(frozen=True)
class Detail:
    """What a reviewer reads of one fixed or flagged migration (``southgen review``)."""

    forwards: str | None  # the forwards() method as in the file
    backwards: str | None  # the backwards() method in the file now
    generated: str  # the computed backwards() method
    notes: tuple[str, ...] = ()  # where forwards() and the frozen models disagree


@dataclass
class Result:
    path: Path
    app: str
    status: classify.Status | None  # None when the file could not be read
    action: Action
    message: str = ""
    line: int | None = None
    risks: tuple[Risk, ...] = ()
    operations: int = 0  # db operations in the computed backwards()
    sha1: str = ""
    encoding: str = "utf-8"
    old_text: str | None = field(default=None, repr=False)
    new_text: str | None = field(default=None, repr=False)
    written: bool = False
    detail: Detail | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.stem

    def cacheable(self) -> dict:
        data = asdict(self)
        for key in ("path", "old_text", "new_text", "written", "sha1", "detail"):
            data.pop(key)
        data["risks"] = [[r.kind, r.message] for r in self.risks]
        return data

    @classmethod
    def from_cache(cls, path: Path, sha: str, data: dict) -> Result:
        risks = tuple(Risk(RiskKind(kind), message) for kind, message in data.pop("risks"))
        status = data.pop("status")
        return cls(path=path, sha1=sha, risks=risks, action=Action(data.pop("action")),
                   status=None if status is None else classify.Status(status), **data)


def settings_fingerprint(code: str, options: Options, regenerate_all: bool,
                         templates: str) -> str:
    text = repr((code, sorted(options.defaults.items()), str(options.templates_dir),
                 templates, regenerate_all, sorted(options.settings.items())))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def fix_folder(app: AppFolder, settings: Settings, start: int = 0, stop: int | None = None,
               cached_only: bool = False, progress: Callable[[int], None] | None = None
               ) -> tuple[list[Result], dict[str, dict]] | None:
    """The results of the wanted migrations among ``app.files[start:stop]``, in South's
    order, and the cache entries they leave (the caller saves them: chunks of one
    folder may run in several processes). ``cached_only``: None as soon as one result
    would have to be computed."""
    with given_settings(settings.options.settings):
        return _fix_folder(app, settings, start, stop, cached_only, progress)


def _fix_folder(app: AppFolder, settings: Settings, start: int, stop: int | None,
                cached_only: bool, progress: Callable[[int], None] | None
                ) -> tuple[list[Result], dict[str, dict]] | None:
    cache = FolderCache(settings.cache_dir, app.folder)
    wanted = [i for i, p in enumerate(app.files[:stop]) if i >= start and app.wanted(p)]
    if not wanted:
        return [], {}
    history = AppHistory(app.files)
    definitions = Definitions(history)
    results: list[Result] = []
    chain = _Chain(settings.fingerprint)
    for index in range(start if cache.path is not None else 0):  # keys only for the cache
        chain.add(cache.content_sha1(app.files[index])[0])
    hashed = cache.path is not None or settings.want_text  # a key, or a write to check
    for index in range(start, wanted[-1] + 1):
        path = app.files[index]
        sha, raw = cache.content_sha1(path, hashed)
        key = chain.key(sha)
        chain.add(sha)
        if not app.wanted(path):
            continue
        if sha is None:
            results.append(Result(path, app.app_label, None, ERROR,
                                  f"cannot read: {cache.read_error(path)}"))
            continue
        facts = cache.get(path.name, sha)
        if facts is not None and facts.get("key") == key and (
                not settings.want_text or facts["result"]["action"] != FIX) and (
                not settings.want_detail or facts["result"]["action"] == OK):
            result = Result.from_cache(path, sha, dict(facts["result"]))
        elif cached_only:
            return None
        else:
            if raw is not None:
                history.give_raw(index, raw)
            result = _compute(history, definitions, index, app, settings, sha)
            if cache.path is not None:
                cache.put(path.name, {**cache.entries.get(path.name, {}), "key": key,
                                      "result": result.cacheable()})
        if not settings.want_text:
            result.old_text = result.new_text = None
        results.append(result)
        if progress:
            progress(1)
    own = {path.name for path in app.files[start: wanted[-1] + 1]}
    return results, {name: entry for name, entry in cache.changed().items() if name in own}


class _Chain:
    """Cache keys: a result depends on its file and on every earlier one (the state
    before it, and the definitions lookups find), so each key hashes them all."""

    def __init__(self, fingerprint: str) -> None:
        self._digest = hashlib.sha1(fingerprint.encode(), usedforsecurity=False)

    def add(self, sha: str | None) -> None:
        self._digest.update(f"/{sha or 'unreadable'}".encode())

    def key(self, sha: str | None) -> str:
        digest = self._digest.copy()
        digest.update(f"|{sha}".encode())
        return digest.hexdigest()


def _compute(history: AppHistory, definitions: Definitions, index: int, app: AppFolder,
             settings: Settings, sha: str) -> Result:
    path, label = app.files[index], app.app_label
    try:
        migration = history.migration(index)
    except SouthgenError as exc:
        return Result(path, label, None, ERROR, exc.message, exc.line, sha1=sha)
    status = classify.classify(migration.backwards)
    base = Result(path, label, status, OK, sha1=sha, encoding=migration.encoding)
    try:
        check_dependencies(migration)
        return _decide(history, definitions, index, base, settings)
    except SouthgenError as exc:
        line = exc.line if exc.path is None or exc.path == path else None
        where = "" if exc.path is None or exc.path == path else f"{exc.path.name}: "
        return replace(base, action=ERROR, message=where + exc.message, line=line)


def _decide(history: AppHistory, definitions: Definitions, index: int, result: Result,
            settings: Settings) -> Result:
    status = result.status
    assert status is not None  # every file that was read has one
    migration = history.migration(index)
    try:
        planned = plan_at(history, index, settings.options, definitions.at(index))
        method = _Method(planned, settings.options)
    except SouthgenError:
        if migration.models is None and status == classify.PRESENT:
            return replace(result, message="no frozen models dict, and nothing southgen can "
                                           "invert in forwards(): backwards() not compared")
        raise
    expected = method.operations
    # a column restored as a drifted dict defines it, reported as ``generate`` reports it;
    # only where the backwards is regenerated: the history walk is not free
    regenerated = status != classify.PRESENT or settings.regenerate_all
    drift = drift_note(history, index, planned.backwards_ops) if regenerated else ""
    risks = planned.risks + ((Risk(RiskKind.REVIEW, drift),) if drift else ())
    result = replace(result, operations=sum(expected.values()), risks=risks)
    detail = _detail(migration, method.text, planned.notes) if settings.want_detail else None
    kept = "" if settings.regenerate_all else classify.deliberate(
        migration.backwards, migration.text,
        not any(op.changes_schema for op in planned.forwards_ops))
    where = migration.backwards.first_line if migration.backwards else None
    if kept and status in (classify.EMPTY, classify.RAISES):
        return replace(result, action=REVIEW, line=where, detail=detail,
                       message=f"kept: {kept}; regenerate it with --all")
    if status == classify.EMPTY and not settings.regenerate_all and any(
            op.unknown_inverse for op in leaves(planned.backwards_ops)):
        # a raise over what southgen cannot read never round-trips better than the ``pass``
        return replace(result, action=REVIEW, line=where, detail=detail,
                       message="kept: backwards() is empty and the generated one would raise "
                               "(see the irreversible risks); regenerate it with --all")
    if drift and status in (classify.EMPTY, classify.RAISES) and not settings.regenerate_all:
        # the ``pass`` may be what the author found to round-trip on the live database;
        # a raise at least stops before a wrong definition is written
        return replace(result, action=REVIEW, line=where, detail=detail,
                       message=f"kept: {REASONS[status]} and {drift}; regenerate it with "
                               f"--all")
    # rows deleted through the orm are no db.* call: an empty backwards does not match them
    deletes_rows = status != classify.PRESENT and any(
        op.deletes_rows for op in leaves(planned.backwards_ops))
    matches = (migration.backwards is not None and not deletes_rows
               and calls_of(migration.backwards.node) == expected)
    if status == classify.PRESENT and not settings.regenerate_all:
        if matches:
            return result
        assert migration.backwards is not None  # PRESENT
        hints = tuple(r for r in risks if r.kind == "irreversible")
        return replace(result, action=REVIEW, message=_difference(migration, expected),
                       line=migration.backwards.first_line, risks=hints, detail=detail)
    if matches and not settings.regenerate_all:
        return result  # e.g. South's own raise, when nothing more is known
    new_text = splice_backwards(migration, method.text)
    if new_text == migration.text:
        return result
    try:
        new_text.encode(migration.encoding)
    except UnicodeEncodeError:
        raise SouthgenError(f"the generated backwards() cannot be written in the file's "
                            f"encoding ({migration.encoding})", None,
                            migration.forwards.first_line if migration.forwards else 1) from None
    if not planned.backwards_ops:
        risks += (Risk(RiskKind.REVIEW,
                       "the frozen models do not change: the generated backwards() "
                       "does nothing; undo any data changes of forwards() by hand"),)
    line = migration.backwards.first_line if migration.backwards else migration.class_line
    return replace(result, action=FIX, message=REASONS[status], risks=risks, line=line,
                   old_text=migration.text, new_text=new_text, detail=detail)


def _detail(migration: MigrationFile, method: str, notes: tuple[str, ...]) -> Detail:
    lines = migration.lines()

    def source(span) -> str | None:
        return "".join(lines[span.first_line - 1:span.last_line]) if span else None

    return Detail(source(migration.forwards), source(migration.backwards), method, notes)


class _Method:
    """The computed backwards() method: its operations as a comparison reads them, and
    its text, written only when needed (most files only compare)."""

    def __init__(self, planned: Plan, options: Options) -> None:
        self._planned, self._options = planned, options
        self._text: str | None = None
        found = planned_operations(planned) if options.templates_dir is None else None
        self.operations = found if found is not None else operations(self.text)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = render(self._planned, self._options)
        return self._text


def _difference(migration: MigrationFile, expected: Counter) -> str:
    assert migration.backwards is not None
    found = calls_of(migration.backwards.node)
    missing = sum((expected - found).values())
    extra = sum((found - expected).values())
    parts = []
    if missing:
        parts.append(f"{missing} computed operation{'s' * (missing != 1)} missing")
    if extra:
        parts.append(f"{extra} other operation{'s' * (extra != 1)}")
    return ("hand-written backwards() differs from the frozen models' changes ("
            + ", ".join(parts) + "): review it, or regenerate it with --all")


def tune_gc() -> None:
    """A batch allocates millions of small, acyclic objects (fields, AST nodes):
    collect cycles far less often (about 10% faster, same memory)."""
    gc.set_threshold(50000, 50, 50)


def fix_all(apps: list[AppFolder], settings: Settings, jobs: int = 0,
            progress: Callable[[int], None] | None = None,
            chunk_size: int | None = None) -> list[Result]:
    """Every folder's results, in worker processes when worth it; a long app is cut
    into chunks so that one app keeps every core busy. ``progress`` is called with
    the number of migrations just done."""
    jobs = jobs or os.cpu_count() or 1
    total = sum(len(app.files) for app in apps)
    pooled = jobs > 1 and total >= POOL_THRESHOLD
    done: dict[tuple[int, int], list[Result]] = {}
    changes: dict[int, dict[str, dict]] = {}
    cached = {}
    if pooled:  # unchanged folders cost no worker process
        cached = {id(app): outcome for app in apps
                  if (outcome := fix_folder(app, settings, cached_only=True)) is not None}
        total = sum(len(app.files) for app in apps if id(app) not in cached)
        pooled = total >= POOL_THRESHOLD
    units = _units([app for app in apps if id(app) not in cached],
                   chunk_size or (_chunk_size(total, jobs) if pooled else None))

    def collect(unit: tuple[AppFolder, int, int], outcome, counted: bool = False) -> None:
        app, start, _ = unit
        results, entries = outcome
        done[(id(app), start)] = results
        changes.setdefault(id(app), {}).update(entries)
        if progress and not counted:
            progress(len(results))

    for app in apps:
        if id(app) in cached:
            collect((app, 0, len(app.files)), cached[id(app)])
    if not pooled or len(units) <= 1:
        for unit in units:
            collect(unit, fix_folder(unit[0], settings, unit[1], unit[2], progress=progress),
                    counted=True)
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed  # only when pooled

        with ProcessPoolExecutor(max_workers=min(jobs, len(units)),
                                 initializer=tune_gc) as pool:
            futures = {pool.submit(fix_folder, unit[0], settings, unit[1], unit[2]): unit
                       for unit in sorted(units, key=lambda u: u[1] - u[2])}
            for future in as_completed(futures):
                collect(futures[future], future.result())
    for app in apps:
        if changes.get(id(app)):
            FolderCache(settings.cache_dir, app.folder).save(changes[id(app)])
    return [result for app in apps for key in sorted(k for k in done if k[0] == id(app))
            for result in done[key]]


def _chunk_size(total: int, jobs: int) -> int:
    """Only an app longer than a worker's fair share is cut: a chunk that starts
    mid-history reads the files before it again (their dicts, for the definitions
    lookups need), so the fewer cuts the better."""
    return max(CHUNK_MINIMUM, -(-total // jobs))


# What reading a file before its chunk costs (to index its dict for lookups) against
# computing one of the chunk's own: later chunks are cut shorter to even out.
EARLIER_FILE_COST = 0.5


def _units(apps: list[AppFolder], chunk: int | None) -> list[tuple[AppFolder, int, int]]:
    units = []
    for app in apps:
        size = len(app.files)
        count = -(-size // (chunk or size or 1)) if size else 0
        bounds = _bounds(size, count)
        units += [(app, start, stop) for start, stop in zip(bounds, bounds[1:])]
    return units


def _bounds(size: int, count: int) -> list[int]:
    """``count`` chunks of ``size`` files of about equal cost: chunk k costs its length
    plus EARLIER_FILE_COST times its start, so each starts after
    ``(1 - EARLIER_FILE_COST) * previous start + cost``."""
    if count <= 1:
        return [0, size] if size else [0]
    keep = 1 - EARLIER_FILE_COST
    cost = size * EARLIER_FILE_COST / (1 - keep ** count)
    bounds, start = [0], 0.0
    for _ in range(count - 1):
        start = keep * start + cost
        if round(start) > bounds[-1] and round(start) < size:
            bounds.append(round(start))
    return [*bounds, size]
