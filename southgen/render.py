"""Operations -> the source of a ``backwards()`` method, through Jinja templates.

One template per operation kind (``<op.template>.j2``) plus ``backwards.j2``
for the method around them. A team's own templates folder overrides any
built-in template by name. Templates indent with 4 spaces; the result is
re-indented to the file's own indentation (which may be tabs).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from southgen.errors import SouthgenError
from southgen.operations.base import Operation
from southgen.operations.checks import Guard
from southgen.operations.flow import leaves
from southgen.state import Field
from southgen.symbolic import code_of, require

if TYPE_CHECKING:
    import jinja2


def builtin_templates_dir() -> Path:
    """The templates shipped inside the package, ``southgen/templates``."""
    folder = files("southgen") / "templates"
    if not isinstance(folder, Path) or not (folder / "backwards.j2").is_file():
        raise SouthgenError("southgen's templates are missing from this installation")
    return folder


def py(value: object) -> str:
    """A Python literal valid in both Python 2 and 3 source."""
    require(value, getattr(value, "need", "a name in the generated code"))
    if isinstance(value, str):
        return ascii(value)
    return repr(value)


def pylist(values) -> str:
    return "[" + ", ".join(py(v) for v in values) + "]"


def field_def(field: Field) -> str:
    """South's way of writing a frozen field: ``self.gf('path')(kw=value)``."""
    parts = [code_of(a) for a in field.args] + [f"{name}={code_of(value)}"
                                                 for name, value in field.kwargs]
    return f"self.gf({py(field.field_class)})({', '.join(parts)})"


def comment(value: object, width: int = 200) -> str:
    """Text made safe for one comment line: whitespace collapsed, long text cut."""
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 3] + "..."


@lru_cache(maxsize=16)
def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    import jinja2  # here: a run whose methods are only compared never loads it

    folders = [str(builtin_templates_dir())]
    if templates_dir is not None:
        if not Path(templates_dir).is_dir():
            raise SouthgenError(f"templates folder {templates_dir} does not exist")
        folders.insert(0, str(templates_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        auto_reload=False,  # one run: no stat of the template file at every use
    )
    env.filters.update(py=py, pylist=pylist, field_def=field_def, comment=comment)
    return env


def _template(env: jinja2.Environment, name: str) -> jinja2.Template:
    import jinja2

    try:
        return env.get_template(name + ".j2")
    except jinja2.TemplateNotFound:
        raise SouthgenError(f"no template {name}.j2 in the templates folders") from None
    except jinja2.TemplateSyntaxError as exc:
        raise SouthgenError(f"template error: {exc.message}", exc.filename, exc.lineno) from None


def render_operation(op: Operation | Guard, templates_dir: Path | None = None) -> str:
    env = environment(templates_dir)
    return _template(env, op.template).render(
        op=op, render=lambda ops: render_block(ops, templates_dir)).strip("\n")


def render_block(ops, templates_dir: Path | None = None) -> str:
    """Nested operations (a branch's), one blank line apart; ``pass`` for none."""
    text = "\n\n".join(render_operation(op, templates_dir) for op in ops)
    code = [line for line in text.splitlines() if line.strip() and
            not line.lstrip().startswith("#")]
    return text + "\npass" if code == [] and text else (text or "pass")


def render_backwards(ops: list[Operation], *, indent: str = "    ", unit: str = "    ",
                     newline: str = "\n", templates_dir: Path | None = None,
                     preamble: Sequence[str] = ()) -> str:
    """The whole method, each line ending with ``newline``, indented by ``indent``."""
    import jinja2

    env = environment(templates_dir)
    blocks = list(preamble) + [render_operation(op, templates_dir) for op in ops]
    messages = [risk.message for op in leaves(ops) if op.irreversible and (risk := op.risk())]
    try:
        text = _template(env, "backwards").render(
            blocks=blocks,
            irreversible=bool(messages),
            irreversible_message="Cannot reverse this migration. " + " ".join(messages),
        )
    except jinja2.TemplateError as exc:
        raise SouthgenError(f"template error: {exc}") from None
    lines = [_reindent(line, unit) for line in text.strip("\n").split("\n")]
    return "".join((indent + line if line.strip() else "") + newline for line in lines)


def _reindent(line: str, unit: str) -> str:
    stripped = line.lstrip(" ")
    levels, extra = divmod(len(line) - len(stripped), 4)
    return unit * levels + " " * extra + stripped if stripped else ""


