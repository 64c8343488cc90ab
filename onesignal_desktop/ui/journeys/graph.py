"""A journey drawn as a node graph (Qt's graphics view): trigger → waits → messages → branches → exit,
each box with its stats; stats are updated in place when they change, without drawing the graph again.

Boxes are plain rectangles and simple text items (cheap to build: a 200-node journey draws in a few tens
of milliseconds). Double-click a message box, or select it and press Enter, to edit it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from onesignal_desktop.ui.common.slices import SlicedWork
from onesignal_desktop.ui.journeys.describe import KIND_TITLES, MESSAGE_KINDS, node_detail, trigger_detail
from onesignal_desktop.ui.journeys.layout import NODE_HEIGHT, NODE_WIDTH, GraphLayout, lay_out

COLOURS = {
    "trigger": "#1e88e5",
    "exit": "#546e7a",
    "wait": "#8e24aa",
    "time_window": "#8e24aa",
    "wait_until": "#8e24aa",
    "send_push": "#e53935",
    "send_email": "#e53935",
    "send_sms": "#e53935",
    "send_iam": "#e53935",
    "send_webhook": "#e53935",
    "tag": "#00897b",
    "split_range": "#f9a825",
    "yes_no": "#f9a825",
}
MARGIN = 24.0
EDGES_PER_PATH = 10


class NodeBox(QGraphicsItem):
    """One box: a coloured band, the kind in bold, a detail line and a stats line. It paints itself (no
    child items): a 200-node journey is 200 cheap items, and only the boxes on screen are ever painted."""

    _fonts: tuple[QFont, QFont] | None = None

    def __init__(self, key: str, kind: str, title: str, detail: str, node: Mapping[str, Any] | None) -> None:
        super().__init__()
        self.key, self.kind, self.node = key, kind, node
        self.title, self.detail, self.stats_text = title, _elide(detail, 30), ""
        self.colour = QColor(COLOURS.get(kind, "#757575"))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, node is not None)
        self.setToolTip(f"{title}\n{detail}")

    def boundingRect(self) -> QRectF:
        return QRectF(-1, -1, NODE_WIDTH + 2, NODE_HEIGHT + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        if NodeBox._fonts is None:
            bold = QFont()
            bold.setBold(True)
            NodeBox._fonts = (bold, QFont())
        bold, plain = NodeBox._fonts
        selected = self.isSelected()
        painter.setPen(QPen(self.colour, 3.0 if selected else 1.5))
        painter.setBrush(QBrush(QColor("#fff8e1" if selected else "#ffffff")))
        painter.drawRect(QRectF(0, 0, NODE_WIDTH, NODE_HEIGHT))
        painter.fillRect(QRectF(0, 0, 6, NODE_HEIGHT), self.colour)
        painter.setFont(bold)
        painter.setPen(QColor("#212121"))
        painter.drawText(QPointF(14, 20), self.title)
        painter.setFont(plain)
        painter.setPen(QColor("#424242"))
        painter.drawText(QPointF(14, 42), self.detail)
        painter.setPen(QColor("#1565c0"))
        painter.drawText(QPointF(14, 63), self.stats_text)

    def set_stats(self, text: str) -> None:
        if self.stats_text != text:
            self.stats_text = text
            self.update()

    @property
    def editable(self) -> bool:
        return self.kind in MESSAGE_KINDS


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class JourneyScene(QGraphicsScene):
    edit_requested = Signal(object)  # the node (dict) of a message box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, NodeBox] = {}
        self.edge_labels: dict[str, QGraphicsSimpleTextItem] = {}
        self.layout_info = GraphLayout()

    def draw(
        self,
        journey: Mapping[str, Any],
        segment_names: Mapping[str, str] | None = None,
        template_names: Mapping[str, str] | None = None,
    ) -> None:
        """Draw the whole journey at once."""
        self.begin(journey, segment_names, template_names)
        while not self.step(None):
            pass

    def begin(
        self,
        journey: Mapping[str, Any],
        segment_names: Mapping[str, str] | None = None,
        template_names: Mapping[str, str] | None = None,
    ) -> None:
        """Start a drawing: the layout (cheap geometry) now, the items by :meth:`step`."""
        self.clear()
        self.boxes, self.edge_labels = {}, {}
        self._journey, self._segments, self._templates = journey, segment_names or {}, template_names or {}
        layout = self.layout_info = lay_out(list(journey.get("nodes") or []))
        self._positions = {box.key: (MARGIN + box.x - NODE_WIDTH / 2, MARGIN + box.y) for box in layout.boxes}
        self._next_box = self._next_edge = 0
        self.setSceneRect(QRectF(0, 0, layout.width + 2 * MARGIN, layout.height + 2 * MARGIN))

    def step(self, budget_ms: float | None) -> bool:
        """Add items for about ``budget_ms`` (all when None); True once everything is drawn."""
        deadline = None if budget_ms is None else time.perf_counter() + budget_ms / 1000.0
        layout = self.layout_info
        while self._next_box < len(layout.boxes):
            self._add_box(layout.boxes[self._next_box])
            self._next_box += 1
            if deadline is not None and time.perf_counter() > deadline:
                return False
        while self._next_edge < len(layout.edges):
            # Connectors go in groups of EDGES_PER_PATH: one item each, painted only when on screen.
            group = layout.edges[self._next_edge : self._next_edge + EDGES_PER_PATH]
            self._add_edges(group)
            self._next_edge += len(group)
            if deadline is not None and time.perf_counter() > deadline:
                return self._next_edge >= len(layout.edges)
        return True

    def _add_box(self, box: Any) -> None:
        if box.kind == "trigger":
            item = NodeBox("trigger", "trigger", "Entry", trigger_detail(self._journey, self._segments), None)
        elif box.kind == "exit":
            item = NodeBox("exit", "exit", "Exit", "journey completed", None)
        else:
            detail = node_detail(box.node, self._templates)
            item = NodeBox(box.key, box.kind, KIND_TITLES.get(box.kind, box.kind), detail, box.node)
        item.setPos(*self._positions[box.key])
        self.addItem(item)
        self.boxes[box.key] = item

    def _add_edges(self, edges: list[Any]) -> None:
        path = QPainterPath()
        for edge in edges:
            source, target = self._positions.get(edge.source), self._positions.get(edge.target)
            if source is None or target is None:
                continue
            start = QPointF(source[0] + NODE_WIDTH / 2, source[1] + NODE_HEIGHT)
            end = QPointF(target[0] + NODE_WIDTH / 2, target[1])
            middle = (start.y() + end.y()) / 2 if end.y() > start.y() else start.y() + 12
            path.moveTo(start)
            path.cubicTo(QPointF(start.x(), middle), QPointF(end.x(), middle), end)
            if edge.label:
                label = QGraphicsSimpleTextItem(edge.label)
                label.setBrush(QBrush(QColor("#6d4c41")))
                label.setPos(end.x() + 4, end.y() - 17)
                self.addItem(label)
                if edge.branch_id:
                    self.edge_labels[edge.branch_id] = label
                    label.setData(0, edge.label)
        connectors = QGraphicsPathItem(path)
        connectors.setPen(QPen(QColor("#9e9e9e"), 1.4))
        connectors.setZValue(-1)
        self.addItem(connectors)

    def show_stats(self, stats: Mapping[str, Any] | None) -> None:
        """Put the latest stats on the boxes (and each branch's count on its label)."""
        stats = stats or {}
        nodes: Mapping[str, Any] = stats.get("nodes") or {}
        trigger = self.boxes.get("trigger")
        if trigger is not None:
            trigger.set_stats(f"{int(stats.get('started') or 0):,} entered")
        exit_box = self.boxes.get("exit")
        if exit_box is not None:
            completed, early = int(stats.get("completed") or 0), int(stats.get("exited_early") or 0)
            exit_box.set_stats(f"{completed:,} completed · {early:,} left early")
        for key, box in self.boxes.items():
            if box.node is None:
                continue
            box.set_stats(node_stats_text(nodes.get(key) or {}))
        branches: Mapping[str, Any] = stats.get("branches") or {}
        for branch_id, label in self.edge_labels.items():
            count = int((branches.get(branch_id) or {}).get("completed") or 0)
            label.setText(f"{label.data(0)} · {count:,}")

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        item = self.itemAt(event.scenePos(), self.views()[0].transform()) if self.views() else None
        while item is not None and not isinstance(item, NodeBox):
            item = item.parentItem()
        if isinstance(item, NodeBox) and item.editable:
            self.edit_requested.emit(item.node)
            return
        super().mouseDoubleClickEvent(event)

    def selected_box(self) -> NodeBox | None:
        for item in self.selectedItems():
            if isinstance(item, NodeBox):
                return item
        return None


def node_stats_text(entry: Mapping[str, Any]) -> str:
    waiting, done, left = (int(entry.get(k) or 0) for k in ("waiting", "completed", "exited_early"))
    parts = [f"{waiting:,} here", f"{done:,} passed"]
    if left:
        parts.append(f"{left:,} left")
    totals = (entry.get("message_stats") or {}).get("totals") or {}
    if totals:
        parts = [f"{waiting:,} here"] if waiting else []
        parts.append(f"sent {int(totals.get('sent') or 0):,}")
        if "clicked" in totals:
            parts.append(f"clicked {int(totals.get('clicked') or 0):,}")
    return " · ".join(parts)


class JourneyGraphView(QGraphicsView):
    """The graph, zoomable with Ctrl+wheel (or Ctrl++ / Ctrl+-); Enter edits the selected message box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.graph = JourneyScene()
        super().__init__(self.graph, parent)
        self.graph.setParent(self)
        self.setObjectName("journeyGraph")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setAccessibleName("Journey graph")
        self.drawn = True
        self._pending_stats: Mapping[str, Any] | None = None
        # A big journey is drawn a slice per turn of the event loop, so the window keeps answering.
        self._slicer = SlicedWork(self.graph.step, parent=self)
        self._slicer.finished.connect(self._drawn)

    def show_journey(
        self,
        journey: Mapping[str, Any],
        segment_names: Mapping[str, str],
        template_names: Mapping[str, str],
        stats: Mapping[str, Any] | None,
    ) -> None:
        """Draw ``journey`` a slice per turn of the event loop (a big one never freezes the window), then
        put ``stats`` on it; ``drawn`` tells when it is complete."""
        self.graph.begin(journey, segment_names, template_names)
        self._pending_stats = stats
        self.drawn = False
        self._slicer.start()

    def clear_journey(self) -> None:
        self._slicer.stop()
        self.graph.begin({})
        self.drawn = True

    def show_stats(self, stats: Mapping[str, Any] | None) -> None:
        if self.drawn:
            self.graph.show_stats(stats)
        else:
            self._pending_stats = stats

    def _drawn(self) -> None:
        self.graph.show_stats(self._pending_stats)
        self.drawn = True

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            return
        super().wheelEvent(event)

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.2 <= scale <= 3.0:
            self.scale(factor, factor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, ctrl = event.key(), event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            box = self.graph.selected_box()
            if box is not None and box.editable:
                self.graph.edit_requested.emit(box.node)
                return
        if ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.15)
            return
        if ctrl and key == Qt.Key.Key_Minus:
            self.zoom(1 / 1.15)
            return
        super().keyPressEvent(event)
