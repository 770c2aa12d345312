"""A secret key kept beside the local database, for demos and development only."""

import secrets
from pathlib import Path


def local_secret_key(var_dir: Path) -> str:
    """Return this checkout's own key, creating it on first use."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key
