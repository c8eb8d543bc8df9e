"""What the command line says when it runs as the built app rather than from a checkout."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pytest

from cli import commands
from cli.commands import build_parser, run_subcommand


def test_bench_in_a_build_says_it_is_a_development_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert run_subcommand(["bench", "--quick"]) == 2
    err = capsys.readouterr().err
    assert "development command" in err and "./run bench" in err


def test_usage_names_the_built_program(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/first-contact/first-contact")
    build_parser().print_usage()
    assert capsys.readouterr().out.startswith("usage: first-contact ")


def _needs(module: str) -> Any:
    def handler(_args: argparse.Namespace) -> int:
        raise ModuleNotFoundError(f"No module named '{module}'", name=module)

    return handler


def test_a_missing_council_library_is_named_as_part_of_the_council_tools(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A command whose library the laptop build leaves out (the council's matching tools).
    parser = build_parser()
    monkeypatch.setattr(commands, "build_parser", lambda: parser)
    parser.set_defaults(handler=_needs("splink.duckdb"), command="council match")
    assert run_subcommand([]) == 2
    err = capsys.readouterr().err
    assert "part of the council tools" in err and "splink.duckdb" in err


def test_any_other_missing_module_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = build_parser()
    monkeypatch.setattr(commands, "build_parser", lambda: parser)
    parser.set_defaults(handler=_needs("forms.lists"), command="demo")
    with pytest.raises(ModuleNotFoundError):
        run_subcommand([])
