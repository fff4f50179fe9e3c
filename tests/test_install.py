"""Installed the way users install it: a wheel, into a fresh venv, run from an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.factories import ROOT

# What the program reads at run time, besides its modules.
DATA = ("*.ftl", "*.yaml", "*.mako")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("linli-*.whl")
    return built


def _tree_files() -> set[str]:
    """Every module and data file of the repository's packages, as the wheel should name it."""
    files: set[str] = set()
    for folder in ("bot", "handlers", "storage", "locales"):
        for pattern in ("*.py", *DATA):
            for path in (ROOT / folder).rglob(pattern):
                if "__pycache__" not in path.parts:
                    files.add("linli/" + path.relative_to(ROOT).as_posix())
    return files


def test_the_wheel_carries_every_module_and_data_file_under_one_name(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _tree_files() - names == set()
    top = {name.split("/")[0] for name in names}
    # Nothing generic like `bot` or `storage` lands in site-packages.
    assert top == {"linli", wheel.name.split("-py3")[0] + ".dist-info"}


def test_installed_from_the_wheel_linli_runs_from_any_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    # No pip of its own (ensurepip was a third of this test's time): this environment's pip
    # installs the wheel into the new venv, as `pip --python` does for anyone.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=120,
    )  # fmt: skip
    # The dependencies come from this project's environment (no network in tests); the
    # project itself only from the wheel: a .pth line adds a folder without its .pth files,
    # so the editable install living there is not seen.
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINLI_", "PYTHON"))}
    env["LINLI_DATABASE_URL"] = f"sqlite+aiosqlite:///{empty}/linli.db"

    def linli(*args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [venv / "bin" / "linli", *args],
            input=stdin,
            cwd=empty,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run(
        [python, "-c", "import linli.bot, linli.locales; print(linli.bot.__file__)"],
        cwd=empty,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(site)
    linli("db", "upgrade")
    linli("demo", "load")
    out = linli("chat", "--user", "grandma", stdin="1\n")
    assert "您好！欢迎使用" in out
    assert "新华社社区" in out
