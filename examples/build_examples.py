"""Rebuild the example South migration sets in ``examples/`` with real South.

Each set (``examples/<set>/``) is a small Django 1.6 project root whose apps
carry migrations written by South 1.0.2 itself. The inputs live in
``examples/steps/<set>/``:

``plan.txt``
    One step per line, in the order they are run::

        <app> <NN_name> <command> [depends=<app>:<migration>]... [freeze=<app>]... [no-models]

    ``<command>`` is ``initial`` / ``auto`` / ``empty`` (``schemamigration``
    with ``--initial`` / ``--auto`` / ``--empty``) or ``data``
    (``datamigration``). The migration is named ``<name>``, and South must
    number it ``00NN``. ``depends=`` hand-adds a ``depends_on`` entry (South
    never writes one); ``freeze=`` passes South's ``--freeze`` (that app's models
    frozen whole, listed in ``complete_apps``); ``no-models`` removes the frozen
    ``models`` dict and ``complete_apps`` afterwards, as in migrations from South's
    early days.

``<app>/<NN_name>.py``
    The app's full ``models.py`` for that step (missing: unchanged).
``<app>/<NN_name>.answers``
    Text fed to South's questions on stdin (missing: nothing).
``<app>/<NN_name>.forwards`` / ``.backwards``
    Hand-written method bodies appended to the generated ``forwards()`` /
    ``backwards()`` (a lone ``pass`` is dropped), as users edited ``--empty``
    and data migrations.
``<app>/<NN_name>.header``
    Module-level lines (imports, constants) inserted before ``class Migration``.

Apart from those edits (``depends_on``, bodies, header, ``no-models``) the
migration files are copied byte for byte as South wrote them.

After building, each set is checked: a fresh copy of ``examples/<set>/`` is
migrated forwards to the latest migration, then every app back to ``zero`` on
SQLite. A backwards that raises on purpose (South's "disable the backwards
migration" answer) stops the run; the check reports it, fakes that one
migration back and goes on.

Usage (from the repository root)::

    PYTHONPATH=. python3 examples/build_examples.py [--set NAME]... [--no-check]
"""

from __future__ import annotations

import argparse
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from southgen.runtime import LegacyRuntime, default_runtime

EXAMPLES = Path(__file__).resolve().parent
STEPS = EXAMPLES / "steps"
SETS = ("blog", "shop", "legacy", "flow")
COMMANDS = ("initial", "auto", "empty", "data")

SETTINGS_TEMPLATE = '''\
# Settings for the "{name}" example project (Django 1.6, South 1.0).
import os
import tempfile

DEBUG = True
SECRET_KEY = "southgen-example-{name}"

DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get(
            "SOUTHGEN_EXAMPLE_DB",
            os.path.join(tempfile.gettempdir(), "southgen-example-{name}.sqlite3"),
        ),
    }}
}}

INSTALLED_APPS = (
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "south",
{apps}
)
'''

MANAGE_PY = '''\
#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
'''


class BuildError(Exception):
    pass


@dataclass
class Step:
    app: str
    step: str  # "02_add_slug"
    command: str
    depends: list[tuple[str, str]] = field(default_factory=list)
    freeze: list[str] = field(default_factory=list)
    no_models: bool = False

    @property
    def number(self) -> int:
        return int(self.step.split("_", 1)[0])

    @property
    def name(self) -> str:
        return self.step.split("_", 1)[1]

    @property
    def migration(self) -> str:
        return f"{self.number:04d}_{self.name}"

    def sidecar(self, set_name: str, ext: str) -> Path:
        return STEPS / set_name / self.app / f"{self.step}{ext}"


def read_plan(set_name: str) -> list[Step]:
    steps = []
    for lineno, raw in enumerate((STEPS / set_name / "plan.txt").read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        app, step_name, command, *flags = line.split()
        if command not in COMMANDS or not re.fullmatch(r"\d\d_\w+", step_name):
            raise BuildError(f"{set_name}/plan.txt:{lineno}: bad step {raw!r}")
        step = Step(app, step_name, command)
        for flag in flags:
            if flag.startswith("depends="):
                dep_app, dep_migration = flag[len("depends="):].split(":")
                step.depends.append((dep_app, dep_migration))
            elif flag.startswith("freeze="):
                step.freeze.append(flag[len("freeze="):])
            elif flag == "no-models":
                step.no_models = True
            else:
                raise BuildError(f"{set_name}/plan.txt:{lineno}: unknown flag {flag!r}")
        steps.append(step)
    return steps


def plan_apps(steps: list[Step]) -> list[str]:
    apps: list[str] = []
    for step in steps:
        if step.app not in apps:
            apps.append(step.app)
    return apps


def write_project(root: Path, set_name: str, apps: list[str]) -> None:
    app_lines = "\n".join(f'    "{app}",' for app in apps)
    (root / "settings.py").write_text(SETTINGS_TEMPLATE.format(name=set_name, apps=app_lines))
    (root / "manage.py").write_text(MANAGE_PY)
    for app in apps:
        (root / app).mkdir(exist_ok=True)
        (root / app / "__init__.py").write_text("")


class Project:
    """A throwaway Django 1.6 project driven through the legacy runtime."""

    def __init__(self, runtime: LegacyRuntime, root: Path, verbose: bool) -> None:
        self.runtime = runtime
        self.root = root
        self.verbose = verbose
        # South orders some generated code by iterating over sets of model
        # classes, i.e. by memory address. Without address-space randomization,
        # in a fixed folder and with a fixed environment (its strings live on
        # the heap too) the output is the same on every run on one machine.
        self.env = runtime.env({"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"})
        self.env["SOUTHGEN_EXAMPLE_DB"] = str(root / "db.sqlite3")
        self.env["DJANGO_SETTINGS_MODULE"] = "settings"
        self.env["PYTHONHASHSEED"] = "0"
        self.prefix: list[str] = []
        setarch = shutil.which("setarch")
        if setarch:
            prefix = [setarch, platform.machine(), "-R"]
            probe = subprocess.run([*prefix, "true"], capture_output=True)
            if probe.returncode == 0:
                self.prefix = prefix

    def manage(
        self, *args: str, stdin: str = "", check: bool = True
    ) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            [*self.prefix, str(self.runtime.python), "manage.py", *args],
            cwd=self.root, env=self.env, input=stdin, capture_output=True, text=True,
        )
        if self.verbose:
            print(f"$ manage.py {' '.join(args)}  (exit {proc.returncode})")
            for line in (proc.stdout + proc.stderr).splitlines():
                print("    " + line)
        if check and proc.returncode != 0:
            raise BuildError(
                f"manage.py {' '.join(args)} failed ({proc.returncode}):\n"
                f"{proc.stdout}{proc.stderr}"
            )
        return proc


# --- hand edits -------------------------------------------------------------


def add_depends_on(text: str, depends: list[tuple[str, str]]) -> str:
    entries = "".join(f'        ("{app}", "{mig}"),\n' for app, mig in depends)
    block = f"    depends_on = (\n{entries}    )\n\n"
    pattern = r"(class Migration\(\w+\):\n\n)"
    new, count = re.subn(pattern, lambda m: m.group(1) + block, text, count=1)
    if count != 1:
        raise BuildError("no Migration class to add depends_on to")
    return new


def append_body(text: str, method: str, body: str) -> str:
    """Append ``body`` to ``method``'s existing body, dropping a lone ``pass``."""
    lines = text.split("\n")
    header = f"    def {method}(self, orm):"
    start = lines.index(header) + 1
    end = start
    while end < len(lines) and (lines[end].startswith("        ") or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():  # keep the blank lines after the method
        end -= 1
    existing = [line for line in lines[start:end] if line.strip() != "pass"]
    added = textwrap.indent(textwrap.dedent(body).strip("\n"), "        ").split("\n")
    return "\n".join(lines[:start] + existing + added + lines[end:])


def remove_models(text: str) -> str:
    new, count = re.subn(r"\n    models = \{\n.*?\n    \}\n", "\n", text, count=1, flags=re.S)
    new, count2 = re.subn(r"\n    complete_apps = \[[^\]]*\]", "", new, count=1)
    if count != 1 or count2 != 1:
        raise BuildError("could not find the models dict / complete_apps to remove")
    return new.rstrip("\n") + "\n"


# --- building ---------------------------------------------------------------


def run_step(project: Project, set_name: str, step: Step) -> list[str]:
    """Run one step's South command and apply its hand edits; returns notes."""
    notes = []
    models_file = step.sidecar(set_name, ".py")
    if models_file.exists():
        shutil.copyfile(models_file, project.root / step.app / "models.py")
    elif step.command == "initial":
        raise BuildError(f"{models_file} is missing")
    answers_file = step.sidecar(set_name, ".answers")
    answers = answers_file.read_text() if answers_file.exists() else ""
    if answers:
        notes.append("answers " + repr(answers))

    if step.command == "data":
        args = ["datamigration", step.app, step.name]
    else:
        args = ["schemamigration", step.app, step.name, "--" + step.command]
    args += [f"--freeze={app}" for app in step.freeze]
    project.manage(*args, stdin=answers)

    path = project.root / step.app / "migrations" / f"{step.migration}.py"
    if not path.exists():
        made = sorted(p.name for p in path.parent.glob("*.py"))
        raise BuildError(f"expected {path.name}, South wrote {made}")
    text = path.read_text()
    if step.depends:
        text = add_depends_on(text, step.depends)
        notes.append("depends_on " + ", ".join(f"{a}.{m}" for a, m in step.depends))
    header = step.sidecar(set_name, ".header")
    if header.exists():
        text = text.replace("\nclass Migration(", "\n" + header.read_text() + "\nclass Migration(",
                            1)
        notes.append(f"module header from {header.name}")
    for method in ("forwards", "backwards"):
        body_file = step.sidecar(set_name, "." + method)
        if body_file.exists():
            text = append_body(text, method, body_file.read_text())
            notes.append(f"{method}() body from {body_file.name}")
    if step.no_models:
        text = remove_models(text)
        notes.append("models dict removed")
    path.write_text(text)
    return notes


def copy_out(project_root: Path, dest: Path, apps: list[str]) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("manage.py", "settings.py"):
        shutil.copyfile(project_root / name, dest / name)
    for app in apps:
        (dest / app / "migrations").mkdir(parents=True)
        for name in ("__init__.py", "models.py"):
            shutil.copyfile(project_root / app / name, dest / app / name)
        for mig in sorted((project_root / app / "migrations").glob("*.py")):
            shutil.copyfile(mig, dest / app / "migrations" / mig.name)


def build_set(runtime: LegacyRuntime, set_name: str, verbose: bool) -> None:
    steps = read_plan(set_name)
    apps = plan_apps(steps)
    # A fixed folder, not a random one: see Project.__init__.
    root = Path(tempfile.gettempdir()) / f"southgen-build-{set_name}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir()
    try:
        write_project(root, set_name, apps)
        project = Project(runtime, root, verbose)
        for step in steps:
            notes = run_step(project, set_name, step)
            extra = f"  [{'; '.join(notes)}]" if notes else ""
            print(f"  {step.app}/migrations/{step.migration}.py  ({step.command}){extra}")
        copy_out(root, EXAMPLES / set_name, apps)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- checking ---------------------------------------------------------------


def applied(project: Project, app: str) -> list[str]:
    out = project.manage("migrate", "--list", app).stdout
    return re.findall(r"^\s*\(\*\)\s+(\w+)", out, flags=re.M)


def check_set(runtime: LegacyRuntime, set_name: str, verbose: bool) -> list[str]:
    """Migrate a copy of the set forwards, then every app back to zero."""
    apps = plan_apps(read_plan(set_name))
    report = []
    with tempfile.TemporaryDirectory(prefix=f"southgen-check-{set_name}-") as tmp:
        root = Path(tmp) / set_name
        shutil.copytree(EXAMPLES / set_name, root)
        project = Project(runtime, root, verbose)
        project.manage("syncdb", "--noinput")
        project.manage("migrate", "--noinput")
        total = sum(len(applied(project, app)) for app in apps)
        report.append(f"forwards: {total} migrations applied")
        for app in reversed(apps):  # dependents first
            while True:
                proc = project.manage("migrate", app, "zero", "--noinput", check=False)
                if proc.returncode == 0:
                    report.append(f"{app}: backwards to zero OK")
                    break
                left = applied(project, app)
                output = proc.stdout + proc.stderr
                if not left or "RuntimeError: Cannot reverse this migration" not in output:
                    raise BuildError(f"{set_name}: migrate {app} zero failed:\n{output}")
                report.append(
                    f"{app}: backwards stopped at {left[-1]} (raises RuntimeError on purpose);"
                    " faked it back and went on"
                )
                project.manage("migrate", app, left[-2] if len(left) > 1 else "zero", "--fake")
        remaining = [a for a in apps if applied(project, a)]
        if remaining:
            raise BuildError(f"{set_name}: still applied after zero: {remaining}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", choices=SETS, dest="sets",
                        help="build only this set (repeatable); default: all")
    parser.add_argument("--no-check", action="store_true", help="skip the migrate check")
    parser.add_argument("--check-only", action="store_true", help="only check, do not rebuild")
    parser.add_argument("-v", "--verbose", action="store_true", help="show South's output")
    args = parser.parse_args(argv)
    runtime = default_runtime()
    try:
        for set_name in args.sets or SETS:
            if not args.check_only:
                print(f"building examples/{set_name}/")
                build_set(runtime, set_name, args.verbose)
            if not args.no_check:
                print(f"checking examples/{set_name}/ on SQLite")
                for line in check_set(runtime, set_name, args.verbose):
                    print("  " + line)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
