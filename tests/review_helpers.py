"""Shared by the review tests: example copies, the report, headless Chromium."""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from pathlib import Path

from conftest import EXAMPLES, IN_CI, run_southgen

sys.path.insert(0, str(EXAMPLES))
from legacyize import legacyize

SETS = ("blog", "legacy", "shop")
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def example_copy(tmp: Path, name: str, legacy: bool) -> Path:
    """A copy of one example set; ``legacy``: its backwards() stripped as in old projects."""
    dest = tmp / f"{name}-{'legacy' if legacy else 'south'}"
    shutil.copytree(EXAMPLES / name, dest, ignore=shutil.ignore_patterns("*.pyc"))
    if legacy:
        legacyize(dest)
    return dest


def fix_records(project: Path) -> list[dict]:
    proc = run_southgen("fix", str(project), "--format", "json", "--no-cache")
    assert proc.returncode in (0, 2), proc.stderr
    return json.loads(proc.stdout)["migrations"]


def risk_categories(record: dict) -> Counter:
    """The risk badges a card must show: a guard is reported as a review risk."""
    return Counter("guarded" if r["kind"] == "review" and r["message"].startswith("guarded:")
                   else r["kind"] for r in record["risks"])


def write_review(project: Path, output: Path, *extra: str) -> None:
    proc = run_southgen("review", str(project), "-o", str(output), *extra)
    assert proc.returncode == 0, proc.stderr
    assert output.is_file()


def chromium_driver():
    """Debian's headless Chromium through its chromedriver (installed by scripts/test)."""
    import pytest

    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "Chromium is not installed (apt-get install chromium chromium-driver)"
        if IN_CI:
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def requests_made(driver) -> list[str]:
    """Every URL the browser asked for since the last call (DevTools network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
