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

from services.release import released

FONT = "DejaVu Sans"
_LOCK = threading.Lock()  # matplotlib's font cache and rcParams are process-wide


@dataclass(frozen=True)
class Series:
    labels: Sequence[str]
    values: Sequence[float]


def _figure(width: float, height: float, dpi: int = 100) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=dpi, layout="constrained")


def _png(figure: Any, title: str) -> bytes:
    buffer = BytesIO()
    figure.savefig(
        buffer, format="png", dpi=figure.dpi, metadata={"Title": title, "Software": "cchc-bot"}
    )
    return buffer.getvalue()


@released
def target_chart(
    title: str,
    series: Series,
    *,
    milestone: float | None,
    milestone_label: str,
    y_label: str,
    lower_is_better: bool = False,
    value_labels: Sequence[str] | None = None,
) -> bytes:
    """A target's figures over its periods, with the milestone as a dashed line; the points
    are labelled with `value_labels` (the reader's number format) when given."""
    with _LOCK:
        figure = _figure(7.0, 4.0)
        axes = figure.add_subplot()
        xs = list(range(len(series.values)))
        axes.plot(xs, list(series.values), marker="o", color="#1f5fa8", linewidth=2)
        labels = list(value_labels) if value_labels else [f"{y:g}" for y in series.values]
        for x, y, text in zip(xs, series.values, labels, strict=True):
            axes.annotate(
                text,
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


# Colours by status, readable by people with red-green colour blindness too (the labels say it).
STATUS_COLOURS = {
    "met": "#2e7d32",  # green: everything due done on time
    "watch": "#ef8f00",  # amber: most of it
    "behind": "#c62828",  # red: behind
    "none": "#9e9e9e",  # grey: nothing due yet
}


@dataclass(frozen=True)
class Bar:
    """One department's bar: its name, its share in percent (None: nothing fell due), the text
    written on it ('8/12 · 66,7%') and its status (a key of STATUS_COLOURS)."""

    label: str
    value: float | None
    text: str
    status: str


@released
def department_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    target: float,
    target_label: str,
    axis_label: str,
    ticks: Sequence[tuple[float, str]],
    legend: Sequence[tuple[str, str]],
) -> bytes:
    """Horizontal bars, one per department, for a phone: names in full on the left (wrapped),
    the count and share written on each bar, a 0 drawn as a visible stub, the target as a
    dashed line, colour by status. `ticks` are (value, text in the reader's number format)."""
    import textwrap

    with _LOCK:
        height = 1.9 + 0.62 * max(len(bars), 1)
        figure = _figure(6.0, height, dpi=180)  # 1080 px wide: a phone shows it full width
        axes = figure.add_subplot()
        ys = list(range(len(bars)))[::-1]  # the first department at the top
        stub = 1.2  # a 0 is still a bar you can see
        widths = [max(b.value, stub) if b.value is not None else 0 for b in bars]
        colours = [STATUS_COLOURS.get(b.status, STATUS_COLOURS["none"]) for b in bars]
        axes.barh(ys, widths, color=colours, height=0.62)
        for y, bar_, width in zip(ys, bars, widths, strict=True):
            inside = width >= 55  # the text fits inside a long bar, in white
            axes.text(
                width - 1.5 if inside else width + 1.5,
                y,
                bar_.text,
                va="center",
                ha="right" if inside else "left",
                color="white" if inside else ("#616161" if bar_.value is None else "#222222"),
                fontfamily=FONT,
                fontsize=11,
                fontweight="bold",
            )
        axes.axvline(target, color="#1f3f73", linestyle="--", linewidth=1.6)
        axes.text(
            target,
            len(bars) - 0.45,
            target_label,
            ha="right",
            va="bottom",
            color="#1f3f73",
            fontfamily=FONT,
            fontsize=10,
        )
        axes.set_yticks(
            ys, [textwrap.fill(b.label, 20) for b in bars], fontfamily=FONT, fontsize=11
        )
        axes.set_xlim(0, target * 1.28)
        axes.set_ylim(-0.6, len(bars) - 0.1)
        axes.set_xticks([v for v, _ in ticks], [text for _, text in ticks], fontfamily=FONT)
        axes.tick_params(axis="x", labelsize=10)
        axes.set_xlabel(axis_label, fontfamily=FONT, fontsize=10)
        axes.grid(axis="x", alpha=0.3)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        from matplotlib.patches import Patch

        figure.legend(
            handles=[Patch(color=STATUS_COLOURS[key], label=text) for key, text in legend],
            loc="outside lower center",
            ncol=2,
            frameon=False,
            prop={"family": FONT, "size": 10},
        )
        figure.suptitle(textwrap.fill(title, 46), fontfamily=FONT, fontsize=13, fontweight="bold")
        return _png(figure, title)


def png_title(png: bytes) -> str | None:
    """The title written into a chart PNG."""
    from PIL import Image

    with Image.open(BytesIO(png)) as image:
        text = getattr(image, "text", {})
        return text.get("Title")
