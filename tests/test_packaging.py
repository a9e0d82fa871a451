"""A non-editable install must carry every subpackage and the templates."""

from __future__ import annotations

import configparser

from conftest import ROOT


def test_every_subpackage_is_listed_in_setup_cfg() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = {p.strip() for p in config["options"]["packages"].split(",")}
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "southgen").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert on_disk <= listed
    assert "southgen.templates" in listed
    package_dir = dict(
        line.split("=", 1) for line in config["options"]["package_dir"].strip().splitlines()
    )
    assert {k.strip(): v.strip() for k, v in package_dir.items()}["southgen.templates"] == (
        "templates"
    )
