"""The test suite itself: test modules share helpers (helpers.py, office_files.py, search_queries.py)
and fixtures (conftest.py), never each other; every test that drives Chromium is marked `browser`,
so that `make test-fast` (-m "not browser") leaves out exactly those."""

from __future__ import annotations

import ast
import subprocess
import sys

from helpers import REPO

TESTS = REPO / "tests"
BROWSER_FIXTURES = {"playwright", "browser", "page"}


def imported_modules(path) -> list[tuple[int, str]]:
    """(line, module) of every import in a Python file, inside functions too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def test_no_test_module_imports_another_test_module_or_conftest():
    files = sorted(TESTS.glob("*.py"))
    assert len(files) >= 30
    wrong = [
        f"{path.name}:{line} imports {module}"
        for path in files
        for line, module in imported_modules(path)
        if module.split(".")[0] == "tests"
        or module.rsplit(".", 1)[-1] == "conftest"
        or module.rsplit(".", 1)[-1].startswith("test_")
    ]
    assert wrong == [], "Shared code belongs in tests/helpers.py (fixtures in conftest.py):\n" + "\n".join(wrong)


def starts_a_browser(path) -> bool:
    """Whether the file calls Playwright's sync_playwright() or launches a browser itself."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("sync_playwright", "launch", "launch_persistent_context"):
                return True
    return False


def test_only_conftest_starts_the_browser():
    """Browser tests get Chromium from the conftest fixtures, which is how they are marked."""
    files = sorted(TESTS.glob("*.py"))
    assert len(files) >= 30
    assert [path.name for path in files if starts_a_browser(path)] == ["conftest.py"]


def browser_tests() -> set[str]:
    """Node ids (without parameters) of the test functions that take a browser fixture themselves."""
    found = set()
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                if BROWSER_FIXTURES & {a.arg for a in node.args.args}:
                    found.add(f"tests/{path.name}::{node.name}")
    return found


def collected(*options: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *options, str(TESTS)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line.split("[")[0] for line in result.stdout.splitlines() if "::" in line}


def test_every_test_that_takes_the_browser_is_marked_and_left_out_of_the_fast_run():
    takes = browser_tests()
    assert len(takes) >= 80
    marked, fast = collected("-m", "browser"), collected("-m", "not browser")
    assert takes <= marked
    assert fast & takes == set()
    assert len(fast) >= 250 and not fast & marked
