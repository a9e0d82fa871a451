"""The review report as one self-contained HTML page (CSS and script inline)."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from southgen import __version__
from southgen.fix.fixer import ERROR, FIX, REVIEW
from southgen.fix.report import RISK_CATEGORIES, display_path
from southgen.review import highlight
from southgen.review.collect import OUTCOME_LABELS, OUTCOMES, Entry, Review

TEMPLATES = Path(__file__).parent / "templates"
CONTEXT_LINES = 3  # around the line of an error
OPEN_LINES = 200  # a longer forwards() (an initial migration's) starts folded
POOL_THRESHOLD = 200  # cards below which worker processes cost more than they save


@dataclass
class Card:
    entry: Entry
    path: str
    forwards: Markup | None
    diff: Markup | None
    deleted: int
    inserted: int
    excerpt: Markup | None  # the lines around an error
    forwards_lines: int = 0
    sql: tuple[tuple[str, int, Markup, str | None], ...] = ()  # database, count, SQL, error

    @property
    def classes(self) -> str:
        kinds = " ".join(f"r-{kind}" for kind in sorted(self.entry.risk_counts()))
        return f"item card a{self.entry.app_index} o-{self.entry.outcome} {kinds}".strip()


def card_for(entry: Entry) -> Card:
    result = entry.result
    detail = result.detail
    forwards = diff = excerpt = None
    deleted = inserted = 0
    if detail is not None:
        forwards = Markup(highlight.code(detail.forwards)) if detail.forwards else None
        html, deleted, inserted = highlight.backwards_diff(detail.backwards, detail.generated)
        diff = Markup(html)
    elif result.action == ERROR and result.line:
        excerpt = _excerpt(result.path, result.line)
    where = display_path(result.path)
    lines = detail.forwards.count("\n") if detail is not None and detail.forwards else 0
    sql = tuple((found.database, len(found.statements), Markup(highlight.sql(found.statements)),
                 found.error) for found in entry.sql)
    return Card(entry, f"{where}:{result.line}" if result.line else where, forwards, diff,
                deleted, inserted, excerpt, lines, sql)


def _excerpt(path: Path, line: int) -> Markup | None:
    try:
        lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    first = max(line - CONTEXT_LINES, 1)
    chosen = lines[first - 1:line + CONTEXT_LINES]
    return Markup("".join(
        Markup('<span class="ln{}" data-line="{}">{}\n</span>').format(
            " ln-at" if number == line else "", number, text)
        for number, text in enumerate(chosen, first)))


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                      autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["plural"] = lambda count, word: f"{count} {word}{'s' * (count != 1)}"
    return env


def filter_css(apps: list[str]) -> str:
    """The rules behind the filters: one hidden radio per choice, CSS hides the rest
    (no script needed)."""
    rules = []
    for i in range(len(apps)):
        rules.append(f"#fa{i}:checked~main .item:not(.a{i})")
    for outcome in OUTCOMES:
        rules.append(f"#fo-{outcome}:checked~main .item:not(.o-{outcome})")
    for kind in RISK_CATEGORIES:
        rules.append(f"#fr-{kind}:checked~main .item:not(.r-{kind})")
    hide = ",\n".join(rules) + "{display:none}\n"
    chosen = [f"#fa{i}:checked~nav label[for=fa{i}]" for i in range(len(apps))]
    chosen += [f"#fo-{o}:checked~nav label[for=fo-{o}]" for o in [*OUTCOMES, "all"]]
    chosen += [f"#fr-{k}:checked~nav label[for=fr-{k}]" for k in [*RISK_CATEGORIES, "all"]]
    chosen += ["#fa-all:checked~nav label[for=fa-all]"]
    chosen += [f"#fv-{v}:checked~nav label[for=fv-{v}]" for v in ("diff", "new", "old")]
    selected = ",\n".join(chosen) + "{background:var(--accent);color:var(--on-accent);" \
                                    "border-color:var(--accent)}\n"
    return hide + selected


def cards_for(entries: list[Entry], jobs: int = 0) -> list[Card]:
    """Highlighting is most of the page's cost: spread it over processes when worth it."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(entries) < POOL_THRESHOLD:
        return [card_for(entry) for entry in entries]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(card_for, entries, chunksize=max(len(entries) // (jobs * 4), 1)))


def render(review: Review, *, title: str, jobs: int = 0) -> str:
    env = _environment()
    template = env.get_template("report.html.j2")
    cards = cards_for([entry for entry in review.entries if entry.has_card], jobs)
    css = (TEMPLATES / "report.css").read_text() + highlight.style_css() \
        + filter_css(review.apps)
    return template.render(
        review=review,
        title=title,
        version=__version__,
        cards=cards,
        counts=review.counts(),
        risk_counts=review.risk_counts(),
        verdict_counts=review.verdict_counts(),
        outcomes=OUTCOMES,
        outcome_labels=OUTCOME_LABELS,
        risk_categories=RISK_CATEGORIES,
        ok_by_app=_ok_by_app(review),
        css=Markup(css),
        script=Markup((TEMPLATES / "report.js").read_text()),
        FIX=FIX, REVIEW=REVIEW, ERROR=ERROR, OPEN_LINES=OPEN_LINES,
    )


def _ok_by_app(review: Review) -> list[tuple[int, str, list[Entry]]]:
    groups: list[tuple[int, str, list[Entry]]] = [(i, app, []) for i, app
                                                  in enumerate(review.apps)]
    for entry in review.entries:
        if not entry.has_card:
            groups[entry.app_index][2].append(entry)
    return [group for group in groups if group[2]]
