"""The Email metrics page's charts, drawn from one :class:`EmailReport`: volume and rates over time, and
the figures of each inbox provider."""

from __future__ import annotations

from onesignal_desktop.ui.analytics.email.query import EmailReport, provider_label
from onesignal_desktop.ui.common.charts.data import ChartData, Series, Style, XKind

VOLUME_SERIES = (
    ("Sent", "sent", "#7f8c8d"),
    ("Delivered", "delivered", "#3b7dd8"),
    ("Opened (unique)", "unique_opened", "#2e9d5b"),
    ("Clicked (unique)", "unique_clicked", "#8e5bd8"),
    ("Bounced", "bounced", "#d64545"),
)
BOUNCE_COLOR = "#d64545"
COMPLAINT_COLOR = "#e0a030"


def _x_kind(report: EmailReport) -> XKind:
    return XKind.TIMES if report.query.granularity == "hourly" else XKind.DATES


def volume_chart(report: EmailReport) -> ChartData:
    """Emails sent, delivered, opened, clicked and bounced per hour, day or month."""
    points = report.points
    return ChartData(
        "Emails over time",
        [point.moment for point in points],
        [
            Series(name, [float(getattr(point.figures, field)) for point in points], color)
            for name, field, color in VOLUME_SERIES
        ],
        x_kind=_x_kind(report),
        style=Style.LINES,
        y_label="emails",
    )


def rates_chart(report: EmailReport) -> ChartData:
    """Bounce rate (of emails sent) and complaint rate (of emails delivered) per hour, day or month; a
    bucket without sends has no rate (a gap in the line, not a drop to 0 %)."""
    points = report.points
    return ChartData(
        "Bounce and complaint rates over time",
        [point.moment for point in points],
        [
            Series("Bounce rate", [point.figures.bounce_rate for point in points], BOUNCE_COLOR),
            Series("Complaint rate", [point.figures.complaint_rate for point in points], COMPLAINT_COLOR),
        ],
        x_kind=_x_kind(report),
        style=Style.LINES,
        value_format="{:.2%}",
    )


def providers_chart(report: EmailReport) -> ChartData:
    """Delivered, opened and clicked per inbox provider over the whole range."""
    rows = report.provider_rows()
    return ChartData.bars(
        "By inbox provider",
        [provider_label(name) for name, _ in rows],
        [
            Series(label, [float(getattr(figures, field)) for _, figures in rows], color)
            for label, field, color in VOLUME_SERIES[1:4]
        ],
    )
