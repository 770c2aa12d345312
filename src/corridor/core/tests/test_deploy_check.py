"""`corridor check --deploy` with deploy/corridor.env.example, the environment docs/deploy.md
gives a production server."""

import os
import subprocess
import sys
from pathlib import Path

import corridor

SRC = Path(corridor.__file__).resolve().parent.parent

EXAMPLE_ENV = SRC.parent / "deploy" / "corridor.env.example"


def production_env() -> dict[str, str]:
    """deploy/corridor.env.example, with a secret key filled in and SQLite for the database
    (the check connects to nothing)."""
    lines = EXAMPLE_ENV.read_text().splitlines()
    env = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    env["CORRIDOR_SECRET_KEY"] = "a-long-random-production-key-" + "k2M9qXz7Lw4vB8nR" * 3
    env["DATABASE_URL"] = ""
    return env


def _check_deploy(tmp_path: Path, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Other tests' settings (e.g. DJANGO_ALLOW_ASYNC_UNSAFE of the browser tests) stay out.
        if not key.startswith(("CORRIDOR_", "DJANGO_"))
    }
    env.update(extra)
    env.update(PYTHONPATH=str(SRC), CORRIDOR_VAR_DIR=str(tmp_path), DATABASE_URL="")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from corridor.cli import main; main()",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _check_deploy(tmp_path, production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_warns_without_https_settings(tmp_path):
    env = {"CORRIDOR_SECRET_KEY": production_env()["CORRIDOR_SECRET_KEY"]}

    result = _check_deploy(tmp_path, env)

    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr
