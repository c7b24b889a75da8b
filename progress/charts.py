"""Charts drawn on the server as SVG: no JavaScript, readable without colour."""

from dataclasses import dataclass

from .quiz_report import Distribution

WIDTH = 340
MARGIN = 6  # keeps the first and last labels inside the picture
HEIGHT = 160
TOP = 18  # room for the count above the tallest bar
BOTTOM = 20  # room for the band labels


@dataclass
class Bar:
    label: str
    count: int
    x: int
    y: int
    width: int
    height: int

    @property
    def label_x(self) -> int:
        return self.x + self.width // 2


def bar_chart(distribution: Distribution) -> dict:
    """Geometry for a bar per band of ten percentage points, with its count written above."""
    tallest = max(distribution.bands) or 1
    slot = (WIDTH - 2 * MARGIN) // len(distribution.bands)
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for index, count in enumerate(distribution.bands):
        height = round(plot * count / tallest)
        bars.append(
            Bar(
                label=f"{index * 10}–{100 if index == 9 else index * 10 + 9}",
                count=count,
                x=MARGIN + index * slot + 3,
                y=TOP + plot - height,
                width=slot - 6,
                height=height,
            )
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 6,
    }
