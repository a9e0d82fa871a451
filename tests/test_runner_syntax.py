"""The legacy runner runs by path under Python 2.7, so its source must stay 2.7 syntax
(ruff, which lints the rest, does not read it)."""

from __future__ import annotations

from conftest import ROOT

RUNNER = ROOT / "southgen" / "legacy" / "runner.py"
LEGACY_SCRIPTS = sorted((ROOT / "southgen" / "legacy").glob("*.py"))
COMPILE = "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')"


def test_runner_compiles_under_python27(legacy_runtime) -> None:
    assert RUNNER in LEGACY_SCRIPTS
    for script in LEGACY_SCRIPTS:  # the runner and the modules it imports by path
        proc = legacy_runtime.run(["-c", COMPILE, str(script)], capture_output=True,
                                  text=True)
        assert proc.returncode == 0, (script.name, proc.stderr)


def test_a_python3_only_line_would_be_caught(legacy_runtime, tmp_path) -> None:
    broken = tmp_path / "runner.py"
    broken.write_text(RUNNER.read_text() + '\nlabel = f"{1}"\n')
    proc = legacy_runtime.run(["-c", COMPILE, str(broken)], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "SyntaxError" in proc.stderr
