"""No module of Corridor connects a Django signal to steer a workflow (STYLE.md: services
call what must happen, explicitly). The only connections allowed are to framework events
Django announces through nothing else, each listed here with why."""

import ast
from pathlib import Path

import corridor

SOURCE = Path(corridor.__file__).resolve().parent

# (module, signal) -> why it is not control flow.
ALLOWED = {
    # Reference data and the shipped stage rules follow the schema, as Django's content types do.
    ("reference/apps.py", "post_migrate"): "reference tables loaded after every migrate",
    ("people/apps.py", "post_migrate"): "stage rules restored into a flushed database",
    # Every login path (pages, admin) passes these; the handlers record, they do not steer.
    ("accounts/login_audit.py", "user_logged_in"): "login audited",
    ("accounts/login_audit.py", "user_logged_out"): "logout audited",
    ("accounts/login_audit.py", "user_login_failed"): "failed login audited",
    # django-axes announces a lock-out through its signal only; the handler records it.
    ("accounts/login_audit.py", "user_locked_out"): "lock-out audited",
    ("accounts/apps.py", "login_audit"): "login_audit.connect(): the four lines above",
}
# `.connect()` of these opens a database connection, not a signal receiver.
DATABASE_DRIVERS = {"sqlite3"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return _name(node.func)
    return "?"


def signal_uses() -> list[tuple[str, str, int]]:
    """Every `<signal>.connect(...)`, `@receiver(...)` and `Signal()` in product code."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "connect":
                    if _name(func.value) in DATABASE_DRIVERS:
                        continue
                    found.append((relative, _name(func.value), node.lineno))
                elif _name(func).split(".")[-1] == "Signal":
                    found.append((relative, "Signal()", node.lineno))
            elif isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if _name(decorator).split(".")[-1] == "receiver":
                        found.append((relative, "@receiver", node.lineno))
    return found


def test_no_module_connects_a_signal_outside_the_listed_framework_events():
    unexpected = [use for use in signal_uses() if (use[0], use[1]) not in ALLOWED]

    assert unexpected == []


def test_every_listed_exception_is_still_there():
    used = {(module, signal) for module, signal, _line in signal_uses()}

    assert set(ALLOWED) <= used


def test_no_module_imports_the_model_signals():
    model_signals = {"pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"}
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        if "/tests/" in f"/{relative}":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.db.models.signals":
                offenders += [(relative, a.name) for a in node.names if a.name in model_signals]

    assert offenders == []
