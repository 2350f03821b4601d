"""behave's config files in one folder, read as behave reads them: which there are, and their userdata.

    for path, userdata in config_userdata(Path(".")):
        print(path, userdata)      # behave.ini {'consumer': 'CheckInApp', 'provider': 'FlightService'}

Only the folder's own files count (behave also reads ones in the home folder, which belong to no
project). They come in behave's order, the one whose values win last: pyproject.toml (its
`[tool.behave.userdata]`), tox.ini, .behaverc, setup.cfg, behave.ini (their `[behave.userdata]`).
"""

from __future__ import annotations

import configparser
from collections.abc import Iterator
from pathlib import Path

from behave.configuration import read_configuration

from contracts_bdd.errors import SetupError

CONFIG_FILES = ("pyproject.toml", "tox.ini", ".behaverc", "setup.cfg", "behave.ini")
"""behave's config file names, the one it lets win last (behave.configuration.config_filenames)."""


def config_userdata(folder: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """Each behave config file in `folder`, by its name, with the userdata behave reads from it.

    Raises:
        SetupError: a config file behave could not read either.
    """
    for name in CONFIG_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            read = read_configuration(str(path))
        except (configparser.Error, ValueError) as err:  # a TOML or encoding error is a ValueError
            msg = f"{path}: behave cannot read it ({err})"
            raise SetupError(msg) from err
        yield Path(name), {str(key): str(value) for key, value in read.get("userdata", {}).items()}
