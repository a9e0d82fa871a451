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
from southgen.verify.report import ChainResult, MigrationResult, VerifyStatus
from southgen.verify.session import Outcome, Planned, Session, is_irreversible
from southgen.verify.snapshot import Snapshot

STAND_IN_MARK = "southgen_standins"
Progress = Callable[[str], None]
Judged = Callable[[Planned], bool]


class Abort(Exception):
    """The scratch database could not be brought back to a known state."""


class Verifier:
    def __init__(self, session: Session, plan: list[Planned], judged: Judged,
                 progress: Progress | None = None, chain: bool = True):
        self.session = session
        self.plan = plan
        self.judged = judged  # whether a migration is verified (or only applied)
        self.progress = progress
        self.with_chain = chain
        self.applied: list[str] = []  # keys, in the order applied
        # Keys that could not be applied -> the migration that is the reason
        # (itself, or the one it depends on that could not be applied).
        self.blocked: dict[str, str] = {}
        self.reasons: dict[str, str] = {}  # root key -> one-line reason
        self.after_forwards: dict[str, Snapshot] = {}
        # Data migrations whose forwards fails, recorded as applied without
        # running so that what comes after them still runs.
        self.faked: set[str] = set()

    def _say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    # ------------------------------------------------------------ per step

    def run(self) -> tuple[list[MigrationResult], ChainResult | None]:
        initial = self.session.snapshot()
        results: list[MigrationResult] = []
        for index, migration in enumerate(self.plan):
            try:
                if not self.judged(migration):
                    self._apply_only(migration)
                    continue
                result = self._step(migration)
            except Abort as exc:
                for rest in self.plan[index:]:
                    if self.judged(rest):
                        results.append(MigrationResult(
                            rest.app, rest.name, rest.path, VerifyStatus.SKIPPED,
                            notes=[f"not run: {exc}"]))
                return results, ChainResult(VerifyStatus.SKIPPED, notes=[f"not run: {exc}"])
            results.append(result)
            self._say(f"{result.key}: {result.status}")
        if not self.with_chain:
            return results, None
        chain = self._chain(initial, results)
        self._say(f"chain: {chain.status}")
        return results, chain

    def _apply_only(self, migration: Planned) -> None:
        blocker = self._blocker(migration)
        if blocker is not None:
            self.blocked[migration.key] = blocker
            return
        if migration.broken:
            self._block(migration.key, self._does_not_import(migration))
            return
        outcome = self.session.migrate(migration.app, migration.name)
        if outcome.ok:
            self.applied.append(migration.key)
            return
        error = self.session.error("forwards", outcome.error)
        self._recover(list(self.applied), None)
        if not self._fake(migration):
            self._block(migration.key, f"forwards fails: {error.type}: {error.first_line}")

    def _fake(self, m: Planned) -> bool:
        """Record a failing data migration as applied, without running it:
        the schema stays what the next migration's frozen dict expects."""
        if not m.data_only or not self.session.migrate(m.app, m.name, fake=True).ok:
            return False
        self.applied.append(m.key)
        self.faked.add(m.key)
        return True

    def _blocker(self, migration: Planned) -> str | None:
        """The migration that stops this one, if one it needs could not be applied."""
        for dep in migration.requires:
            if dep in self.blocked:
                return self.blocked[dep]
        return None

    def _block(self, key: str, reason: str) -> None:
        self.blocked[key] = key
        self.reasons[key] = reason

    def _does_not_import(self, m: Planned) -> str:
        error = self.session.error("import", m.broken or {})
        return f"does not import: {error.type}: {error.first_line}"

    def _step(self, m: Planned) -> MigrationResult:
        started = time.monotonic()
        result = MigrationResult(m.app, m.name, m.path)
        blocker = self._blocker(m)
        if blocker is not None:
            self.blocked[m.key] = blocker
            result.status = VerifyStatus.SKIPPED
            result.cause = blocker
            return result
        if m.broken:
            self._block(m.key, self._does_not_import(m))
            result.status = VerifyStatus.SKIPPED
            result.error = self.session.error("import", m.broken)
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
            assert result.error is not None
            self._recover(list(self.applied), before)
            if self._fake(m):
                result.notes.append("recorded as applied without running it (a data migration: "
                                    "the schema is unchanged), so that what follows is verified")
            else:
                self._block(m.key, f"forwards fails: {result.error.type}: "
                                   f"{result.error.first_line}")
            return
        self.applied.append(m.key)
        after, rows_after = session.state()
        self.after_forwards[m.key] = after
        backwards = session.migrate(m.app, m.prev or "zero")
        if not backwards.ok:
            deliberate = is_irreversible(backwards.error, m.key)
            if deliberate:
                result.status = VerifyStatus.IRREVERSIBLE
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
            result.status = VerifyStatus.MISMATCH
        elif result.data_lost:
            result.status = VerifyStatus.DATA_LOST

    def _fail(self, result: MigrationResult, phase: str, outcome: Outcome) -> None:
        result.status = VerifyStatus.ERROR
        result.error = self.session.error(phase, outcome.error)
        if result.error.stand_ins or STAND_IN_MARK in result.error.traceback:
            names = ", ".join(result.error.stand_ins)
            result.notes.append(f"the migration uses stand-ins for code that is not installed"
                                f"{' (' + names + ')' if names else ''}: run with --python and "
                                "--settings for a verdict on the real code")

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
        outcome = self.session.reset(expected, self.faked)
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
            chain.status = VerifyStatus.SKIPPED
            chain.notes.append("nothing was applied")
            return
        stuck = {r.key for r in results if r.status == VerifyStatus.IRREVERSIBLE
                 or (r.status == VerifyStatus.ERROR and r.error and r.error.phase == "backwards")}
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
                chain.status = VerifyStatus.ERROR
                chain.error = self.session.error("backwards chain", outcome.error)
                return
        if expected is not None:
            chain.backwards_differences = compare_schemas(expected, self.session.snapshot())
        for app in apps:
            latest_of_app = _last_of(app, self.applied)
            if latest_of_app == _last_of(app, keep):
                continue
            outcome = self._forwards_to(app, latest_of_app)
            if not outcome.ok:
                chain.status = VerifyStatus.ERROR
                chain.error = self.session.error("forwards chain", outcome.error)
                return
        chain.forwards_differences = compare_schemas(latest, self.session.snapshot())
        if chain.backwards_differences or chain.forwards_differences:
            chain.status = VerifyStatus.MISMATCH
        else:
            chain.status = VerifyStatus.OK


    def _forwards_to(self, app: str, target: str | None) -> Outcome:
        """Migrate ``app`` forwards to ``target``, faking what the stepwise run faked."""
        for key in self.applied:
            if key in self.faked and key.startswith(f"{app}:"):
                name = key.split(":", 1)[1]
                prev = next((m.prev for m in self.plan if m.key == key), None)
                if prev is not None:
                    outcome = self.session.migrate(app, prev)
                    if not outcome.ok:
                        return outcome
                outcome = self.session.migrate(app, name, fake=True)
                if not outcome.ok:
                    return outcome
            if key == f"{app}:{target}":
                break
        return self.session.migrate(app, target)


def _last_of(app: str, keys: list[str]) -> str | None:
    names = [k.split(":", 1)[1] for k in keys if k.split(":", 1)[0] == app]
    return names[-1] if names else None
