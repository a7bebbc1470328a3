"""Geometry of the status-by-group bar chart, drawn as SVG by the templates (no JavaScript).

Each group is one bar split by status, as a share of its actions so groups of different sizes
compare. Every segment wide enough carries its number; the table beside the chart carries them all,
so nothing depends on telling colours apart.
"""

from dataclasses import dataclass

from .plan_report import CountRow

WIDTH = 720
LABEL_HEIGHT = 18
BAR_HEIGHT = 26
ROW_GAP = 12
MIN_WIDTH_FOR_NUMBER = 22


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    text_x: float  # the middle of the segment, where its number goes
    fill: str
    text_fill: str
    count: int
    label: str
    show_number: bool


@dataclass(frozen=True)
class Bar:
    name: str
    total: int
    label_y: int
    bar_y: int
    text_y: int
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    bars: list[Bar]


def status_chart(rows: list[CountRow]) -> Chart:
    bars = []
    y = 0
    for row in rows:
        segments, x = [], 0.0
        for item in row.counts:
            if not item.count:
                continue
            width = WIDTH * item.count / row.total
            fill = item.status.style.hex
            segments.append(
                Segment(
                    x=round(x, 2),
                    width=round(width, 2),
                    text_x=round(x + width / 2, 2),
                    fill=fill,
                    text_fill=readable_text_colour(fill),
                    count=item.count,
                    label=item.label,
                    show_number=width >= MIN_WIDTH_FOR_NUMBER,
                )
            )
            x += width
        bar_y = y + LABEL_HEIGHT
        bars.append(
            Bar(row.name, row.total, bar_y - 5, bar_y, bar_y + BAR_HEIGHT // 2 + 5, segments)
        )
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return Chart(width=WIDTH, height=max(y - ROW_GAP, 0), bar_height=BAR_HEIGHT, bars=bars)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG relative luminance)."""
    channels = [int(background.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#0b0c0c"
