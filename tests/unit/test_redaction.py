"""The scrubber: every form of every secret is hidden; a short secret only where it stands alone."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest

from contracts_bdd.config import Settings
from contracts_bdd.errors import ConfigurationError, ContractsBddError
from contracts_bdd.redaction import Secret, basic_credentials, scrub_log_records, scrubbed


def test_every_form_of_a_secret_is_scrubbed_and_short_ones_only_where_they_stand_alone() -> None:
    password = basic_credentials("ci", "p@ss/word+1")
    short = Secret("x9")
    text = (
        f"raw {password.reveal()} url {quote(password.reveal(), safe='')} basic Y2k6cEBzcy93b3JkKzE= "
        f"alone {short.reveal()}, inside box9x9"
    )

    assert scrubbed(text) == "raw **** url **** basic **** alone ****, inside box9x9"


def test_the_root_error_and_log_records_never_show_a_secret(caplog: pytest.LogCaptureFixture) -> None:
    token = Secret("root-error-token-11")
    scrub_log_records()

    logging.getLogger("pact.ffi").warning("sent %s", token.reveal())

    assert str(ContractsBddError(f"refused {token.reveal()}")) == "refused ****"
    assert caplog.records[-1].getMessage() == "sent ****"


def test_a_password_in_the_broker_url_becomes_basic_auth() -> None:
    settings = Settings.load({}, {}, {"PACT_BROKER_BASE_URL": "https://ci:s%40cret-22@broker.example:8443/base"})

    assert settings.broker_base_url == "https://broker.example:8443/base"
    assert settings.broker_username == "ci"
    assert settings.broker_password is not None and settings.broker_password.reveal() == "s@cret-22"
    assert scrubbed("https://ci:s%40cret-22@broker.example") == "https://ci:****@broker.example"


@pytest.mark.parametrize(
    "extra",
    [{"PACT_BROKER_TOKEN": "a-token-33"}, {"PACT_BROKER_USERNAME": "other", "PACT_BROKER_PASSWORD": "other-pw-44"}],
)
def test_a_password_in_the_broker_url_never_replaces_other_credentials(extra: dict[str, str]) -> None:
    environ = {"PACT_BROKER_BASE_URL": "https://ci:url-pw-55@broker.example", **extra}

    with pytest.raises(ConfigurationError, match="keep credentials out of the URL") as raised:
        Settings.load({}, {}, environ)

    assert "url-pw-55" not in str(raised.value)
    assert "'https://broker.example'" in str(raised.value)
