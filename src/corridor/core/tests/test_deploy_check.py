"""`corridor check --deploy` with the environment docs/deploy.md gives a production server."""

import os
import subprocess
import sys
from pathlib import Path

import corridor

SRC = Path(corridor.__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "CORRIDOR_SECRET_KEY": "a-long-random-production-key-" + "k2M9qXz7Lw4vB8nR" * 3,
    "CORRIDOR_ALLOWED_HOSTS": "corridor.example.org",
    "CORRIDOR_CSRF_TRUSTED_ORIGINS": "https://corridor.example.org",
    "CORRIDOR_SSL_REDIRECT": "1",
    "CORRIDOR_HSTS_SECONDS": "31536000",
    "CORRIDOR_HSTS_PRELOAD": "1",
    "CORRIDOR_TRUSTED_PROXIES": "127.0.0.1,::1",
}


def _check_deploy(tmp_path: Path, extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CORRIDOR_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        {"PYTHONPATH": str(SRC), "CORRIDOR_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}, **extra
    )
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
    result = _check_deploy(tmp_path, PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_warns_without_https_settings(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k in {"CORRIDOR_SECRET_KEY"}}

    result = _check_deploy(tmp_path, env)

    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr
