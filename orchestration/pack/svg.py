"""Charts as inline SVG strings, drawn in Python so the report needs no script or network.

Each function takes plain labels and numbers (already translated) and returns one <svg>
element; text inherits the page's font stack, so Chinese labels use the CJK font.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

GREEN, AMBER, RED, GREY = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e"
INK, MUTED, GRID, ACCENT, ACCENT_2 = "#263238", "#607d8b", "#e0e6ea", "#1565c0", "#ef6c00"
MISSING = "\u2013"
STATUS_COLOURS = {"green": GREEN, "amber": AMBER, "red": RED, "none": GREY}

Formatter = Callable[[float | None], str]


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, size: int = 11, anchor: str = "start", **attrs) -> str:
    attrs.setdefault("fill", INK)
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def _nice_range(low: float, high: float) -> tuple[float, float]:
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.12
    return low - pad, high + pad


def line_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    fmt: Formatter,
    target: float | None = None,
    width: int = 290,
    height: int = 150,
) -> str:
    """A small trend line with its points, the last value labelled and the target dashed."""
    left, right, top, bottom = 8, 8, 24, 22
    known = [v for v in values if v is not None]
    body = [_text(left, 14, title, 12, font_weight="600")]
    if not known:
        body.append(_text(width / 2, height / 2, MISSING, 14, "middle"))
        return _svg(width, height, body, title)
    low, high = _nice_range(
        min(known + ([target] if target is not None else [])),
        max(known + ([target] if target is not None else [])),
    )
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(values) - 1, 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        return left + index * step, top + plot_h * (1 - (value - low) / (high - low))

    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{GRID}"/>'
    )
    if target is not None:
        _, y = xy(0, target)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{MUTED}" stroke-dasharray="4 3"/>'
        )
    segments: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(xy(index, value))
    for segment in segments:
        if len(segment) > 1:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            body.append(
                f'<polyline points="{points}" fill="none" stroke="{ACCENT}" stroke-width="2"/>'
            )
        for x, y in segment:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{ACCENT}"/>')
    last = max(i for i, v in enumerate(values) if v is not None)
    x, y = xy(last, values[last])  # type: ignore[arg-type]
    body.append(
        _text(
            min(x, width - right),
            max(y - 6, top),
            fmt(values[last]),
            11,
            "end",
            font_weight="600",
            stroke="#fafbfc",
            stroke_width="3",
            paint_order="stroke",
        )
    )
    body.append(_text(left, height - 6, labels[0], 10, "start"))
    body.append(_text(width - right, height - 6, labels[-1], 10, "end"))
    return _svg(width, height, body, title)


def bar_chart(
    title: str,
    items: Sequence[tuple[str, float | None, str]],
    fmt: Formatter,
    width: int = 620,
    bar_height: int = 22,
    label_width: int = 190,
) -> str:
    """Horizontal bars: (label, value, colour) per row, values printed at the bar ends."""
    top = 26
    height = top + len(items) * (bar_height + 6) + 8
    body = [_text(0, 14, title, 12, font_weight="600")]
    high = max([v for _, v, _ in items if v is not None] + [0]) or 1.0
    plot_w = width - label_width - 70
    for row, (name, value, colour) in enumerate(items):
        y = top + row * (bar_height + 6)
        body.append(_text(label_width - 8, y + bar_height * 0.7, name, 11, "end"))
        length = 0 if value is None else plot_w * max(value, 0) / high
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{colour}" rx="2"/>'
        )
        body.append(_text(label_width + length + 6, y + bar_height * 0.7, fmt(value), 11))
    return _svg(width, height, body, title)


def funnel_chart(
    title: str, stages: Sequence[tuple[str, int]], share_fmt: Formatter, width: int = 620
) -> str:
    """A centred funnel: one bar per stage, width proportional to the first stage."""
    top, bar_h, gap = 26, 30, 6
    height = top + len(stages) * (bar_h + gap) + 6
    body = [_text(0, 14, title, 12, font_weight="600")]
    first = stages[0][1] if stages and stages[0][1] else 0
    centre, full = width * 0.5, width * 0.55
    for row, (name, count) in enumerate(stages):
        y = top + row * (bar_h + gap)
        share = (count / first) if first else None
        bar_w = max(full * (share or 0), 2)
        shade = 0.35 + 0.65 * (1 - row / max(len(stages) - 1, 1))
        body.append(
            f'<rect x="{centre - bar_w / 2:.1f}" y="{y}" width="{bar_w:.1f}" height="{bar_h}" '
            f'fill="{ACCENT}" fill-opacity="{shade:.2f}" rx="3"/>'
        )
        body.append(_text(centre - full / 2 - 8, y + bar_h * 0.65, name, 11, "end"))
        body.append(
            _text(centre + bar_w / 2 + 8, y + bar_h * 0.65, f"{count:,} ({share_fmt(share)})", 11)
        )
    return _svg(width, height, body, title)


def heatmap(
    title: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Sequence[Sequence[int]],
    width: int = 620,
) -> str:
    """A matrix of counts shaded by the share of the row, with count and share printed."""
    left, top, cell_h = 110, 44, 40
    cell_w = (width - left) / max(len(column_labels), 1)
    height = top + len(row_labels) * cell_h + 4
    body = [_text(0, 14, title, 12, font_weight="600")]
    for col, name in enumerate(column_labels):
        body.append(_text(left + col * cell_w + cell_w / 2, top - 8, name, 11, "middle"))
    for row, name in enumerate(row_labels):
        y = top + row * cell_h
        body.append(_text(left - 8, y + cell_h * 0.6, name, 11, "end"))
        total = sum(cells[row]) or 0
        for col, count in enumerate(cells[row]):
            share = count / total if total else 0.0
            x = left + col * cell_w
            body.append(
                f'<rect x="{x + 1:.1f}" y="{y + 1}" width="{cell_w - 2:.1f}" '
                f'height="{cell_h - 2}" fill="{ACCENT}" fill-opacity="{0.06 + 0.8 * share:.2f}"/>'
            )
            body.append(
                _text(x + cell_w / 2, y + cell_h * 0.6, f"{count:,} ({share:.0%})", 11, "middle")
            )
    return _svg(width, height, body, title)


def quadrant_chart(
    title: str,
    points: Sequence[tuple[str, float, float, str]],
    x_median: float | None,
    y_median: float | None,
    x_title: str,
    y_title: str,
    quadrant_names: dict[str, str],
    width: int = 620,
    height: int = 380,
) -> str:
    """Scatter of (label, performance x, importance y, colour) with median cross-hairs and the
    four quadrant names in their corners."""
    left, right, top, bottom = 56, 20, 28, 40
    body = [_text(0, 14, title, 12, font_weight="600")]
    if not points:
        body.append(_text(width / 2, height / 2, MISSING, 14, "middle"))
        return _svg(width, height, body, title)
    xs = [p[1] for p in points] + ([x_median] if x_median is not None else [])
    ys = [p[2] for p in points] + ([y_median] if y_median is not None else [])
    x_low, x_high = _nice_range(min(xs), max(xs))
    y_low, y_high = _nice_range(min(ys), max(ys))
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return left + plot_w * (x - x_low) / (x_high - x_low)

    def py(y: float) -> float:
        return top + plot_h * (1 - (y - y_low) / (y_high - y_low))

    body.append(
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        f'stroke="{GRID}"/>'
    )
    if x_median is not None:
        body.append(
            f'<line x1="{px(x_median):.1f}" y1="{top}" x2="{px(x_median):.1f}" '
            f'y2="{top + plot_h}" stroke="{MUTED}" stroke-dasharray="4 3"/>'
        )
    if y_median is not None:
        body.append(
            f'<line x1="{left}" y1="{py(y_median):.1f}" x2="{left + plot_w}" '
            f'y2="{py(y_median):.1f}" stroke="{MUTED}" stroke-dasharray="4 3"/>'
        )
    corners = (
        ("concentrate here", left + 6, top + 14, "start"),
        ("keep up the good work", left + plot_w - 6, top + 14, "end"),
        ("low priority", left + 6, top + plot_h - 6, "start"),
        ("possible overkill", left + plot_w - 6, top + plot_h - 6, "end"),
    )
    for key, x, y, anchor in corners:
        body.append(_text(x, y, quadrant_names.get(key, key), 10, anchor, fill_opacity="0.7"))
    for name, x, y, colour in points:
        body.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="6" fill="{colour}"/>')
        body.append(_text(px(x) + 9, py(y) + 4, name, 11))
    body.append(_text(left + plot_w / 2, height - 8, x_title, 11, "middle"))
    body.append(
        f'<text x="14" y="{top + plot_h / 2:.1f}" font-size="11" text-anchor="middle" '
        f'fill="{INK}" transform="rotate(-90 14 {top + plot_h / 2:.1f})">{escape(y_title)}</text>'
    )
    body.append(_text(left, top + plot_h + 14, f"{x_low:.2f}", 10))
    body.append(_text(left + plot_w, top + plot_h + 14, f"{x_high:.2f}", 10, "end"))
    return _svg(width, height, body, title)


def diverging_bars(
    title: str,
    items: Sequence[tuple[str, float | None, bool]],
    width: int = 800,
    bar_height: int = 16,
    label_width: int = 420,
) -> str:
    """Correlations from -1 to 1 around a centre line; (label, r, is_low_n) per row, low-n
    bars drawn faint."""
    top = 26
    height = top + len(items) * (bar_height + 5) + 20
    body = [_text(0, 14, title, 12, font_weight="600")]
    plot_w = width - label_width - 50
    centre = label_width + plot_w / 2
    body.append(
        f'<line x1="{centre:.1f}" y1="{top - 4}" x2="{centre:.1f}" '
        f'y2="{height - 18}" stroke="{MUTED}"/>'
    )
    for row, (name, r, low_n) in enumerate(items):
        y = top + row * (bar_height + 5)
        body.append(_text(label_width - 8, y + bar_height * 0.8, name, 10, "end"))
        if r is None:
            continue
        length = plot_w / 2 * max(min(r, 1.0), -1.0)
        x = centre if length >= 0 else centre + length
        colour = ACCENT if r >= 0 else ACCENT_2
        body.append(
            f'<rect x="{x:.1f}" y="{y}" width="{abs(length):.1f}" height="{bar_height}" '
            f'fill="{colour}" fill-opacity="{0.35 if low_n else 0.9}"/>'
        )
        end = centre + length + (4 if length >= 0 else -4)
        body.append(_text(end, y + bar_height * 0.8, f"{r:.2f}", 10, "start" if r >= 0 else "end"))
    body.append(_text(label_width, height - 4, "-1", 10))
    body.append(_text(centre, height - 4, "0", 10, "middle"))
    body.append(_text(label_width + plot_w, height - 4, "1", 10, "end"))
    return _svg(width, height, body, title)
