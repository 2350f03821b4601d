"""XML documents in the contract model: elements with prefixes, attributes, mixed text and rules.

    item = XmlElement("item", {"code": Matcher("regex", "ab", (("regex", "[a-z]+"),))},
                      [XmlElement("id", children=[Matcher("integer", 1)])],
                      rule=Matcher("type", None, (("min", 2),), name="each_like"))
    order = XmlElement("o:order", {"xmlns:o": "http://example.com/o"}, [item, "note"])
    xml_text(order)   # <o:order xmlns:o="http://example.com/o"><item code="ab">...</item><item ...>note</o:order>
    xml_values(order) # each value by its Pact path: $['http://example.com/o:order'].item['@code'], ...

The document keeps names as written, prefix and all (`o:order`), and namespace
declarations are ordinary attributes. Rule paths, though, name a namespaced element or
attribute by namespace and local name, the way pact-rust's matcher walks a document:
a rule at `$.o:order` is never applied by the verifier (pact-js#632 and
pact-specification#91 are that trap). Text between
child elements is kept in order; text that is only white space (indentation) is not.
An element with a `rule` is one the provider may repeat or vary: `each_like` (a type
rule with a minimum, shown `copies` times) or `like` (a type rule on the element).
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from contracts_bdd.model.contract import Matcher, Value, XmlElement, example_of, text_of


def _example_text(value: Value) -> str:
    return text_of(example_of(value))


def xml_tree(element: XmlElement) -> ElementTree.Element:
    """The example document as an ElementTree (names kept as written, each repeated element shown `copies` times)."""
    built = ElementTree.Element(element.tag, {name: _example_text(value) for name, value in element.attributes.items()})
    last: ElementTree.Element | None = None
    for child in element.children:
        if isinstance(child, XmlElement):
            for _ in range(child.copies):
                last = xml_tree(child)
                built.append(last)
        elif last is None:
            built.text = (built.text or "") + _example_text(child)
        else:
            last.tail = (last.tail or "") + _example_text(child)
    return built


def xml_text(element: XmlElement) -> str:
    """The XML document `element` shows, with every matcher replaced by its example."""
    return ElementTree.tostring(xml_tree(element), encoding="unicode")


_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _step(path: str, name: str) -> str:
    return f"{path}.{name}" if _PLAIN.match(name) else f"{path}['{name}']"


def attribute_path(path: str, name: str) -> str:
    """The Pact path of attribute `name` (already qualified) of the element at `path`."""
    return f"{path}['@{name}']"


def text_path(path: str) -> str:
    """The Pact path of the text of the element at `path`."""
    return f"{path}.#text"


def _qualified(name: str, namespaces: dict[str, str], *, attribute: bool = False) -> str:
    """A name as pact-rust's matcher names it: `uri:local` when a namespace applies, else as written.

    An unprefixed attribute is in no namespace; an unprefixed element is in the default one.
    """
    prefix, _, local = name.rpartition(":")
    if prefix:
        uri = namespaces.get(prefix)
        return f"{uri}:{local}" if uri else name
    uri = None if attribute else namespaces.get("")
    return f"{uri}:{name}" if uri else name


def _declared(element: XmlElement, inherited: dict[str, str]) -> dict[str, str]:
    scope = dict(inherited)
    for name, value in element.attributes.items():
        if name == "xmlns" or name.startswith("xmlns:"):
            scope[name.partition(":")[2]] = text_of(example_of(value))
    return scope


def xml_values(
    element: XmlElement, path: str = "$", namespaces: dict[str, str] | None = None
) -> list[tuple[str, Value]]:
    """Every attribute, text and element rule of the document with its Pact path, in document order.

    Paths name elements and attributes as pact-rust's verifier does: by namespace and local
    name (`$.a['http://e/:c'].#text`) where a namespace is declared, so the rules hold whatever
    prefix the provider picks. Paths carry no index: a path applies to every element it names.
    """
    scope = _declared(element, namespaces or {})
    here = _step(path, _qualified(element.tag, scope))
    found: list[tuple[str, Value]] = []
    if element.rule is not None:
        found.append((here, element.rule))
    for name, value in element.attributes.items():
        if name != "xmlns" and not name.startswith("xmlns:"):
            found.append((attribute_path(here, _qualified(name, scope, attribute=True)), value))
    for child in element.children:
        if isinstance(child, XmlElement):
            found += xml_values(child, here, scope)
        else:
            found.append((text_path(here), child))
    return found


def repeated(min: int = 1, max: int | None = None) -> Matcher:  # noqa: A002
    """An element the provider may repeat: at least `min` (and at most `max`) of it, each like the example."""
    if not isinstance(min, int) or isinstance(min, bool) or min < 1:
        msg = f"each_like() on an element needs min, a whole number of at least 1, not {min!r}: each_like(min=1)"
        raise ValueError(msg)
    if max is not None and (not isinstance(max, int) or isinstance(max, bool) or max < min):
        msg = f"each_like() on an element has max={max!r}; give a whole number of at least min={min}"
        raise ValueError(msg)
    options: tuple[tuple[str, Value], ...] = (("min", min),) + ((("max", max),) if max is not None else ())
    return Matcher("type", None, options, None, "each_like")


def alike() -> Matcher:
    """An element whose attributes and texts may differ from the example's, in type only."""
    return Matcher("type", None, (), None, "like")


ELEMENT_MATCHERS = {"each_like": repeated, "like": alike}
"""What an expression inside a start tag may call: `<item {{ each_like(min=2) }}>`, `<address {{ like() }}>`."""
