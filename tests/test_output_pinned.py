"""Pins the backwards of every example (and test fixture) migration, byte for byte
(method, risks, notes; or the error for a migration southgen refuses).

Regenerate the goldens on purpose with ``SOUTHGEN_REGEN_GOLDEN=1``; a refactor must
leave them untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from southgen.errors import SouthgenError
from southgen.generate import Options, find_previous, generate, generate_for_path, plan, render
from southgen.history import AppHistory

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = sorted(ROOT.glob("examples/*/*/migrations/0*.py"))
MIGRATIONS = EXAMPLES + sorted(ROOT.glob("tests/fixtures/**/migrations/0*.py"))
VARIANTS = {"default": Options(), "no-guards": Options(guards=False)}


def _text(path: Path, options: Options) -> str:
    try:
        generated = generate_for_path(path, options)
    except SouthgenError as error:
        return f"error: {str(error).replace(str(ROOT) + '/', '')}\n"
    risks = "".join(f"{risk.kind}: {risk.message}\n" for risk in generated.risks)
    notes = "".join(f"{note}\n" for note in generated.notes)
    return f"{generated.method}\n--- risks\n{risks}--- notes\n{notes}"


def test_every_example_is_pinned() -> None:
    assert len(EXAMPLES) >= 30
    assert {p.relative_to(ROOT).parts[1] for p in EXAMPLES} >= {"blog", "flow", "shop"}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_output_is_unchanged(path: Path, variant: str) -> None:
    relative = path.relative_to(ROOT).with_suffix("")
    golden = GOLDEN / f"{'__'.join(relative.parts)}.{variant}.txt"
    text = _text(path, VARIANTS[variant])
    if os.environ.get("SOUTHGEN_REGEN_GOLDEN") == "1":
        golden.write_bytes(text.encode("utf-8"))
    assert golden.read_bytes().decode("utf-8") == text


@pytest.mark.parametrize("path", EXAMPLES[::7], ids=lambda p: p.name)
def test_the_plan_has_no_text_and_renders_to_the_method(path: Path) -> None:
    history, index = AppHistory.of_file(path)
    migration, previous = history.migration(index), find_previous(path)
    planned = plan(migration, previous)
    assert not hasattr(planned, "method")
    assert planned.backwards_ops or planned.notes
    assert render(planned) == generate(migration, previous).method
