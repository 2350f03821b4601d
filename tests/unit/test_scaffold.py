"""What `contracts-bdd init` writes fits the names it is given, and its CI recipes pin contracts-bdd as it came."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from contracts_bdd import ci_recipes
from contracts_bdd.errors import SetupError
from contracts_bdd.scaffold import scaffold


@pytest.mark.parametrize(
    ("provider", "path", "state"),
    [
        ("UserService", "/users/1", "a user with id 1 exists"),
        ("OrderApi", "/orders/1", "an order with id 1 exists"),
        ("InventoryService", "/inventories/1", "an inventory with id 1 exists"),
        ("payment-gateway", "/payments/1", "a payment with id 1 exists"),
        ("AddressBook", "/addresses/1", "an address with id 1 exists"),
        ("Users", "/users/1", "a user with id 1 exists"),
        ("StatusService", "/statuses/1", "a status with id 1 exists"),
        ("MyProvider", "/items/1", "an item with id 1 exists"),
        ("Api", "/items/1", "an item with id 1 exists"),
        ("ÜberService", "/items/1", "an item with id 1 exists"),
    ],
)
def test_the_scaffolded_contract_is_about_what_the_provider_is_named_for(
    tmp_path: Path, provider: str, path: str, state: str
) -> None:
    report = scaffold(tmp_path, "Shop", provider)

    (feature,) = [item for item in report.created if item.parts[:2] == ("features", "consumer")]
    text = (tmp_path / feature).read_text()
    assert f'When the consumer sends a GET request to "{path}"' in text
    assert f'Given the provider is in the state "{state}"' in text
    (states,) = [item for item in report.created if item.parts[0] == "steps" and item.name != "contracts.py"]
    assert f'_save({{f"{path.rsplit("/", 1)[0]}/{{id}}": {{"id": id' in (tmp_path / states).read_text()


def test_init_with_ci_writes_each_systems_recipes_and_never_overwrites_a_gitlab_ci_file(tmp_path: Path) -> None:
    (tmp_path / ".gitlab-ci.yml").write_text("stages: [build]\n")

    report = scaffold(tmp_path, "Shop", "CartService", ci=["github", "gitlab"], shards=3)

    created = {path.as_posix() for path in report.created}
    assert {
        ".github/workflows/contracts-consumer.yml",
        ".github/workflows/contracts-provider.yml",
        ".github/workflows/contracts-verify-changed-pact.yml",
        "ci/contracts-consumer.gitlab-ci.yml",
        "ci/contracts-provider.gitlab-ci.yml",
        "requirements-contracts.txt",
    } <= created
    assert [path.as_posix() for path in report.skipped] == [".gitlab-ci.yml"]
    assert (tmp_path / ".gitlab-ci.yml").read_text() == "stages: [build]\n"
    sharded = (tmp_path / ".github/workflows/contracts-consumer.yml").read_text()
    assert "shard: [1, 2, 3]" in sharded
    assert "parallel: 3" in (tmp_path / "ci/contracts-consumer.gitlab-ci.yml").read_text()


def test_a_name_reaches_a_recipe_as_a_quoted_yaml_string(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml")
    scaffold(tmp_path, "Shop: #1 'web'", "Cart", ci=["github"])

    workflow = yaml.safe_load((tmp_path / ".github/workflows/contracts-consumer.yml").read_text())
    assert workflow["env"]["CONSUMER"] == "Shop: #1 'web'"


class _Installed:
    def __init__(self, direct_url: dict[str, object] | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return json.dumps(self.direct_url) if self.direct_url is not None else None


@pytest.mark.parametrize(
    ("direct_url", "requirement"),
    [
        (None, "contracts-bdd=={version}"),  # from an index
        ({"url": "file:///tmp/contracts_bdd-0.1.0-py3-none-any.whl", "archive_info": {}}, "contracts-bdd=={version}"),
        ({"url": "file:///home/me/contracts-bdd", "dir_info": {"editable": True}}, "contracts-bdd=={version}"),
        (
            {"url": "https://github.com/shop/contracts-bdd.git", "vcs_info": {"vcs": "git", "commit_id": "1a2b3c"}},
            "contracts-bdd @ git+https://github.com/shop/contracts-bdd.git@1a2b3c",
        ),
        (
            {"url": "https://files.shop.example/contracts_bdd-0.1.0-py3-none-any.whl", "archive_info": {}},
            "contracts-bdd @ https://files.shop.example/contracts_bdd-0.1.0-py3-none-any.whl",
        ),
    ],
)
def test_the_recipes_requirement_pins_contracts_bdd_as_this_installation_came(
    monkeypatch: pytest.MonkeyPatch, direct_url: dict[str, object] | None, requirement: str
) -> None:
    monkeypatch.setattr(ci_recipes, "distribution", lambda name: _Installed(direct_url))

    written = ci_recipes.requirements().splitlines()

    assert written[-1] == requirement.format(version=ci_recipes.__version__)
    assert all(line.startswith("#") for line in written[:-1])


def test_the_recipes_the_docs_show_are_the_files_init_writes() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "broker-and-ci.md").read_text()
    shown = re.findall(r"```yaml\n# ([^\n]+)\n(.*?)```", page, re.DOTALL)
    written = {
        (path.as_posix(), text)
        for system in ci_recipes.SYSTEMS
        for shards in (1, 3)
        for path, text in ci_recipes.recipes(system, "OrderService", "UserService", shards).items()
    }
    assert len(shown) >= 4
    for path, text in shown:
        assert (path, text) in written, f"docs/broker-and-ci.md shows {path} as init no longer writes it"


def test_a_project_whose_pyproject_names_the_pair_gets_only_recipes_named_from_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.behave.userdata]\nconsumer = "Kiosk"\nprovider = "Gates"\n')

    report = scaffold(tmp_path, ci=["github"])

    assert report.set_up is not None
    assert report.set_up.config == Path("pyproject.toml")
    assert {path.parts[0] for path in report.created} == {".github", "requirements-contracts.txt"}
    assert 'CONSUMER: "Kiosk"' in (tmp_path / ".github/workflows/contracts-consumer.yml").read_text()


def test_a_behave_ini_behave_cannot_read_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "behave.ini").write_text("[behave.userdata\nconsumer = Kiosk\n")

    with pytest.raises(SetupError, match=r"behave\.ini: behave cannot read it"):
        scaffold(tmp_path, ci=["github"])

    assert [path.name for path in tmp_path.iterdir()] == ["behave.ini"]
