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
from collections.abc import Callable
from dataclasses import replace
from xml.etree import ElementTree
from xml.parsers import expat

from contracts_bdd.model.contract import Matcher, Value, XmlElement, example_of, text_of
from contracts_bdd.model.examples import recording, require_example
from contracts_bdd.model.expressions import MAX_NESTING


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


def path_step(path: str, name: str) -> str:
    return f"{path}.{name}" if _PLAIN.match(name) else f"{path}['{name}']"


def attribute_path(path: str, name: str) -> str:
    """The Pact path of attribute `name` (already qualified) of the element at `path`."""
    return f"{path}['@{name}']"


def text_path(path: str) -> str:
    """The Pact path of the text of the element at `path`."""
    return f"{path}.#text"


def qualified_name(name: str, namespaces: dict[str, str], *, attribute: bool = False) -> str:
    """A name as pact-rust's matcher names it: `uri:local` when a namespace applies, else as written.

    An unprefixed attribute is in no namespace; an unprefixed element is in the default one.
    """
    prefix, _, local = name.rpartition(":")
    if prefix:
        uri = namespaces.get(prefix)
        return f"{uri}:{local}" if uri else name
    uri = None if attribute else namespaces.get("")
    return f"{uri}:{name}" if uri else name


def is_namespace_declaration(name: str) -> bool:
    """Whether an attribute declares a namespace (`xmlns`, `xmlns:p`) rather than carrying a value."""
    return name == "xmlns" or name.startswith("xmlns:")


def namespaces_in_scope(element: XmlElement, inherited: dict[str, str]) -> dict[str, str]:
    """The namespaces by prefix ("" for the default) that apply inside `element`."""
    scope = dict(inherited)
    for name, value in element.attributes.items():
        if is_namespace_declaration(name):
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
    scope = namespaces_in_scope(element, namespaces or {})
    here = path_step(path, qualified_name(element.tag, scope))
    found: list[tuple[str, Value]] = []
    if element.rule is not None:
        found.append((here, element.rule))
    for name, value in element.attributes.items():
        if not is_namespace_declaration(name):
            found.append((attribute_path(here, qualified_name(name, scope, attribute=True)), value))
    for child in element.children:
        if isinstance(child, XmlElement):
            found += xml_values(child, here, scope)
        else:
            found.append((text_path(here), child))
    return found


def repeated(min: int = 1, max: int | None = None, shown: int | None = None) -> Matcher:  # noqa: A002
    """An element the provider may repeat: at least `min` (and at most `max`) of it, each like the example.

    The example shows it `min` times, or `shown` times.
    """
    if not isinstance(min, int) or isinstance(min, bool) or min < 1:
        msg = f"each_like() on an element needs min, a whole number of at least 1, not {min!r}: each_like(min=1)"
        raise ValueError(msg)
    if max is not None and (not isinstance(max, int) or isinstance(max, bool) or max < min):
        msg = f"each_like() on an element has max={max!r}; give a whole number of at least min={min}"
        raise ValueError(msg)
    _check_shown("each_like", shown)
    require_example(
        shown is None or (shown >= min and (max is None or shown <= max)),
        f"each_like(min={min}{'' if max is None else f', max={max}'}) on an element shows it shown={shown} times, so "
        "the example breaks its own rule; show it as many times as the rule allows",
    )
    options: tuple[tuple[str, Value], ...] = (("min", min),) + ((("max", max),) if max is not None else ())
    options += (("shown", shown),) if shown is not None and shown != min else ()
    return Matcher("type", None, options, None, "each_like", recorded=recording())


def alike(shown: int | None = None) -> Matcher:
    """An element whose attributes and texts may differ from the example's, in type only (shown once, or
    `shown` times)."""
    _check_shown("like", shown)
    options: tuple[tuple[str, Value], ...] = (("shown", shown),) if shown is not None and shown != 1 else ()
    return Matcher("type", None, options, None, "like")


def _check_shown(name: str, shown: int | None) -> None:
    if shown is not None and (not isinstance(shown, int) or isinstance(shown, bool) or shown < 1):
        msg = f"{name}() on an element takes shown=, the times the example shows it, a whole number of at least 1"
        raise ValueError(msg)


ELEMENT_OPTIONS = ("min", "max")
"""The options of an element's rule the pact holds (`shown` is how often the example shows the element)."""


def shown_times(element: XmlElement, count: int) -> XmlElement:
    """`element`, whose rule says it is shown `count` times in a row (when its rule alone would show another number)."""
    if element.rule is None or element.copies == count:
        return element
    kept = tuple((key, value) for key, value in element.rule.options if key != "shown")
    return replace(element, rule=replace(element.rule, options=(*kept, ("shown", count))))


ELEMENT_MATCHERS: dict[str, Callable[..., Matcher]] = {"each_like": repeated, "like": alike}
"""What an expression inside a start tag may call: `<item {{ each_like(min=2) }}>`, `<address {{ like() }}>`."""


class XmlSyntaxError(ValueError):
    """A document that is not well-formed XML; `line` is its 1-based line."""

    def __init__(self, message: str, line: int) -> None:
        self.line = line
        super().__init__(message)


def parse_xml(
    text: str,
    value: Callable[[str, int], Value] = lambda found, line: found,
    rule: Callable[[dict[str, str]], Matcher | None] = lambda attributes: None,
) -> XmlElement:
    """Read `text` into an `XmlElement`, names as written (no namespace processing).

    `value(text, line)` turns each attribute value and each text (white space around it
    stripped; white space alone dropped) into a contract value; `rule(attributes)` may take
    an element's own rule out of its attributes.

    Raises:
        XmlSyntaxError: the text is not one well-formed XML document.
    """
    return _XmlParser(value, rule).parse(text)


class _XmlParser:
    def __init__(self, value: Callable[[str, int], Value], rule: Callable[[dict[str, str]], Matcher | None]) -> None:
        self.value, self.rule = value, rule
        self.open: list[tuple[str, dict[str, Value], list[XmlElement | Value], Matcher | None]] = []
        self.pending: list[str] = []
        self.done: XmlElement | None = None
        self.parser = expat.ParserCreate()
        self.parser.ordered_attributes = True
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.pending.append

    def parse(self, text: str) -> XmlElement:
        try:
            self.parser.Parse(text, True)
        except expat.ExpatError as err:
            message = (
                f"the XML body is malformed: {expat.ErrorString(err.code)} (line {err.lineno}, column {err.offset})"
            )
            raise XmlSyntaxError(message, err.lineno) from err
        assert self.done is not None  # expat refuses a document without a root element
        return self.done

    def start(self, name: str, ordered: list[str]) -> None:
        if len(self.open) >= MAX_NESTING:
            message = f"the XML body nests deeper than {MAX_NESTING} elements, deeper than a pact can be checked"
            raise XmlSyntaxError(message, self.parser.CurrentLineNumber)
        self.flush()
        attributes = dict(zip(ordered[::2], ordered[1::2], strict=True))
        rule = self.rule(attributes)
        line = self.parser.CurrentLineNumber
        values = {key: self.value(found, line) for key, found in attributes.items()}
        self.open.append((name, values, [], rule))

    def end(self, name: str) -> None:
        self.flush()
        tag, attributes, children, rule = self.open.pop()
        element = XmlElement(tag, attributes, children, rule)
        if self.open:
            self.open[-1][2].append(element)
        else:
            self.done = element

    def flush(self) -> None:
        text = "".join(self.pending).strip()
        self.pending.clear()
        if text and self.open:
            self.open[-1][2].append(self.value(text, self.parser.CurrentLineNumber))
