"""``southgen review``'s page in a real browser: headless Chromium loading the file
from disk, for every example set (as South wrote it, and with its backwards()
stripped as in a legacy project)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from conftest import run_southgen
from review_helpers import (
    SETS,
    chromium_driver,
    example_copy,
    fix_records,
    requests_made,
    risk_categories,
    write_review,
)

from southgen.reader import read_migration

CASES = [(name, legacy) for name in SETS for legacy in (False, True)]


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("SOUTHGEN_FIX_CACHE", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def driver():
    browser = chromium_driver()
    yield browser
    browser.quit()


@pytest.fixture(scope="module", params=CASES, ids=[f"{n}-{'legacy' if x else 'south'}"
                                                    for n, x in CASES])
def report(request, tmp_path_factory):
    name, legacy = request.param
    tmp = tmp_path_factory.mktemp(f"review-{name}")
    project = example_copy(tmp, name, legacy)
    output = tmp / "review.html"
    write_review(project, output)
    return project, output, fix_records(project)


def _open(driver, path: Path) -> None:
    driver.get(path.as_uri())
    requests_made(driver)  # drop what earlier pages asked for


def _shown_cards(driver) -> list[tuple[str, str]]:
    """The cards on screen; the script's counter (when it runs) must agree."""
    cards = driver.find_elements("css selector", "main article.card")
    shown = [(c.get_attribute("data-app"), c.get_attribute("data-migration"))
             for c in cards if c.is_displayed()]
    counter = driver.find_element("id", "shown").text
    if counter:
        assert counter == f"{len(shown)} of {len(cards)} cards shown"
    return shown


def _click(driver, radio_id: str) -> None:
    driver.find_element("css selector", f"nav.filters label[for='{radio_id}']").click()


def test_every_card_fix_lists_is_there_in_order_with_its_badges(driver, report) -> None:
    project, output, records = report
    _open(driver, output)
    flagged = [r for r in records if r["action"] != "ok"]
    cards = driver.find_elements("css selector", "main article.card")
    assert [(c.get_attribute("data-app"), c.get_attribute("data-migration")) for c in cards] \
        == [(r["app"], r["migration"]) for r in flagged]
    for card, record in zip(cards, flagged):
        outcome = card.find_element("css selector", ".badges .badge[data-outcome]")
        assert outcome.get_attribute("data-outcome") == record["action"]
        badges = {b.get_attribute("data-kind"): int(b.get_attribute("data-count"))
                  for b in card.find_elements("css selector", ".badges .badge.risk")}
        assert badges == dict(risk_categories(record)), record["migration"]
        lines = [li.text for li in card.find_elements("css selector", ".risklines li")]
        assert [line.split(" ", 1)[1] for line in lines] == [r["message"] for r in record["risks"]]
    oks = driver.find_elements("css selector", "main .oks li")
    assert len(oks) == sum(r["action"] == "ok" for r in records)
    total = driver.find_element("css selector", "tfoot td[data-outcome='fix']").text
    assert int(total) == sum(r["action"] == "fix" for r in records)


def test_filters_hide_and_show_cards(driver, report) -> None:
    project, output, records = report
    _open(driver, output)
    flagged = [(r["app"], r["migration"]) for r in records if r["action"] != "ok"]
    assert _shown_cards(driver) == flagged
    apps = list(dict.fromkeys(r["app"] for r in records))
    for index, app in enumerate(apps):
        _click(driver, f"fa{index}")
        assert _shown_cards(driver) == [c for c in flagged if c[0] == app]
    _click(driver, "fa-all")
    for outcome in ("fix", "review", "error"):
        _click(driver, f"fo-{outcome}")
        assert _shown_cards(driver) == [(r["app"], r["migration"]) for r in records
                                        if r["action"] == outcome]
    _click(driver, "fo-ok")
    assert _shown_cards(driver) == []
    oks = driver.find_elements("css selector", "main .oks")
    assert all(section.is_displayed() for section in oks)
    _click(driver, "fo-all")
    for kind in ("data-loss", "irreversible", "guarded", "review"):
        _click(driver, f"fr-{kind}")
        # only flagged migrations have cards; an ok one may carry risks too
        assert _shown_cards(driver) == [(r["app"], r["migration"]) for r in records
                                        if r["action"] != "ok" and risk_categories(r)[kind]]
        assert not any(section.is_displayed() for section in oks)
    _click(driver, "fr-all")
    assert _shown_cards(driver) == flagged


def test_filters_work_without_javascript(driver, tmp_path) -> None:
    project = example_copy(tmp_path, "blog", legacy=True)
    output = tmp_path / "review.html"
    write_review(project, output)
    html = output.read_text()
    start, end = html.index("<script>"), html.index("</script>") + len("</script>")
    bare = tmp_path / "bare.html"
    bare.write_text(html[:start] + html[end:])
    _open(driver, bare)
    everything = _shown_cards(driver)
    _click(driver, "fr-irreversible")
    shown = _shown_cards(driver)
    assert shown
    assert len(shown) < len(everything)
    _click(driver, "fr-all")
    assert _shown_cards(driver) == everything


def test_page_makes_no_network_request(driver, report) -> None:
    project, output, records = report
    driver.get(output.as_uri())
    assert requests_made(driver) == [output.as_uri()]
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_the_network_check_sees_a_request(driver, tmp_path) -> None:
    """The check above would catch a page that loads something."""
    page = tmp_path / "leaky.html"
    page.write_text('<!doctype html><img src="http://127.0.0.1:9/pixel.png">')
    driver.get(page.as_uri())
    assert "http://127.0.0.1:9/pixel.png" in requests_made(driver)


def test_generated_view_is_the_backwards_fix_writes(driver, tmp_path) -> None:
    """With the "generated" switch, each diff reads exactly as the method fix --write puts
    in the file; with "in the file now", as the method there before."""
    project = example_copy(tmp_path, "shop", legacy=True)
    before = {p: p.read_text() for p in project.rglob("migrations/0*.py")}
    output = tmp_path / "review.html"
    write_review(project, output)
    assert run_southgen("fix", str(project), "--write", "--no-cache").returncode == 0
    _open(driver, output)
    cards = driver.find_elements("css selector", "main article.card[data-outcome='fix']")
    assert cards
    for view, text_of in (("fv-new", lambda p: p.read_text()), ("fv-old", before.get)):
        _click(driver, view)
        for card in cards:
            path = next(p for p in before if p.stem == card.get_attribute("data-migration")
                        and p.parent.parent.name == card.get_attribute("data-app"))
            text = text_of(path)
            span = read_migration(path, text.encode()).backwards
            expected = "" if span is None else textwrap.dedent("".join(
                text.splitlines(keepends=True)[span.first_line - 1:span.last_line]))
            shown = driver.execute_script(
                "return Array.from(arguments[0].querySelectorAll('.ln'))"
                ".filter(function (line) { return line.getClientRects().length; })"
                ".map(function (line) { return line.textContent; }).join('');",
                card.find_element("css selector", "pre.diff"))
            assert _lines(shown) == _lines(expected), path.name


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def test_screenshot_is_not_blank(driver, report) -> None:
    from PIL import Image

    project, output, records = report
    _open(driver, output)
    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    background = image.getpixel((0, image.height - 1))
    colours = image.getcolors(maxcolors=1 << 24)
    flat = next(count for count, colour in colours if colour == background)
    assert 1 - flat / (image.width * image.height) > 0.03
    assert len(colours) > 50  # text, badges and highlighted code, not one flat colour


def test_narrow_window_does_not_scroll_sideways(driver, report) -> None:
    project, output, records = report
    driver.set_window_size(400, 900)
    try:
        _open(driver, output)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        viewport = driver.execute_script("return document.documentElement.clientWidth")
        wide = driver.execute_script(
            "var vw = document.documentElement.clientWidth, out = [];"
            "document.querySelectorAll('body *').forEach(function (e) {"
            "  if (e.getBoundingClientRect().right > vw + 1) out.push(e.outerHTML.slice(0, 80));"
            "}); return out;")
        assert width <= viewport, wide
    finally:
        driver.set_window_size(1280, 1000)


def _luminance(css_colour: str) -> float:
    inside = css_colour[css_colour.index("(") + 1:css_colour.index(")")]
    red, green, blue = (float(x) for x in inside.split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_dark_theme_and_print_layout(driver, report) -> None:
    project, output, records = report
    _open(driver, output)
    background = "return getComputedStyle(document.body).backgroundColor"
    try:
        assert _luminance(driver.execute_script(background)) > 200
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [
            {"name": "prefers-color-scheme", "value": "dark"}]})
        assert _luminance(driver.execute_script(background)) < 50
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not driver.find_element("css selector", "nav.filters").is_displayed()
        cards = driver.find_elements("css selector", "main article.card")
        assert all(card.is_displayed() for card in cards)
        assert _luminance(driver.execute_script(background)) > 200  # ink on paper
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_every_migration_has_a_link_that_reaches_it(driver, report) -> None:
    project, output, records = report
    _open(driver, output)
    targets = driver.execute_script(
        "return Array.from(document.querySelectorAll('.index a')).map(function (a) {"
        "  var target = document.getElementById(a.getAttribute('href').slice(1));"
        "  return target ? (target.dataset.migration || target.textContent.trim()) : null; });")
    assert [t.split(" ")[0] if t else t for t in targets] == [r["migration"] for r in records]
    ok = next((r for r in records if r["action"] == "ok"), None)
    if ok is None:
        return
    driver.find_element("css selector", ".index summary").click()
    link = next(a for a in driver.find_elements("css selector", ".index a")
                if a.text == ok["migration"])
    link.click()
    row = driver.find_element("id", link.get_attribute("href").split("#")[1])
    assert row.is_displayed()  # its folded list of ok migrations was opened
