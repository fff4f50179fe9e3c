"""`make run` on a fresh machine prints no setuptools licence deprecation warning: since
setuptools 77 the licence is an SPDX expression string, and a `license = {text = …}` table
or a "License ::" classifier each warn on every install (issue 17 point 15)."""

from __future__ import annotations

import tomllib

from tests.factories import ROOT


def test_the_licence_is_given_in_the_form_setuptools_takes_without_warning():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)
    assert not any(c.startswith("License ::") for c in project["project"].get("classifiers", []))
    requires = project["build-system"]["requires"]
    # Older setuptools read the string form as free text and warn about it instead.
    assert any(r.replace(" ", "").startswith("setuptools>=") for r in requires)
    floor = next(r for r in requires if r.startswith("setuptools"))
    assert int(floor.split(">=")[1].split(".")[0]) >= 77
