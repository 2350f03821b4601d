"""behave's config files in one folder, read as behave reads them: which there are, and their userdata.

    for path, userdata in config_userdata(Path(".")):
        print(path, userdata)      # behave.ini {'consumer': 'CheckInApp', 'provider': 'FlightService'}

Only the folder's own files count (behave also reads ones in the home folder, which belong to no
project). They come in behave's order, the one whose values win last: pyproject.toml (its
`[tool.behave.userdata]`), tox.ini, .behaverc, setup.cfg, behave.ini (their `[behave.userdata]`).

A file behave cannot read is named with its line and what is wrong there, never with its text: the
file may be a symlink to one that is not the project's (a behave.ini linked to /etc/passwd).
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Iterator
from pathlib import Path

from behave.configuration import read_configuration

from contracts_bdd.errors import SetupError

CONFIG_FILES = ("pyproject.toml", "tox.ini", ".behaverc", "setup.cfg", "behave.ini")
"""behave's config file names, the one it lets win last (behave.configuration.config_filenames)."""


def config_userdata(folder: Path) -> Iterator[tuple[Path, dict[str, object]]]:
    """Each behave config file in `folder`, by its name, with the userdata behave reads from it.

    The values are as behave gives them: strings from an INI file; from pyproject.toml, whatever
    TOML type the value has (a string, a number, an array, a table).

    Raises:
        SetupError: a config file behave could not read either.
    """
    for name in CONFIG_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            read = read_configuration(str(path))
        except RecursionError as err:  # tomllib and json recurse once per nested `[` or `{`
            msg = f"{_named(path)}: behave cannot read it: its values nest arrays or tables deeper than a reader can go"
            raise SetupError(msg) from err
        except TypeError as err:  # behave copies pyproject.toml through JSON, which takes no TOML date or time
            msg = f"{_named(path)}: behave cannot read it: a value is of a type behave's TOML reader cannot copy"
            raise SetupError(msg) from err
        except (configparser.Error, ValueError) as err:  # a TOML or encoding error is a ValueError
            msg = f"{_named(path)}: behave cannot read it: {_what_is_wrong(err)}"
            raise SetupError(msg) from err
        userdata = read.get("userdata", {})
        yield Path(name), {str(key): value for key, value in userdata.items()} if isinstance(userdata, dict) else {}


def _named(path: Path) -> str:
    """The file, and where it points when it is a symlink (a path, never a line of the file)."""
    return f"{path} (a symlink to {os.readlink(path)})" if path.is_symlink() else str(path)


def _what_is_wrong(err: configparser.Error | ValueError) -> str:
    """What is wrong with a config file, by line, quoting none of it (the messages of configparser and tomllib do)."""
    where = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
    if isinstance(err, configparser.MissingSectionHeaderError):
        reason = f"line {err.lineno} comes before any [section] header; an INI file starts with one, such as [behave]"
    elif isinstance(err, configparser.ParsingError):
        numbers = [str(lineno) for lineno, _ in err.errors] or ["?"]
        more = f" (and {len(numbers) - 1} more)" if len(numbers) > 1 else ""
        reason = f"line {numbers[0]}{more} is neither a [section] header nor a `name = value` line"
    elif isinstance(err, configparser.DuplicateSectionError):
        reason = f"line {err.lineno} opens a [section] the file opened already; write each section once"
    elif isinstance(err, configparser.DuplicateOptionError):
        reason = f"line {err.lineno} sets a name its section sets already; set each name once"
    elif isinstance(err, configparser.InterpolationError):
        reason = "a value holds a `%` that behave's INI reader takes as interpolation; write `%%` for a `%`"
    elif isinstance(err, UnicodeDecodeError):
        reason = f"it is not UTF-8 text (byte {err.start + 1} is not); save it as UTF-8"
    elif where is not None:  # tomllib's TOMLDecodeError
        reason = f"it is not valid TOML at line {where[1]}, column {where[2]}"
    else:
        reason = f"it is not a config file behave can read ({type(err).__name__})"
    return reason
