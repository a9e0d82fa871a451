"""The work of ``southgen fix`` on one migrations folder, and on many in parallel.

Each file is read and parsed once and handed on as the next migration's
previous one (never ``find_previous`` per file). A migration whose result
is in the cache under the same key (its sha1, its previous one's sha1, the
code and options fingerprint) is not parsed at all, unless it is someone's
previous and that someone must be computed.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from southgen import classify
from southgen.cache import FolderCache
from southgen.dependencies import check_dependencies
from southgen.discover import AppFolder
from southgen.equivalence import calls_of, operations
from southgen.errors import SouthgenError
from southgen.generate import Options, generate, missing_previous
from southgen.ops import Risk
from southgen.reader import MigrationFile, read_migration
from southgen.splice import splice_backwards
from southgen.writer import sha1

# What happens to a migration.
FIX = "fix"  # its backwards() is (re)generated
OK = "ok"  # nothing to do
REVIEW = "review"  # a hand-written backwards() differs from the computed one: left alone
ERROR = "error"  # could not be read or computed: left alone

POOL_THRESHOLD = 200  # migrations below which worker processes cost more than they save

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
    cache_dir: Path | None = None
    fingerprint: str = ""  # code + options: part of every cache key


@dataclass
class Result:
    path: Path
    app: str
    status: str | None  # classify.*; None when the file could not be read
    action: str  # FIX, OK, REVIEW, ERROR
    message: str = ""
    line: int | None = None
    risks: tuple[Risk, ...] = ()
    operations: int = 0  # db operations in the computed backwards()
    sha1: str = ""
    encoding: str = "utf-8"
    old_text: str | None = field(default=None, repr=False)
    new_text: str | None = field(default=None, repr=False)
    written: bool = False

    @property
    def name(self) -> str:
        return self.path.stem

    def cacheable(self) -> dict:
        data = asdict(self)
        for key in ("path", "old_text", "new_text", "written", "sha1"):
            data.pop(key)
        data["risks"] = [[r.kind, r.message] for r in self.risks]
        return data

    @classmethod
    def from_cache(cls, path: Path, sha: str, data: dict) -> Result:
        risks = tuple(Risk(kind, message) for kind, message in data.pop("risks"))
        return cls(path=path, sha1=sha, risks=risks, **data)


def settings_fingerprint(code: str, options: Options, regenerate_all: bool,
                         templates: str) -> str:
    text = repr((code, sorted(options.defaults.items()), str(options.templates_dir),
                 templates, regenerate_all))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


@dataclass
class _Previous:
    """The nearest earlier migration with frozen models, parsed lazily."""

    path: Path
    raw: bytes
    sha1: str
    parsed: MigrationFile | None = None

    def migration(self) -> MigrationFile:
        if self.parsed is None:
            self.parsed = read_migration(self.path, self.raw)
        return self.parsed


def fix_folder(app: AppFolder, settings: Settings) -> list[Result]:
    """The results of every wanted migration of one folder, in South's order."""
    cache = FolderCache(settings.cache_dir, app.folder)
    wanted = [i for i, p in enumerate(app.files) if app.wanted(p)]
    if not wanted:
        return []
    results: list[Result] = []
    previous: _Previous | None = None
    broken: Path | None = None  # an unreadable migration since ``previous``
    for index, path in enumerate(app.files[: wanted[-1] + 1]):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            broken = path
            if app.wanted(path):
                results.append(Result(path, app.app_label, None, ERROR,
                                      f"cannot read: {exc.strerror}"))
            continue
        sha = sha1(raw)
        facts = cache.get(path.name, sha)
        key = _key(settings, sha, previous, broken, index)
        result = None
        parsed: MigrationFile | None = None
        if facts is not None and app.wanted(path) and facts.get("key") == key and (
                not settings.want_text or facts["result"]["action"] != FIX):
            result = Result.from_cache(path, sha, dict(facts["result"]))
        if result is None and app.wanted(path):
            parsed, result = _compute(path, raw, sha, app, settings, previous, broken, index)
            facts = {"sha1": sha, "readable": parsed is not None,
                     "models": parsed is not None and parsed.models is not None,
                     "key": key, "result": result.cacheable()}
            cache.put(path.name, facts)
        elif facts is None:  # an earlier file, only needed as someone's previous
            try:
                parsed = read_migration(path, raw)
            except SouthgenError:
                parsed = None
            facts = {"sha1": sha, "readable": parsed is not None,
                     "models": parsed is not None and parsed.models is not None,
                     "key": None, "result": None}
            cache.put(path.name, facts)
        if result is not None:
            if not settings.want_text:
                result.old_text = result.new_text = None
            results.append(result)
        if not facts["readable"]:
            broken = path
        elif facts["models"]:
            previous, broken = _Previous(path, raw, sha, parsed), None
    cache.save()
    return results


def _key(settings: Settings, sha: str, previous: _Previous | None, broken: Path | None,
         index: int) -> str:
    if broken is not None:
        before = f"broken:{broken.name}"
    elif previous is not None:
        before = f"previous:{previous.sha1}"
    else:
        before = f"first:{index}"
    return hashlib.sha1(f"{settings.fingerprint}/{sha}/{before}".encode(),
                        usedforsecurity=False).hexdigest()


def _compute(path: Path, raw: bytes, sha: str, app: AppFolder, settings: Settings,
             previous: _Previous | None, broken: Path | None, index: int
             ) -> tuple[MigrationFile | None, Result]:
    label = app.app_label
    try:
        migration = read_migration(path, raw)
    except SouthgenError as exc:
        return None, Result(path, label, None, ERROR, exc.message, exc.line, sha1=sha)
    status = classify.classify(migration.backwards)
    base = Result(path, label, status, OK, sha1=sha, encoding=migration.encoding)
    try:
        check_dependencies(migration)
        return migration, _decide(migration, base, settings, previous, broken, index)
    except SouthgenError as exc:
        line = exc.line if exc.path is None or exc.path == path else None
        where = "" if exc.path is None or exc.path == path else f"{exc.path.name}: "
        return migration, replace(base, action=ERROR, message=where + exc.message, line=line)


def _decide(migration: MigrationFile, result: Result, settings: Settings,
            previous: _Previous | None, broken: Path | None, index: int) -> Result:
    status = result.status
    if broken is not None:
        return replace(result, action=ERROR, line=1, message=(
            f"not checked: the earlier migration {broken.name} could not be read"))
    before = None
    if previous is not None:
        before = previous.migration()
    elif (error := missing_previous(migration.path, has_earlier=index > 0)) is not None:
        raise error
    try:
        generated = generate(migration, before, settings.options)
    except SouthgenError:
        if migration.models is None and status == classify.PRESENT:
            return replace(result, message="no frozen models dict, and nothing southgen can "
                                           "invert in forwards(): backwards() not compared")
        raise
    expected = operations(generated.method)
    result = replace(result, operations=sum(expected.values()), risks=generated.risks)
    kept = "" if settings.regenerate_all else classify.deliberate(
        migration.backwards, migration.lines(),
        not any(op.changes_schema for op in generated.forwards_ops))
    if kept and status in (classify.EMPTY, classify.RAISES):
        return replace(result, action=REVIEW, line=migration.backwards.first_line,
                       message=f"kept: {kept}; regenerate it with --all")
    matches = (migration.backwards is not None
               and calls_of(migration.backwards.node) == expected)
    if status == classify.PRESENT and not settings.regenerate_all:
        if matches:
            return result
        hints = tuple(r for r in generated.risks if r.kind == "irreversible")
        return replace(result, action=REVIEW, message=_difference(migration, generated.method),
                       line=migration.backwards.first_line, risks=hints)
    if matches and not settings.regenerate_all:
        return result  # e.g. South's own raise, when nothing more is known
    new_text = splice_backwards(migration, generated.method)
    if new_text == migration.text:
        return result
    try:
        new_text.encode(migration.encoding)
    except UnicodeEncodeError:
        raise SouthgenError(f"the generated backwards() cannot be written in the file's "
                            f"encoding ({migration.encoding})", None,
                            migration.forwards.first_line if migration.forwards else 1) from None
    risks = generated.risks
    if not generated.backwards_ops:
        risks += (Risk("review", "the frozen models do not change: the generated backwards() "
                                 "does nothing; undo any data changes of forwards() by hand"),)
    return replace(result, action=FIX, message=REASONS[status], risks=risks,
                   old_text=migration.text, new_text=new_text)


def _difference(migration: MigrationFile, method: str) -> str:
    found = calls_of(migration.backwards.node)
    expected = operations(method)
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
            progress: Callable[[int], None] | None = None) -> list[Result]:
    """Every folder's results, in a process per folder when worth it; ``progress``
    is called with the number of migrations just done."""
    jobs = jobs or os.cpu_count() or 1
    sizes = {id(app): len(app.files) for app in apps}
    total = sum(sizes.values())
    by_folder: dict[int, list[Result]] = {}
    if jobs <= 1 or len(apps) <= 1 or total < POOL_THRESHOLD:
        for app in apps:
            by_folder[id(app)] = fix_folder(app, settings)
            if progress:
                progress(sum(1 for p in app.files if app.wanted(p)))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(apps)),
                                 initializer=tune_gc) as pool:
            futures = {pool.submit(fix_folder, app, settings): app
                       for app in sorted(apps, key=lambda a: -sizes[id(a)])}
            for future in as_completed(futures):
                app = futures[future]
                by_folder[id(app)] = future.result()
                if progress:
                    progress(sum(1 for p in app.files if app.wanted(p)))
    return [result for app in apps for result in by_folder[id(app)]]
