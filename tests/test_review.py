"""``southgen review`` as a user runs it: the page's content (parsed, no browser),
input errors, and --verify's verdicts from real South on real databases."""

from __future__ import annotations

import json
import shutil
import time
from html.parser import HTMLParser

import pytest
from conftest import run_southgen
from review_helpers import example_copy, fix_records, write_review
from verify_helpers import DEVSET, replace_backwards


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("SOUTHGEN_FIX_CACHE", str(tmp_path_factory.mktemp("cache")))


class Card:
    def __init__(self, attrs: dict):
        self.attrs = attrs
        self.spans: list[tuple[dict, str]] = []  # badges and code lines, with their text
        self.text = ""

    def verdict_badges(self) -> list[str]:
        """The verdicts in the card's header (one per database)."""
        return [text for attrs, text in self.spans if "data-database" in attrs]


class Page(HTMLParser):
    """The cards of a review page: attributes, spans and text of each <article>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.cards: list[Card] = []
        self.open_spans: list[tuple[dict, list[str]]] = []
        self.in_card = False
        self.external: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if attrs.get(name) and not attrs[name].startswith("#"):
                self.external.append(attrs[name])
        if tag == "article":
            self.cards.append(Card(attrs))
            self.in_card = True
        elif tag == "span" and self.in_card:
            self.open_spans.append((attrs, []))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_card = False
        elif tag == "span" and self.open_spans:
            attrs, parts = self.open_spans.pop()
            text = "".join(parts)
            self.cards[-1].spans.append((attrs, text))
            if self.open_spans:
                self.open_spans[-1][1].append(text)

    def handle_data(self, data):
        if self.in_card:
            self.cards[-1].text += data
            if self.open_spans:
                self.open_spans[-1][1].append(data)

    def card(self, migration: str) -> Card:
        (found,) = [c for c in self.cards if c.attrs["data-migration"] == migration]
        return found


def test_page_is_self_contained_with_a_card_per_flagged_migration(tmp_path) -> None:
    project = example_copy(tmp_path, "legacy", legacy=True)
    output = tmp_path / "review.html"
    proc = run_southgen("review", str(project), "-o", str(output))
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert proc.stderr.startswith("southgen: wrote ")
    html = output.read_text()
    page = Page(html)
    assert page.external == []
    assert "<link" not in html
    assert "@import" not in html
    assert "url(" not in html
    records = fix_records(project)
    assert [c.attrs["data-migration"] for c in page.cards] == [
        r["migration"] for r in records if r["action"] != "ok"]
    # the notes of forwards()/dicts reconciliation are on the card
    notes = [r["message"] for r in records if r["migration"] == "0003_rename_ticket_table"
             for r in r["risks"]]
    assert notes
    assert all(note in page.card("0003_rename_ticket_table").text for note in notes)
    assert "forwards() and the frozen models disagree" in page.card("0003_rename_ticket_table").text


def test_error_card_quotes_the_line(tmp_path) -> None:
    project = example_copy(tmp_path, "blog", legacy=True)
    bad = project / "blog" / "migrations" / "0003_add_categories_and_tags.py"
    lines = bad.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if "def forwards" in line)
    lines[number - 1] = lines[number - 1].replace("):", ")")
    bad.write_text("".join(lines))
    output = tmp_path / "review.html"
    write_review(project, output)
    card = Page(output.read_text()).card("0003_add_categories_and_tags")
    assert card.attrs["data-outcome"] == "error"
    (at,) = [attrs for attrs, _ in card.spans if "ln-at" in attrs.get("class", "")]
    assert at["data-line"] == str(number)
    assert f"0003_add_categories_and_tags.py:{number}" in card.text


@pytest.mark.parametrize(("args", "message"), [
    (["review", "no/such/folder"], "no such file or folder"),
    (["review", "{examples}", "--database", "sqlite:///x"], "--database needs --verify or --sql"),
    (["review", "{examples}", "-o", "missing/folder/review.html"], "folder does not exist"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message) -> None:
    project = example_copy(tmp_path, "shop", legacy=False)
    proc = run_southgen(*[a.replace("{examples}", str(project)) for a in args], cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("southgen: error: ")
    assert message in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert not list(tmp_path.rglob("*.html"))
    assert not list(tmp_path.rglob(".review.html.*"))


def test_verify_shows_the_verdict_per_database(tmp_path, legacy_runtime, pg_url,  # noqa: ARG001
                                               mysql_url) -> None:
    """The generated backwards() are the ones verified (a stripped one would fail), and a
    hand-broken backwards() shows the exact schema difference on every database."""
    project = tmp_path / "project"
    shutil.copytree(DEVSET, project)
    broken = project / "blog" / "migrations" / "0002_add_slug.py"
    broken.write_text(replace_backwards(broken.read_text(),
                                        "db.delete_column(u'blog_post', 'slug')\n"
                                        "db.delete_column(u'blog_post', 'reviewer_id')\n"))
    stripped = project / "blog" / "migrations" / "0005_tags.py"
    assert stripped.exists()
    stripped.write_text(replace_backwards(stripped.read_text(), "pass\n"))
    output = tmp_path / "review.html"
    started = time.monotonic()
    write_review(project, output, "--verify", "--database", pg_url, "--database", mysql_url)
    assert time.monotonic() - started < 120
    page = Page(output.read_text())
    databases = ["postgresql://127.0.0.1:5432", "mysql://127.0.0.1:3306"]
    fixed = page.card("0005_tags")
    assert fixed.attrs["data-outcome"] == "fix"
    assert fixed.verdict_badges() == [f"ok on {db}" for db in databases]
    bad = page.card("0002_add_slug")
    assert bad.verdict_badges() == [f"mismatch on {db}" for db in databases]
    assert bad.text.count("column blog_post.published: left behind by backwards") == 2


def test_sql_is_what_southgen_sql_prints_for_the_written_backwards(tmp_path,
                                                                  legacy_runtime) -> None:  # noqa: ARG001
    project = example_copy(tmp_path, "shop", legacy=True)
    output = tmp_path / "review.html"
    write_review(project, output, "--sql")
    page = Page(output.read_text())
    assert run_southgen("fix", str(project), "--write").returncode == 0
    checked = 0
    for card in page.cards:
        if card.attrs["data-outcome"] != "fix":
            continue
        path = next(project.glob(f"*/migrations/{card.attrs['data-migration']}.py"))
        proc = run_southgen("sql", str(path), "--backwards", "--format", "json")
        statements = [s["formatted"] for s in json.loads(proc.stdout)["statements"]]
        summary = f"backwards() on sqlite: {len(statements)} statement"
        assert summary in card.text, path.name
        assert all(statement in card.text for statement in statements), path.name
        if proc.returncode == 1:  # irreversible: the page says where it stopped
            assert "then it stopped" in card.text
            assert "RuntimeError" in card.text
        checked += len(statements)
    assert checked > 5


def test_apps_with_the_same_label_in_two_projects_stay_apart(tmp_path) -> None:
    root = tmp_path / "projects"
    root.mkdir()
    for name in ("one", "two"):
        shutil.copytree(example_copy(tmp_path / name, "shop", legacy=True), root / name)
    output = tmp_path / "review.html"
    write_review(root, output)
    html = output.read_text()
    page = Page(html)
    ids = [card.attrs["id"] for card in page.cards]
    flagged = [r for r in fix_records(root / "one") if r["action"] != "ok"]
    assert len(ids) == len(set(ids)) == 2 * len(flagged)
    for name in ("one/catalog", "two/catalog", "one/orders", "two/orders"):
        assert f">{name}</label></th>" in html  # a row of its own in the summary
