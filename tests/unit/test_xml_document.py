"""XML in the model: names as written, Pact paths by namespace, and documents too deep or too big refused."""

from __future__ import annotations

import pytest

from contracts_bdd.model.contract import Matcher
from contracts_bdd.model.xml_document import XmlSyntaxError, parse_xml, xml_text, xml_values


def test_names_stay_as_written_and_paths_are_qualified_by_namespace() -> None:
    root = parse_xml('<a xmlns:n="http://e/" xmlns="urn:d"><b n:kind="k">t</b>tail<n:c>v</n:c></a>')

    assert xml_text(root) == '<a xmlns:n="http://e/" xmlns="urn:d"><b n:kind="k">t</b>tail<n:c>v</n:c></a>'
    assert [path for path, _ in xml_values(root)] == [
        "$['urn:d:a']['urn:d:b']['@http://e/:kind']",
        "$['urn:d:a']['urn:d:b'].#text",
        "$['urn:d:a'].#text",
        "$['urn:d:a']['http://e/:c'].#text",
    ]


def test_a_repeated_element_is_shown_min_times() -> None:
    root = parse_xml("<list><item>1</item></list>")
    repeated = root.children[0].__class__("item", {}, ["1"], Matcher("type", None, (("min", 3),), name="each_like"))

    assert xml_text(root.__class__("list", {}, [repeated])) == "<list><item>1</item><item>1</item><item>1</item></list>"


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("<a>" * 500 + "</a>" * 500, "nests deeper than 100 elements"),
        (
            '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
            '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
            '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]><l>&h;</l>',
            "amplification",
        ),
        ("<a><b></a>", "mismatched tag"),
    ],
)
def test_documents_too_deep_too_big_or_broken_are_refused(document: str, problem: str) -> None:
    with pytest.raises(XmlSyntaxError, match=problem):
        parse_xml(document)
