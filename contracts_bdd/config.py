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

import datetime as dt
import difflib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from contracts_bdd.errors import ConfigurationError
from contracts_bdd.model.contract import party_name_problem
from contracts_bdd.model.specs import SPECIFICATIONS
from contracts_bdd.redaction import Secret, basic_credentials

ENV_PREFIX = "CONTRACTS_BDD_"

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
PACT_FILE_MODES = ("overwrite", "merge")
SWITCHES = ("auto", "true", "false")
STATE_WITHOUT_HANDLER = ("fail", "warn")
ENV_ALIASES = {
    "broker_base_url": ("PACT_BROKER_BASE_URL", "PACT_BROKER_URL"),
    "broker_token": ("PACT_BROKER_TOKEN",),
    "broker_username": ("PACT_BROKER_USERNAME",),
    "broker_password": ("PACT_BROKER_PASSWORD",),
}
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


@dataclass(frozen=True)
class Settings:
    """Everything a run is configured with. Field names are the configuration keys."""

    consumer: str | None = None
    provider: str | None = None
    pact_dir: Path = Path("pacts")
    pact_shards: Path | None = None
    """A folder under which each process writes its pacts to a folder of its own (a parallel run's shards)."""
    pact_source: str | None = None
    pact_specification: str = "V4"
    pact_file_mode: str = "overwrite"
    log_level: str = "WARNING"
    provider_command: str | None = None
    provider_url: str | None = None
    provider_ready_path: str = "/"
    provider_start_timeout: float = 30.0
    provider_request_timeout: float = 30.0
    provider_state_url: str | None = None
    check_provider_states: bool = False
    provider_state_without_handler: str = "fail"
    keep_provider_log: bool = False
    provider_env_passthrough: tuple[str, ...] = ()
    broker_base_url: str | None = None
    broker_token: Secret | None = field(default=None, repr=False)
    broker_username: str | None = None
    broker_password: Secret | None = field(default=None, repr=False)
    broker_verify_tls: bool = True
    broker_ca_bundle: str | None = None
    broker_on_conflict: str | None = None
    broker_attempts: int = 4
    broker_deadline: float = 60.0
    publish: str = "auto"
    consumer_version: str | None = None
    consumer_branch: str | None = None
    consumer_tags: tuple[str, ...] = ()
    build_url: str | None = None
    provider_version: str | None = None
    provider_branch: str | None = None
    provider_tags: tuple[str, ...] = ()
    publish_verification_results: str = "auto"
    include_pending: bool = False
    include_wip_pacts_since: str | None = None

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
            sources = [(defines, key), (environ, ENV_PREFIX + key.upper())]
            sources += [(environ, alias) for alias in ENV_ALIASES.get(key, ())]
            sources.append((userdata, key))
            for source, name in sources:
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

        timeout = _seconds(raw, "provider_start_timeout", cls.provider_start_timeout)
        request_timeout = _seconds(raw, "provider_request_timeout", cls.provider_request_timeout)
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
        for key in ("consumer", "provider"):
            problem = party_name_problem(raw[key]) if key in raw else None
            if problem is not None:
                raise ConfigurationError(key, raw[key], f"{problem}; it names the pact file, so write a plain name")
        broker = _broker_settings(raw)
        return cls(
            **broker,
            consumer=raw.get("consumer"),
            provider=raw.get("provider"),
            pact_dir=Path(raw.get("pact_dir", str(cls.pact_dir))),
            pact_shards=Path(raw["pact_shards"]) if "pact_shards" in raw else None,
            pact_source=raw.get("pact_source"),
            pact_specification=choice("pact_specification", SPECIFICATIONS, upper=True),
            pact_file_mode=choice("pact_file_mode", PACT_FILE_MODES, upper=False),
            log_level=choice("log_level", LOG_LEVELS, upper=True),
            provider_command=raw.get("provider_command"),
            provider_url=raw.get("provider_url"),
            provider_ready_path=raw.get("provider_ready_path", cls.provider_ready_path),
            provider_start_timeout=timeout,
            provider_request_timeout=request_timeout,
            provider_state_url=raw.get("provider_state_url"),
            keep_provider_log=_flag(raw, "keep_provider_log", default=False),
            provider_env_passthrough=_words(raw, "provider_env_passthrough"),
            check_provider_states=_flag(raw, "check_provider_states", default=False),
            provider_state_without_handler=choice("provider_state_without_handler", STATE_WITHOUT_HANDLER, upper=False),
        )

    @property
    def logging_level(self) -> int:
        """`log_level` as a `logging` constant."""
        return int(getattr(logging, self.log_level))


MOST_SECONDS = 3600.0
"""The longest a provider's start, or one of its requests or state changes, may be given."""


def _seconds(raw: dict[str, str], key: str, default: float) -> float:
    """A number of seconds above 0 and at most an hour."""
    text = raw.get(key, str(default))
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MOST_SECONDS:
        raise ConfigurationError(
            key, text, f"it must be a number of seconds above 0 and at most 3600, e.g. {default:g}"
        )
    return seconds


def _flag(raw: dict[str, str], key: str, default: bool) -> bool:
    value = raw.get(key)
    if value is None:
        return default
    if value.lower() in _TRUE + _FALSE:
        return value.lower() in _TRUE
    raise ConfigurationError(key, value, "it must be true or false")


def _switch(raw: dict[str, str], key: str) -> str:
    value = raw.get(key, "auto").lower()
    value = "true" if value in _TRUE else ("false" if value in _FALSE else value)
    if value not in SWITCHES:
        raise ConfigurationError(key, raw[key], "allowed values are auto (on when CI=true), true, false")
    return value


def _words(raw: dict[str, str], key: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in raw.get(key, "").split(",") if word.strip())


def _broker_settings(raw: dict[str, str]) -> dict[str, Any]:
    """The broker keys of the settings, checked."""
    url, token, username, password = _broker_credentials(raw)
    if url and not url.startswith(("http://", "https://")):
        raise ConfigurationError("broker_base_url", url, "it must be an http:// or https:// URL (PACT_BROKER_BASE_URL)")
    if password and not username:
        raise ConfigurationError("broker_username", None, "a broker password needs a user name (PACT_BROKER_USERNAME)")
    conflict = raw.get("broker_on_conflict")
    if conflict is not None and conflict not in ("merge", "overwrite"):
        raise ConfigurationError("broker_on_conflict", conflict, "allowed values are merge, overwrite")
    attempts = raw.get("broker_attempts", "4")
    if not attempts.isdigit() or not 1 <= int(attempts) <= 10:
        raise ConfigurationError("broker_attempts", attempts, "it must be a whole number from 1 to 10")
    deadline_text = raw.get("broker_deadline", "60")
    try:
        deadline = float(deadline_text)
    except ValueError:
        deadline = -1.0
    if not 0 < deadline <= 3600:
        raise ConfigurationError(
            "broker_deadline", deadline_text, "it must be the seconds one broker call may take, above 0, e.g. 60"
        )
    since = raw.get("include_wip_pacts_since")
    if since:
        try:
            dt.date.fromisoformat(since)
        except ValueError as err:
            raise ConfigurationError("include_wip_pacts_since", since, "it must be a date such as 2024-05-01") from err
    return {
        "broker_base_url": url,
        "broker_token": token,
        "broker_username": username,
        "broker_password": password,
        "broker_verify_tls": _flag(raw, "broker_verify_tls", default=True),
        "broker_ca_bundle": raw.get("broker_ca_bundle"),
        "broker_on_conflict": conflict,
        "broker_attempts": int(attempts),
        "broker_deadline": deadline,
        "publish": _switch(raw, "publish"),
        "consumer_version": raw.get("consumer_version"),
        "consumer_branch": raw.get("consumer_branch"),
        "consumer_tags": _words(raw, "consumer_tags"),
        "build_url": raw.get("build_url"),
        "provider_version": raw.get("provider_version"),
        "provider_branch": raw.get("provider_branch"),
        "provider_tags": _words(raw, "provider_tags"),
        "publish_verification_results": _switch(raw, "publish_verification_results"),
        "include_pending": _flag(raw, "include_pending", default=False),
        "include_wip_pacts_since": since,
    }


def _broker_credentials(raw: dict[str, str]) -> tuple[str | None, Secret | None, str | None, Secret | None]:
    """The broker URL, token, user name and password; a user name and password in the URL become Basic auth.

    Credentials are remembered as secrets before anything can show them. A URL that
    carries credentials while a token or user name is configured too is refused: one
    must never silently replace the other.
    """
    token = Secret(raw["broker_token"]) if raw.get("broker_token") else None
    username = raw.get("broker_username")
    password = basic_credentials(username or "", raw["broker_password"]) if raw.get("broker_password") else None
    url = raw.get("broker_base_url")
    if not url:
        return url, token, username, password
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, token, username, password
    from_url = unquote(parts.username or "")
    secret = basic_credentials(from_url, unquote(parts.password or ""))
    bare = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    if token or username or password:
        configured = "broker_token (PACT_BROKER_TOKEN)" if token else "broker_username (PACT_BROKER_USERNAME)"
        raise ConfigurationError(
            "broker_base_url",
            bare,
            f"it carries a user name and password, and {configured} is set too; "
            "keep credentials out of the URL: set PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD, or a token",
        )
    return bare, None, from_url, secret if parts.password is not None else None


OUR_PREFIXES = ("pact_", "broker_", "consumer_", "provider_")
"""A userdata key starting so (in any case) is taken as meant for contracts-bdd."""


def _refuse_misspelt_keys(userdata: Mapping[str, str]) -> None:
    """Refuse a key that looks like one of ours but is not: a near-misspelling, or one of our prefixes."""
    known = Settings.known_keys()
    for key in userdata:
        if key in known:
            continue
        lowered = key.lower().replace("-", "_")
        close = difflib.get_close_matches(lowered, known, n=1, cutoff=0.6 if lowered.startswith(OUR_PREFIXES) else 0.8)
        if close:
            raise ConfigurationError(
                key, None, f"'{key}' is not a key contracts-bdd reads; did you mean '{close[0]}'?", shown=False
            )
        if lowered.startswith(OUR_PREFIXES):
            ours = ", ".join(sorted(name for name in known if name.startswith(lowered.split("_")[0])))
            raise ConfigurationError(
                key, None, f"'{key}' is not a key contracts-bdd reads; its keys of that kind are: {ours}", shown=False
            )
