"""The package root is the library's front door: its names resolve, and importing it is cheap."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import wuchuan_check


def test_every_public_name_resolves():
    for name in wuchuan_check.__all__:
        assert getattr(wuchuan_check, name) is not None, name


def test_an_unknown_name_is_an_attribute_error():
    try:
        wuchuan_check.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_the_root_loads_no_pipeline_module():
    code = "import sys, wuchuan_check; print(sorted(m for m in sys.modules if m.startswith('wuchuan_check.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_installed_version_is_the_package_version():
    assert version("wuchuan-check") == wuchuan_check.__version__
