"""No hidden default nation: no parameter, fallback or lookup in the app quietly means England."""

from __future__ import annotations

import ast
from pathlib import Path

from forms.nations import NATION_IDS

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("forms", "services", "cli", "ui", "reports", "bundles", "storage", "crypto")


def _defaults(tree: ast.Module) -> list[str]:
    """Where a nation id stands in for a missing value: a parameter default, `x or "england"`,
    or `.get(key, "england")`, written out or through a module constant (DEFAULT_NATION)."""
    constants = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and node.value.value in NATION_IDS
        for target in node.targets
        if isinstance(target, ast.Name)
    }

    def is_nation(node: ast.AST | None) -> bool:
        if isinstance(node, ast.Name):
            return node.id in constants
        return isinstance(node, ast.Constant) and node.value in NATION_IDS

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            name = getattr(node, "name", "lambda")
            defaults = [*node.args.defaults, *node.args.kw_defaults]
            found += [f"default of {name}" for d in defaults if is_nation(d)]
        elif isinstance(node, ast.BoolOp) and any(is_nation(v) for v in node.values[1:]):
            found.append("a fallback with `or`")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "setdefault")
            and len(node.args) == 2
            and is_nation(node.args[1])
        ):
            found.append(f".{node.func.attr}() default")
    return found


def test_no_code_falls_back_to_a_nation() -> None:
    problems = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            problems += [f"{path.relative_to(REPO)}: {where}" for where in _defaults(tree)]
    assert problems == []


def test_the_check_finds_the_kind_of_default_that_was_removed() -> None:
    old = 'def blank_record(clock, *, nation="england"): return record.get("nation") or "england"'
    assert len(_defaults(ast.parse(old))) == 2
    named = 'DEFAULT_NATION = "england"\ndef f(n=DEFAULT_NATION): return n or DEFAULT_NATION'
    assert len(_defaults(ast.parse(named))) == 2
    assert _defaults(ast.parse('x = d.get("nation", "wales")')) == [".get() default"]
