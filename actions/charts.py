"""Server-drawn SVG charts. Each bar carries its word and number; colour only reinforces them."""

from dataclasses import dataclass

from plans.status import Status

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 110
BAR_AREA = 240


@dataclass
class Bar:
    status: Status
    label: str
    count: int
    y: int
    width: int
    text_y: int
    count_x: int


@dataclass
class BarChart:
    bars: list[Bar]
    width: int
    height: int


def status_bar_chart(counts) -> BarChart:
    """Horizontal bars for a list of StatusCount, scaled to the largest."""
    largest = max((c.count for c in counts), default=0) or 1
    bars = []
    for index, entry in enumerate(counts):
        y = index * (BAR_HEIGHT + GAP)
        width = round(BAR_AREA * entry.count / largest)
        bars.append(
            Bar(
                status=entry.status,
                label=entry.label,
                count=entry.count,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                count_x=LABEL_WIDTH + width + 6,
            )
        )
    return BarChart(bars, LABEL_WIDTH + BAR_AREA + 50, len(bars) * (BAR_HEIGHT + GAP))
