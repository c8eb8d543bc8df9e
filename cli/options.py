"""Options several commands share, spelled the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path

from services.custody import Need, key_folder
from services.errors import InvalidInput
from services.paths import default_data_dir


def add_data_dir(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None if required else default_data_dir(),
        required=required,
        metavar="DIR",
        help="the device's data folder holding vault.db and keystore.json"
        + ("" if required else f" (default: {default_data_dir()})"),
    )


def add_passphrase_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read passphrases from standard input, one per line, instead of prompting",
    )


NATIONS = ("england", "wales", "scotland", "northern_ireland")  # checked again by the services


def add_nation(parser: argparse.ArgumentParser, *, required: bool, help_text: str) -> None:
    parser.add_argument(
        "--nation", choices=NATIONS, required=required, default=None, help=help_text
    )


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        default=None,
        metavar="STORE",
        help=(
            "the council case store: a PostgreSQL connection string (postgresql://user@host/db, "
            "'host=... dbname=...' or service=NAME; never a password: use ~/.pgpass) or "
            "duckdb:FILE; default: PGSERVICE if set, else ARCHIVE/council-store.duckdb"
        ),
    )


_KEYS_HELP = {
    "offline": "the council's offline folder (root key), or the folder `council init` made",
    "receiving": "the receiving folder (import, receipt keys) or the folder `council init` made",
    "either": "either council key folder, or the folder `council init` made",
}


def add_keys(parser: argparse.ArgumentParser, need: Need, command: str) -> None:
    """`--keys DIR`, resolved to the custody folder `command` needs (services.custody); the
    wrong one is refused before any passphrase is asked, naming both."""

    def resolve(text: str) -> Path:
        try:
            return key_folder(Path(text), need, command)
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parser.add_argument("--keys", type=resolve, required=True, metavar="DIR", help=_KEYS_HELP[need])
