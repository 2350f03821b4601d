"""Settings: precedence and the checks that stop a run at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts_bdd.config import Settings
from contracts_bdd.errors import ConfigurationError


def test_defaults() -> None:
    settings = Settings.load({}, {}, {})
    assert (settings.pact_dir, settings.pact_specification, settings.log_level) == (Path("pacts"), "V4", "WARNING")


@pytest.mark.parametrize(
    ("userdata", "defines", "environ", "expected"),
    [
        ({"consumer": "ini"}, {}, {}, "ini"),
        ({"consumer": "ini"}, {}, {"CONTRACTS_BDD_CONSUMER": "env"}, "env"),
        ({"consumer": "ini"}, {"consumer": "define"}, {"CONTRACTS_BDD_CONSUMER": "env"}, "define"),
        ({"consumer": ""}, {}, {}, None),
    ],
)
def test_precedence_define_then_environment_then_ini(
    userdata: dict[str, str], defines: dict[str, str], environ: dict[str, str], expected: str | None
) -> None:
    assert Settings.load(userdata, defines, environ).consumer == expected


@pytest.mark.parametrize(
    ("userdata", "key", "allowed"),
    [
        ({"pact_specification": "V9"}, "pact_specification", "V2, V3, V4"),
        ({"log_level": "LOUD"}, "log_level", "DEBUG, INFO, WARNING, ERROR"),
        ({"pact_file_mode": "append"}, "pact_file_mode", "overwrite, merge"),
        ({"provider_start_timeout": "soon"}, "provider_start_timeout", "number of seconds"),
        ({"provider_start_timeout": "-1"}, "provider_start_timeout", "number of seconds"),
        ({"provider_start_timeout": "3601"}, "provider_start_timeout", "at most 3600"),
        ({"provider_request_timeout": "0"}, "provider_request_timeout", "number of seconds above 0"),
        ({"provider_request_timeout": "soon"}, "provider_request_timeout", "number of seconds"),
        ({"provider_request_timeout": "1e9"}, "provider_request_timeout", "at most 3600"),
        ({"provider_ready_path": "health"}, "provider_ready_path", "starting with '/'"),
        ({"provider_url": "localhost:8000"}, "provider_url", "http://"),
        ({"pact_specificaton": "V4"}, "pact_specificaton", "did you mean 'pact_specification'"),
    ],
)
def test_bad_values_name_the_key_and_what_is_allowed(userdata: dict[str, str], key: str, allowed: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Settings.load(userdata, {}, {})
    assert raised.value.key == key
    assert allowed in str(raised.value)


def test_values_are_normalised() -> None:
    settings = Settings.load({"pact_specification": "v3", "log_level": "debug", "pact_file_mode": "MERGE"}, {}, {})
    assert (settings.pact_specification, settings.log_level, settings.pact_file_mode) == ("V3", "DEBUG", "merge")


def test_unrelated_userdata_keys_are_left_alone() -> None:
    assert Settings.load({"browser": "firefox"}, {}, {}).consumer is None


def test_broker_settings_follow_the_pact_conventions() -> None:
    settings = Settings.load(
        {"consumer_tags": "dev, web"},
        {},
        {"PACT_BROKER_URL": "https://broker.example", "PACT_BROKER_TOKEN": "t0k3n", "CONTRACTS_BDD_PUBLISH": "yes"},
    )
    assert settings.broker_base_url == "https://broker.example"
    assert settings.broker_token is not None
    assert settings.broker_token.reveal() == "t0k3n"
    assert settings.consumer_tags == ("dev", "web")
    assert settings.publish == "true"
    assert "t0k3n" not in repr(settings)
    assert "t0k3n" not in str(settings.broker_token)


def test_base_url_wins_over_the_older_name() -> None:
    environ = {"PACT_BROKER_BASE_URL": "https://new.example", "PACT_BROKER_URL": "https://old.example"}
    assert Settings.load({}, {}, environ).broker_base_url == "https://new.example"


@pytest.mark.parametrize(
    ("userdata", "key", "allowed"),
    [
        ({"broker_base_url": "broker.example"}, "broker_base_url", "http:// or https://"),
        ({"broker_password": "x"}, "broker_username", "needs a user name"),
        ({"broker_on_conflict": "replace"}, "broker_on_conflict", "merge, overwrite"),
        ({"broker_attempts": "0"}, "broker_attempts", "from 1 to 10"),
        ({"publish": "sometimes"}, "publish", "auto (on when CI=true), true, false"),
        ({"include_wip_pacts_since": "last week"}, "include_wip_pacts_since", "2024-05-01"),
        ({"broker_verify_tls": "maybe"}, "broker_verify_tls", "true or false"),
    ],
)
def test_bad_broker_values(userdata: dict[str, str], key: str, allowed: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Settings.load(userdata, {}, {})
    assert raised.value.key == key
    assert allowed in str(raised.value)


@pytest.mark.parametrize(("written", "read"), [(None, "fail"), ("warn", "warn"), ("WARN", "warn"), ("fail", "fail")])
def test_a_state_without_a_handler_fails_unless_a_warning_is_chosen(written: str | None, read: str) -> None:
    userdata = {} if written is None else {"provider_state_without_handler": written}
    assert Settings.load(userdata, {}, {}).provider_state_without_handler == read


def test_a_state_without_a_handler_has_two_choices() -> None:
    with pytest.raises(ConfigurationError, match="allowed values are fail, warn"):
        Settings.load({"provider_state_without_handler": "ignore"}, {}, {})
