"""The layout CONTRIBUTING.md promises, read from the code's own imports: one anatomy per area,
imports that go one way, no circles, small modules and short views."""
import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "fairapp"
AREAS = ("exhibitors", "contest", "visitors")
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 50


def _module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path):
    """Every fairapp module a file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            if name.startswith("fairapp"):
                while name not in MODULES and "." in name:
                    name = name.rsplit(".", 1)[0]
                found.add(name)
    return found


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _is_package(name):
    return MODULES[name].name == "__init__.py"


@pytest.mark.parametrize("area", AREAS)
def test_every_area_has_the_same_rooms(area):
    root = PACKAGE / area
    assert (root / "models.py").exists() or (root / "models" / "__init__.py").exists()
    assert (root / "forms.py").exists() or (root / "forms" / "__init__.py").exists()
    for room in ("services", "views", "documents"):
        assert (root / room / "__init__.py").exists(), f"{area} has no {room}/"
    assert not [p.name for p in root.glob("*.py")
                if p.stem.startswith(("manage_", "admin_")) or p.stem.endswith("_views")]


def _layer(name):
    parts = name.split(".")
    return parts[2] if len(parts) > 2 and parts[1] in AREAS else None


def test_views_import_no_other_view_and_services_import_no_view():
    wrong = []
    for name, targets in GRAPH.items():
        layer = _layer(name)
        for target in targets:
            if _layer(target) == "views" and not _is_package(target) and layer in ("views", "services"):
                if not (layer == "views" and _is_package(name)):  # views/__init__ attaches its modules
                    wrong.append(f"{name} -> {target}")
    assert wrong == []


def test_core_and_printing_import_no_area():
    wrong = [f"{name} -> {target}" for name, targets in GRAPH.items()
             if name.split(".")[1:2] in (["core"], ["printing"]) for target in targets
             if target.split(".")[1:2] and target.split(".")[1] in AREAS]
    assert wrong == []


def test_no_import_circles():
    # Package __init__ files attach their submodules (blueprints, model registration); the
    # circles that hurt are between modules that hold code.
    graph = {name: {t for t in targets if not _is_package(t) and t != name}
             for name, targets in GRAPH.items() if not _is_package(name)}
    circles, state = [], {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                circles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_modules_are_small():
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_view_functions_are_short():
    long = []
    for name, path in MODULES.items():
        if _layer(name) != "views" and not name.endswith(("core.views", "core.auth.views", "core.admin.views")):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.end_lineno - node.lineno + 1 > MAX_VIEW_LINES:
                long.append(f"{name}.{node.name}")
    assert long == []
