"""The living documentation: the contracts as a static site, with their verification status.

    material = gather(settings, os.environ, Choices(results=[Path("reports/junit")]))
    site = build_site(material.pacts, material.scenarios, material.results, material.changes)
    write_site(site, Path("site"))          # site/index.html opens from file://

`contracts-bdd docs -o site` does all three. `docs/living-docs.md` describes the site.
"""

from __future__ import annotations

from contracts_bdd.site.build import Site, build_site
from contracts_bdd.site.gather import Choices, Material, gather
from contracts_bdd.site.pages import Written, write_site

__all__ = ["Choices", "Material", "Site", "Written", "build_site", "gather", "write_site"]
