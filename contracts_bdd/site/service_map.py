"""The service map: who depends on whom, laid out in columns, each edge drawn by its status.

    drawn = service_map(site.pairs)
    drawn.nodes[0].name, drawn.nodes[0].x          # "NotificationService", 20
    drawn.edges[0].status.name, drawn.edges[0].label  # "failed", "1 failed, 1 verified"

A consumer stands left of the providers it depends on: each service's column is the
length of the longest chain of consumers before it (a cycle is cut where it closes).
Layout, like everything on the site, takes time in proportion to the services and pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from contracts_bdd.site.model import Status

if TYPE_CHECKING:
    from contracts_bdd.site.build import PairView

NODE_HEIGHT = 44
ROW_GAP = 36
COLUMN_GAP = 170
VERTICAL_GAP = 90
MARGIN = 20
LONGEST_NAME = 32
CHAR_WIDTH = 8.2


@dataclass(frozen=True)
class Node:
    """A service: its name (and the name as drawn, shortened if long), where and how wide."""

    name: str
    label: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Edge:
    """A pair: the curve from consumer to provider, its status, counts and where its label goes."""

    consumer: str
    provider: str
    href: str
    path: str
    status: Status
    label: str
    label_x: float
    label_y: float
    label_width: float
    loop: bool = False


@dataclass(frozen=True)
class ServiceMap:
    """The whole drawing."""

    width: float
    height: float
    nodes: list[Node]
    edges: list[Edge]


def service_map(pairs: Sequence[PairView], href: str = "pairs/{slug}.html", *, vertical: bool = False) -> ServiceMap:
    """Lay the pairs out as a graph of services: consumers left of their providers, or above them (`vertical`,
    for a phone's narrow screen)."""
    names = sorted({name for pair in pairs for name in (pair.consumer, pair.provider)})
    providers_of: dict[str, list[str]] = {name: [] for name in names}
    for pair in pairs:
        providers_of[pair.consumer].append(pair.provider)
    column = _columns(names, providers_of)
    by_column: dict[int, list[str]] = {}
    for name in names:
        by_column.setdefault(column[name], []).append(name)
    layers = [by_column.get(index, []) for index in range(max(by_column, default=-1) + 1)]
    widest_label = max((_label_width(_counts(pair)) for pair in pairs), default=0)
    nodes = _vertical(layers) if vertical else _horizontal(layers, max(COLUMN_GAP, widest_label + 70))
    edges = [_edge(pair, nodes, href.format(slug=pair.slug), vertical=vertical) for pair in pairs]
    width = max((node.x + node.width for node in nodes.values()), default=0) + MARGIN
    height = max((node.y + NODE_HEIGHT for node in nodes.values()), default=0) + MARGIN
    if any(edge.loop for edge in edges):  # room for the loops, below (or right of) the services
        width, height = (width + COLUMN_GAP / 2, height) if vertical else (width, height + ROW_GAP + NODE_HEIGHT)
    return ServiceMap(max(width, 2 * MARGIN), max(height, 2 * MARGIN), list(nodes.values()), edges)


def _horizontal(layers: list[list[str]], gap: float) -> dict[str, Node]:
    """A column per layer, its services one under the other, `gap` apart (room for an edge's label)."""
    nodes: dict[str, Node] = {}
    x = float(MARGIN)
    for members in layers:
        widths = {name: _width(_label(name)) for name in members}
        for row, name in enumerate(members):
            nodes[name] = Node(name, _label(name), x, MARGIN + row * (NODE_HEIGHT + ROW_GAP), widths[name])
        x += max(widths.values(), default=0) + gap
    return nodes


def _vertical(layers: list[list[str]]) -> dict[str, Node]:
    """A row per layer, its services side by side; each row centred on the widest."""
    rows = [[(name, _width(_label(name))) for name in members] for members in layers]
    spans = [sum(width for _, width in row) + ROW_GAP * max(len(row) - 1, 0) for row in rows]
    widest = max(spans, default=0)
    nodes: dict[str, Node] = {}
    for index, (row, span) in enumerate(zip(rows, spans, strict=True)):
        x = MARGIN + (widest - span) / 2
        y = MARGIN + index * (NODE_HEIGHT + VERTICAL_GAP)
        for name, width in row:
            nodes[name] = Node(name, _label(name), x, y, width)
            x += width + ROW_GAP
    return nodes


def _columns(names: list[str], providers_of: dict[str, list[str]]) -> dict[str, int]:
    """Each service's column: the longest chain of consumers before it, cycles cut where they close."""
    forward: dict[str, list[str]] = {name: [] for name in names}
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    order: list[str] = []
    for start in names:
        if start in state:
            continue
        stack = [(start, iter(providers_of[start]))]
        state[start] = 1
        while stack:
            name, following = stack[-1]
            step = next(following, None)
            if step is None:
                state[name] = 2
                order.append(name)
                stack.pop()
            elif state.get(step) is None:
                forward[name].append(step)
                state[step] = 1
                stack.append((step, iter(providers_of[step])))
            elif state[step] == 2:
                forward[name].append(step)  # an edge to a service walked already; one to the path is a cycle
    column = dict.fromkeys(names, 0)
    for name in reversed(order):  # a topological order of the forward edges
        for provider in forward[name]:
            column[provider] = max(column[provider], column[name] + 1)
    return column


def _counts(pair: PairView) -> str:
    return ", ".join(f"{count} {status.name}" for status, count in pair.counts) or "no interactions"


def _label_width(label: str) -> float:
    return len(label) * 6.6 + 14


def _label(name: str) -> str:
    return name if len(name) <= LONGEST_NAME else name[: LONGEST_NAME - 1] + "…"


def _width(label: str) -> float:
    return max(110.0, len(label) * CHAR_WIDTH + 28)


def _edge(pair: PairView, nodes: dict[str, Node], href: str, *, vertical: bool) -> Edge:
    start, end = nodes[pair.consumer], nodes[pair.provider]
    label = _counts(pair)
    label_width = _label_width(label)
    loop = (end.y <= start.y) if vertical else (end.x <= start.x)
    if vertical and not loop:  # top to bottom
        x1, y1 = start.x + start.width / 2, start.y + NODE_HEIGHT
        x2, y2 = end.x + end.width / 2, end.y - 4
        bend = (y2 - y1) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}"
    elif not loop:  # left to right
        x1, y1 = start.x + start.width, start.y + NODE_HEIGHT / 2
        x2, y2 = end.x - 4, end.y + NODE_HEIGHT / 2
        bend = (x2 - x1) / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    elif vertical:  # a cycle, or a service that is its own consumer: a loop on the right
        x1, y1 = start.x + start.width, start.y + NODE_HEIGHT / 2
        x2, y2 = end.x + end.width + 4, end.y + NODE_HEIGHT / 2 + (12 if start is end else 0)
        far = max(x1, x2) + COLUMN_GAP / 2
        path = f"M{x1:.1f},{y1:.1f} C{far:.1f},{y1:.1f} {far:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        x1 = x2 = far * 6 / 8 + (x1 + x2) / 8  # where the curve is at its middle: (P0 + 3 P1 + 3 P2 + P3) / 8
    else:  # a loop below the row
        x1, y1 = start.x + start.width / 2, start.y + NODE_HEIGHT
        x2, y2 = end.x + end.width / 2 + (12 if start is end else 0), end.y + NODE_HEIGHT + 4
        low = max(y1, y2) + ROW_GAP + NODE_HEIGHT / 2
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
        y1 = y2 = low * 6 / 8 + (y1 + y2) / 8
    middle_x, middle_y = (x1 + x2) / 2, (y1 + y2) / 2
    return Edge(pair.consumer, pair.provider, href, path, pair.status, label, middle_x, middle_y, label_width, loop)
