"""Settings for a run, from behave.ini's [behave.userdata], `-D` and the environment.

Precedence, strongest first: `behave -D key=value`, the environment variable
`CONTRACTS_BDD_<KEY>`, `[behave.userdata]` in behave.ini, the default::

    [behave.userdata]
    consumer = OrderService
    provider = UserService
    pact_dir = pacts
    pact_specification = V4

Every value is checked when the run starts; a bad one raises
`ConfigurationError` naming the key and what is allowed.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from contracts_bdd.errors import ConfigurationError

ENV_PREFIX = "CONTRACTS_BDD_"
SPECIFICATIONS = ("V2", "V3", "V4")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
PACT_FILE_MODES = ("overwrite", "merge")


@dataclass(frozen=True)
class Settings:
    """Everything a run is configured with. Field names are the configuration keys."""

    consumer: str | None = None
    provider: str | None = None
    pact_dir: Path = Path("pacts")
    pact_specification: str = "V4"
    pact_file_mode: str = "overwrite"
    log_level: str = "WARNING"
    provider_command: str | None = None
    provider_url: str | None = None
    provider_ready_path: str = "/"
    provider_start_timeout: float = 30.0
    provider_state_url: str | None = None

    @classmethod
    def known_keys(cls) -> list[str]:
        """The configuration keys this framework reads."""
        return [field.name for field in fields(cls)]

    @classmethod
    def load(
        cls,
        userdata: Mapping[str, str],
        defines: Mapping[str, str],
        environ: Mapping[str, str],
    ) -> Settings:
        """Merge the three sources (see the module docstring) and check every value.

        Args:
            userdata: `[behave.userdata]` from behave.ini (with `-D` applied or not).
            defines: the `-D name=value` pairs alone, which win over the environment.
            environ: the process environment.

        Raises:
            ConfigurationError: a value is not allowed, or a key looks misspelt.
        """
        _refuse_misspelt_keys(userdata)
        raw: dict[str, str] = {}
        for key in cls.known_keys():
            for source, name in ((defines, key), (environ, ENV_PREFIX + key.upper()), (userdata, key)):
                value = source.get(name)
                if value is not None and str(value).strip() != "":
                    raw[key] = str(value).strip()
                    break
        return cls._checked(raw)

    @classmethod
    def _checked(cls, raw: dict[str, str]) -> Settings:
        def choice(key: str, allowed: tuple[str, ...], *, upper: bool) -> str:
            default = getattr(cls, key)
            value = str(raw.get(key, default))
            value = value.upper() if upper else value.lower()
            if value not in allowed:
                raise ConfigurationError(key, raw[key], f"allowed values are {', '.join(allowed)} (default {default})")
            return value

        timeout_text = raw.get("provider_start_timeout", str(cls.provider_start_timeout))
        try:
            timeout = float(timeout_text)
        except ValueError:
            timeout = -1.0
        if timeout <= 0:
            raise ConfigurationError(
                "provider_start_timeout", timeout_text, "it must be a number of seconds above 0, e.g. 30"
            )
        for key in ("provider_ready_path",):
            if key in raw and not raw[key].startswith("/"):
                raise ConfigurationError(key, raw[key], "it must be a path starting with '/', e.g. /health")
        for key in ("provider_url", "provider_state_url"):
            if key in raw and not raw[key].startswith(("http://", "https://", "/")):
                raise ConfigurationError(
                    key,
                    raw[key],
                    "it must be an http:// or https:// URL (or, for the state URL, a path on the provider)",
                )
        return cls(
            consumer=raw.get("consumer"),
            provider=raw.get("provider"),
            pact_dir=Path(raw.get("pact_dir", str(cls.pact_dir))),
            pact_specification=choice("pact_specification", SPECIFICATIONS, upper=True),
            pact_file_mode=choice("pact_file_mode", PACT_FILE_MODES, upper=False),
            log_level=choice("log_level", LOG_LEVELS, upper=True),
            provider_command=raw.get("provider_command"),
            provider_url=raw.get("provider_url"),
            provider_ready_path=raw.get("provider_ready_path", cls.provider_ready_path),
            provider_start_timeout=timeout,
            provider_state_url=raw.get("provider_state_url"),
        )

    @property
    def logging_level(self) -> int:
        """`log_level` as a `logging` constant."""
        return int(getattr(logging, self.log_level))


def _refuse_misspelt_keys(userdata: Mapping[str, str]) -> None:
    known = Settings.known_keys()
    for key in userdata:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close:
            raise ConfigurationError(
                key, userdata[key], f"'{key}' is not a key contracts-bdd reads; did you mean '{close[0]}'?"
            )
