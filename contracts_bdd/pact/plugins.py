"""The Pact plugins a pact needs, and which of them are installed where pact-ffi looks for them.

    missing_plugins(document, os.environ)     # ["missing-csv 0.0.3"]: needed and not installed
    plugin_folder(os.environ)                 # $PACT_PLUGIN_DIR, else ~/.pact/plugins

pact-ffi's verifier loads every plugin a pact's metadata names, and one it cannot find
it downloads from the internet and starts (the plugin driver's auto-install; nothing
turns it off, see pact-foundation/pact-php#330). A run never fetches and starts code,
so a pact that needs a plugin that is not installed is never handed to the verifier:
each of its interactions fails with a message naming the plugin (see
`contracts_bdd.provider.verification`).

A plugin counts as installed as the plugin driver finds it (pact-foundation/pact-plugins,
docs/plugin-driver-design.md): a folder in the plugin directory holding a
`pact-plugin.json` manifest of that name, and of that version when the pact names one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PLUGIN_DIR_VARIABLE = "PACT_PLUGIN_DIR"
MANIFEST = "pact-plugin.json"


def plugin_folder(environ: Mapping[str, str]) -> Path:
    """Where the plugin driver looks for plugins: `$PACT_PLUGIN_DIR`, else `~/.pact/plugins`."""
    chosen = environ.get(PLUGIN_DIR_VARIABLE, "").strip()
    return Path(chosen).expanduser() if chosen else Path.home() / ".pact" / "plugins"


def needed_plugins(document: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """The plugins a pact needs, as (name, version or None): those its metadata names (what the verifier
    loads), else those an interaction's `pluginConfiguration` names."""
    needed: dict[str, str | None] = {}
    metadata = document.get("metadata")
    listed = metadata.get("plugins") if isinstance(metadata, dict) else None
    for plugin in listed if isinstance(listed, list) else []:
        if isinstance(plugin, dict) and isinstance(plugin.get("name"), str) and plugin["name"]:
            version = plugin.get("version")
            needed[plugin["name"]] = str(version) if version is not None else None
    for key in ("interactions", "messages") if not needed else ():
        interactions = document.get(key)
        for interaction in interactions if isinstance(interactions, list) else []:
            configuration = interaction.get("pluginConfiguration") if isinstance(interaction, dict) else None
            for name in configuration if isinstance(configuration, dict) else {}:
                needed.setdefault(str(name), None)
    return sorted(needed.items())


def installed_plugins(environ: Mapping[str, str]) -> set[tuple[str, str]]:
    """(name, version) of every plugin whose manifest is in the plugin directory."""
    found = set()
    folder = plugin_folder(environ)
    for manifest in sorted(folder.glob(f"*/{MANIFEST}")) if folder.is_dir() else []:
        try:
            content = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(content, dict) and isinstance(content.get("name"), str):
            found.add((content["name"], str(content.get("version", ""))))
    return found


def missing_plugins(document: Mapping[str, Any], environ: Mapping[str, str]) -> list[str]:
    """The plugins `document` needs that are not installed, as "name version" (or "name")."""
    needed = needed_plugins(document)
    if not needed:
        return []
    installed = installed_plugins(environ)
    return [
        f"{name} {version}" if version else name
        for name, version in needed
        if not any(found == name and version in (None, found_version) for found, found_version in installed)
    ]
