"""Benchmark ``southgen review`` on a large synthetic legacy project.

    python benchmarks/bench_review.py [--apps 20] [--migrations 100] [--models 40] [--fields 25]

Builds the same project as bench_fix.py (APPS x MIGRATIONS South migrations
of about 100 KB, three in four with a backwards() to regenerate), times
``southgen review`` over it (cold result cache, then cached), prints the HTML
size and number of cards, and, when Debian's headless Chromium is there, how
long the page takes to open from disk (load event, then first paint).
Targets on a 2-core machine: 2,000 migrations reviewed in under 10 s, the
page loaded in under 3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fix import build  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_southgen(args: list[str], cache: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of southgen and its workers)."""
    env = {**os.environ, "SOUTHGEN_FIX_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "southgen", *args],
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"southgen {args[0]} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed, _children_cpu() - cpu


def open_in_chromium(page: Path) -> tuple[float, float, int] | None:
    """(load event s, first contentful paint s, cards in the DOM), or None without a browser."""
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        return None
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get(page.as_uri())
        timing = driver.execute_script(
            "var t = performance.getEntriesByType('navigation')[0];"
            "var p = performance.getEntriesByName('first-contentful-paint')[0];"
            "return [t.loadEventEnd, p ? p.startTime : -1,"
            " document.querySelectorAll('main article.card').length];")
    finally:
        driver.quit()
    return timing[0] / 1000, timing[1] / 1000, timing[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=20)
    parser.add_argument("--migrations", type=int, default=100)
    parser.add_argument("--models", type=int, default=40)
    parser.add_argument("--fields", type=int, default=25)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", action="store_true", help="keep the project and the page")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="southgen-bench-review-"))
    project = work / "project"
    size = build(project, args.apps, args.migrations, args.models, args.fields)
    count = args.apps * args.migrations
    print(f"built {count} migrations ({args.apps} apps x {args.migrations}), "
          f"{size / 2**20:.0f} MB; {args.jobs} jobs")
    page = work / "review.html"
    review = ["review", str(project), "-o", str(page), "--jobs", str(args.jobs), "-q"]
    check, check_cpu = run_southgen(["fix", str(project), "--check", "-q", "--jobs",
                                     str(args.jobs)], work / "cache-fix")
    print(f"fix --check, cold cache {check:6.2f} s, {check_cpu:.1f} CPU s (for comparison)")
    cold, cold_cpu = run_southgen(review, work / "cache")
    html = page.read_bytes()
    cards = html.count(b'<article class="item card')
    print(f"review, cold cache      {cold:6.2f} s  ({count / cold:.0f} migrations/s), "
          f"{cold_cpu:.1f} CPU s")
    warm, warm_cpu = run_southgen(review, work / "cache")
    print(f"review, cached results  {warm:6.2f} s, {warm_cpu:.1f} CPU s "
          f"(cards are always recomputed)")
    print(f"review / fix --check: {cold / check:.2f}x wall, {cold_cpu / check_cpu:.2f}x CPU")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} "
          f"(on {os.cpu_count()} CPUs: above that, wall times include waiting for a CPU)")
    print(f"page: {len(html) / 2**20:.1f} MB, {cards} cards, "
          f"{count - cards} ok migrations collapsed")
    opened = open_in_chromium(page)
    if opened is None:
        print("page load: not measured (no /usr/bin/chromium + chromedriver, or no selenium)")
        loaded = 0.0
    else:
        loaded, painted, in_dom = opened
        print(f"page load in headless Chromium: load event {loaded:.2f} s, first paint "
              f"{painted:.2f} s, {in_dom} cards in the DOM")
    ok = cold < 10 and loaded < 3
    print("targets (review < 10 s, page load < 3 s):", "met" if ok else "NOT met")
    if args.keep:
        print(f"kept {work}")
    else:
        subprocess.run(["rm", "-rf", str(work)], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
