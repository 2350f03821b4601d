"""Which plugins a pact needs, and whether the plugin directory holds them (as the plugin driver looks)."""

from __future__ import annotations

import json
from pathlib import Path

from contracts_bdd.pact.plugins import missing_plugins


def test_a_plugin_counts_as_installed_by_its_manifest_name_and_version(tmp_path: Path) -> None:
    document = {"metadata": {"plugins": [{"name": "csv", "version": "0.0.3"}]}, "interactions": []}
    environ = {"PACT_PLUGIN_DIR": str(tmp_path)}

    before = missing_plugins(document, environ)
    (tmp_path / "csv-0.0.1").mkdir()
    (tmp_path / "csv-0.0.1" / "pact-plugin.json").write_text(json.dumps({"name": "csv", "version": "0.0.1"}))
    other_version = missing_plugins(document, environ)
    (tmp_path / "csv-0.0.3").mkdir()
    (tmp_path / "csv-0.0.3" / "pact-plugin.json").write_text(json.dumps({"name": "csv", "version": "0.0.3"}))

    assert before == other_version == ["csv 0.0.3"]
    assert missing_plugins(document, environ) == []
    configured = {"interactions": [{"pluginConfiguration": {"protobuf": {}}}]}
    assert missing_plugins(configured, environ) == ["protobuf"]
