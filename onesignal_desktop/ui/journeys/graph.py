"""A journey drawn as a node graph (Qt's graphics view): trigger → waits → messages → branches → exit,
each box with its stats; stats are updated in place when they change, without drawing the graph again.

Boxes are plain rectangles and simple text items (cheap to build: a 200-node journey draws in a few tens
of milliseconds). Double-click a message box, or select it and press Enter, to edit it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

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


class NodeBox(QGraphicsRectItem):
    """One box: a coloured band with the kind, a detail line and a stats line."""

    def __init__(self, key: str, kind: str, title: str, detail: str, node: Mapping[str, Any] | None) -> None:
        super().__init__(0, 0, NODE_WIDTH, NODE_HEIGHT)
        self.key, self.kind, self.node = key, kind, node
        colour = QColor(COLOURS.get(kind, "#757575"))
        self.setBrush(QBrush(QColor("#ffffff")))
        self.setPen(QPen(colour, 1.5))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, node is not None)
        band = QGraphicsRectItem(0, 0, 6, NODE_HEIGHT, self)
        band.setBrush(QBrush(colour))
        band.setPen(QPen(Qt.PenStyle.NoPen))
        bold = QFont()
        bold.setBold(True)
        self.title_item = QGraphicsSimpleTextItem(title, self)
        self.title_item.setFont(bold)
        self.title_item.setPos(14, 6)
        self.detail_item = QGraphicsSimpleTextItem(_elide(detail, 30), self)
        self.detail_item.setPos(14, 27)
        self.detail_item.setBrush(QBrush(QColor("#424242")))
        self.stats_item = QGraphicsSimpleTextItem("", self)
        self.stats_item.setPos(14, 49)
        self.stats_item.setBrush(QBrush(QColor("#1565c0")))
        self.setToolTip(f"{title}\n{detail}")

    def set_stats(self, text: str) -> None:
        if self.stats_item.text() != text:
            self.stats_item.setText(text)

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

    def draw(self, journey: Mapping[str, Any], segment_names: Mapping[str, str] | None = None) -> None:
        self.clear()
        self.boxes, self.edge_labels = {}, {}
        nodes = list(journey.get("nodes") or [])
        layout = self.layout_info = lay_out(nodes)
        for box in layout.boxes:
            if box.kind == "trigger":
                item = NodeBox(
                    "trigger", "trigger", "Entry", trigger_detail(journey, segment_names or {}), None
                )
            elif box.kind == "exit":
                item = NodeBox("exit", "exit", "Exit", "journey completed", None)
            else:
                assert box.node is not None
                item = NodeBox(
                    box.key, box.kind, KIND_TITLES.get(box.kind, box.kind), node_detail(box.node), box.node
                )
            item.setPos(MARGIN + box.x - NODE_WIDTH / 2, MARGIN + box.y)
            self.addItem(item)
            self.boxes[box.key] = item
        pen = QPen(QColor("#9e9e9e"), 1.4)
        # One path for every connector: a single item however many edges the journey has.
        path = QPainterPath()
        for edge in layout.edges:
            source, target = self.boxes.get(edge.source), self.boxes.get(edge.target)
            if source is None or target is None:
                continue
            start = source.pos() + QPointF(NODE_WIDTH / 2, NODE_HEIGHT)
            end = target.pos() + QPointF(NODE_WIDTH / 2, 0)
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
        connectors.setPen(pen)
        connectors.setZValue(-1)
        self.addItem(connectors)
        self.setSceneRect(QRectF(0, 0, layout.width + 2 * MARGIN, layout.height + 2 * MARGIN))

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
