"""The verification itself: every migration round-tripped, then the chain.

Per migration, in South's order across apps, on one database in one runner
process: snapshot the schema at N-1, give each empty table a sample row,
forwards to N, backwards to N-1, snapshot again and compare, check the
sample rows, forwards to N again. Then the whole chain: from latest back to
zero (or to the last irreversible migration) and forwards to latest again,
each compared with what the stepwise run saw.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from southgen.verify.compare import compare_rows, compare_schemas
from southgen.verify.report import (
    DATA_LOST,
    ERROR,
    IRREVERSIBLE,
    MISMATCH,
    OK,
    SKIPPED,
    ChainResult,
    MigrationResult,
)
from southgen.verify.session import Outcome, Planned, Session, is_irreversible
from southgen.verify.snapshot import Snapshot

Progress = Callable[[str], None]


class Abort(Exception):
    """The scratch database could not be brought back to a known state."""


class Verifier:
    def __init__(self, session: Session, plan: list[Planned], checked: set[str],
                 progress: Progress | None = None):
        self.session = session
        self.plan = plan
        self.checked = checked  # app labels whose migrations are verified
        self.progress = progress
        self.applied: list[str] = []  # keys, in the order applied
        self.blocked: set[str] = set()  # keys that could not be applied
        self.after_forwards: dict[str, Snapshot] = {}

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    # ------------------------------------------------------------ per step

    def run(self) -> tuple[list[MigrationResult], ChainResult]:
        initial = self.session.snapshot()
        results: list[MigrationResult] = []
        for index, migration in enumerate(self.plan):
            try:
                if migration.app not in self.checked:
                    self._apply_only(migration)
                    continue
                result = self._step(migration)
            except Abort as exc:
                for rest in self.plan[index:]:
                    if rest.app in self.checked:
                        results.append(MigrationResult(
                            rest.app, rest.name, rest.path, SKIPPED,
                            notes=[f"not run: {exc}"]))
                return results, ChainResult(SKIPPED, notes=[f"not run: {exc}"])
            results.append(result)
            self._say(f"{result.key}: {result.status}")
        chain = self._chain(initial, results)
        self._say(f"chain: {chain.status}")
        return results, chain

    def _apply_only(self, migration: Planned) -> None:
        if self._is_blocked(migration):
            self.blocked.add(migration.key)
            return
        outcome = self.session.migrate(migration.app, migration.name)
        if outcome.ok:
            self.applied.append(migration.key)
        else:
            self.blocked.add(migration.key)
            self._recover(list(self.applied), None)

    def _is_blocked(self, migration: Planned) -> bool:
        return any(dep in self.blocked for dep in migration.requires)

    def _step(self, m: Planned) -> MigrationResult:
        started = time.monotonic()
        result = MigrationResult(m.app, m.name, m.path)
        if self._is_blocked(m):
            self.blocked.add(m.key)
            blockers = sorted(d for d in m.requires if d in self.blocked)
            result.status = SKIPPED
            result.notes.append(f"not run: needs {', '.join(blockers)}, which could not be applied")
            return result
        try:
            self._round_trip(m, result)
        finally:
            result.seconds = time.monotonic() - started
        return result

    def _round_trip(self, m: Planned, result: MigrationResult) -> None:
        session = self.session
        before = session.snapshot()
        notes, rows_before = session.insert_samples(before)
        result.notes += notes
        forwards = session.migrate(m.app, m.name)
        if not forwards.ok and any(rows_before.values()):
            # Does it only fail because the tables hold rows? Retry on empty ones.
            self._reset(list(self.applied))
            first = session.error("forwards", forwards.error)
            forwards = session.migrate(m.app, m.name)
            if forwards.ok:
                result.notes.append(f"forwards fails when the tables hold rows ({first}); "
                                    "verified on empty tables")
                rows_before = {}
        if not forwards.ok:
            self._fail(result, "forwards", forwards)
            self.blocked.add(m.key)
            self._recover(list(self.applied), before)
            return
        self.applied.append(m.key)
        after, rows_after = session.state()
        self.after_forwards[m.key] = after
        backwards = session.migrate(m.app, m.prev or "zero")
        if not backwards.ok:
            deliberate = is_irreversible(backwards.error, m.key)
            if deliberate:
                result.status = IRREVERSIBLE
                result.error = session.error("backwards", backwards.error)
            else:
                self._fail(result, "backwards", backwards)
            self._recover(list(self.applied), after, restart=not deliberate)
            return
        back, rows_back = session.state()
        result.differences = compare_schemas(before, back)
        result.data_lost = compare_rows(before, after, back, rows_before, rows_after, rows_back)
        again = session.migrate(m.app, m.name)
        if not again.ok:
            # Usually a consequence of what the backwards left behind.
            self._fail(result, "forwards again", again)
            self._recover(list(self.applied), after)
        if result.differences:
            result.status = MISMATCH
        elif result.data_lost:
            result.status = DATA_LOST

    def _fail(self, result: MigrationResult, phase: str, outcome: Outcome) -> None:
        result.status = ERROR
        result.error = self.session.error(phase, outcome.error)

    # ------------------------------------------------------------ recovery

    def _recover(self, expected: list[str], schema: Snapshot | None,
                 restart: bool = True) -> None:
        """Make sure the database holds exactly ``expected``; rebuild if not.
        After a real failure the runner process itself is replaced too."""
        if restart:
            self.session.restart()
        if set(self.session.applied()) == set(expected) and schema is not None:
            if not compare_schemas(schema, self.session.snapshot()):
                return
        self._reset(expected)

    def _reset(self, expected: list[str]) -> None:
        outcome = self.session.reset(expected)
        if not outcome.ok:
            error = self.session.error("rebuild", outcome.error)
            raise Abort(f"could not rebuild the scratch database: {error}")

    # --------------------------------------------------------------- chain

    def _chain(self, initial: Snapshot, results: list[MigrationResult]) -> ChainResult:
        started = time.monotonic()
        chain = ChainResult()
        try:
            self._run_chain(chain, initial, results)
        finally:
            chain.seconds = time.monotonic() - started
        return chain

    def _run_chain(self, chain: ChainResult, initial: Snapshot,
                   results: list[MigrationResult]) -> None:
        if not self.applied:
            chain.status = SKIPPED
            chain.notes.append("nothing was applied")
            return
        stuck = {r.key for r in results if r.status == IRREVERSIBLE
                 or (r.status == ERROR and r.error and r.error.phase == "backwards")}
        cut = max((i for i, k in enumerate(self.applied) if k in stuck), default=None)
        if cut is None:
            keep: list[str] = []
            expected: Snapshot | None = initial
        else:
            keep = self.applied[: cut + 1]
            chain.stops_at = self.applied[cut]
            expected = self.after_forwards.get(chain.stops_at)
        latest = self.session.snapshot()
        apps = list(dict.fromkeys(k.split(":", 1)[0] for k in self.applied))
        for app in reversed(apps):
            target = _last_of(app, keep) or "zero"
            if _last_of(app, self.applied) == target:
                continue
            outcome = self.session.migrate(app, target)
            if not outcome.ok:
                chain.status = ERROR
                chain.error = self.session.error("backwards chain", outcome.error)
                return
        if expected is not None:
            chain.backwards_differences = compare_schemas(expected, self.session.snapshot())
        for app in apps:
            latest_of_app = _last_of(app, self.applied)
            if latest_of_app == _last_of(app, keep):
                continue
            outcome = self.session.migrate(app, latest_of_app)
            if not outcome.ok:
                chain.status = ERROR
                chain.error = self.session.error("forwards chain", outcome.error)
                return
        chain.forwards_differences = compare_schemas(latest, self.session.snapshot())
        if chain.backwards_differences or chain.forwards_differences:
            chain.status = MISMATCH
        else:
            chain.status = OK


def _last_of(app: str, keys: list[str]) -> str | None:
    names = [k.split(":", 1)[1] for k in keys if k.split(":", 1)[0] == app]
    return names[-1] if names else None
