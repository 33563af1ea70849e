"""Charts as PNG bytes (matplotlib, Agg backend, no pyplot state).

Vietnamese needs a font with its stacked diacritics: matplotlib's bundled DejaVu Sans has them,
so the charts name it explicitly rather than trusting whatever the server's default font is.
The title is also written into the PNG's text chunk ("Title"), so a reader (or a test) can see
which chart a file is.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

FONT = "DejaVu Sans"
_LOCK = threading.Lock()  # matplotlib's font cache and rcParams are process-wide


@dataclass(frozen=True)
class Series:
    labels: Sequence[str]
    values: Sequence[float]


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(figure: Any, title: str) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", metadata={"Title": title, "Software": "cchc-bot"})
    return buffer.getvalue()


def target_chart(
    title: str,
    series: Series,
    *,
    milestone: float | None,
    milestone_label: str,
    y_label: str,
    lower_is_better: bool = False,
) -> bytes:
    """A target's figures over its periods, with the milestone as a dashed line."""
    with _LOCK:
        figure = _figure(7.0, 4.0)
        axes = figure.add_subplot()
        xs = list(range(len(series.values)))
        axes.plot(xs, list(series.values), marker="o", color="#1f5fa8", linewidth=2)
        for x, y in zip(xs, series.values, strict=True):
            axes.annotate(
                f"{y:g}",
                (x, y),
                textcoords="offset points",
                xytext=(0, 7),
                ha="center",
                fontfamily=FONT,
                fontsize=9,
            )
        if milestone is not None:
            axes.axhline(
                milestone, color="#c0392b", linestyle="--", linewidth=1.5, label=milestone_label
            )
            axes.legend(loc="lower right", prop={"family": FONT, "size": 9})
        axes.margins(x=0.15)
        axes.set_xticks(xs, list(series.labels), fontfamily=FONT)
        axes.set_ylabel(y_label, fontfamily=FONT)
        if lower_is_better:
            axes.invert_yaxis()  # rank 1 at the top
        else:
            top = max([*series.values, milestone or 0, 100])
            axes.set_ylim(0, top * 1.1)
        axes.grid(axis="y", alpha=0.3)
        axes.set_title(title, fontfamily=FONT, fontsize=12, wrap=True)
        return _png(figure, title)


def bar_chart(title: str, series: Series, *, y_label: str, y_max: float = 100.0) -> bytes:
    """One bar per label (e.g. on-time completion by department, in percent)."""
    with _LOCK:
        figure = _figure(7.0, 4.0)
        axes = figure.add_subplot()
        xs = list(range(len(series.values)))
        bars = axes.bar(xs, list(series.values), color="#1f5fa8")
        axes.bar_label(bars, labels=[f"{v:g}" for v in series.values], fontfamily=FONT)
        axes.set_xticks(xs, list(series.labels), fontfamily=FONT)
        axes.set_ylim(0, y_max * 1.12)
        axes.set_ylabel(y_label, fontfamily=FONT)
        axes.grid(axis="y", alpha=0.3)
        axes.set_title(title, fontfamily=FONT, fontsize=12, wrap=True)
        return _png(figure, title)


def png_title(png: bytes) -> str | None:
    """The title written into a chart PNG."""
    from PIL import Image

    with Image.open(BytesIO(png)) as image:
        text = getattr(image, "text", {})
        return text.get("Title")
