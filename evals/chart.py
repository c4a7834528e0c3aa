"""A PNG bar chart of each suite's scores, drawn with Pillow (no plotting library needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_chart(suites: list[dict[str, Any]], path: Path) -> Path:
    """One row per suite: its metrics as bars (0 to 1), with the threshold marked."""
    from PIL import Image, ImageDraw

    rows = [(s["name"], sorted(s["scores"].items()), s["thresholds"], s["passed"]) for s in suites]
    bar_h, gap, label_w, plot_w = 14, 4, 360, 420
    height = 30 + sum(24 + len(m) * (bar_h + gap) for _n, m, _t, _p in rows)
    img = Image.new("RGB", (label_w + plot_w + 70, max(height, 60)), "white")
    draw = ImageDraw.Draw(img)
    draw.text((10, 8), "coach eval: scores per suite (bars 0-1, | = threshold)", fill="black")
    y = 30
    for name, metrics, thresholds, passed in rows:
        draw.text(
            (10, y),
            f"{name} ({'pass' if passed else 'FAIL'})",
            fill=(0, 110, 0) if passed else (190, 0, 0),
        )
        y += 20
        for metric, value in metrics:
            draw.text((24, y), metric, fill=(40, 40, 40))
            width = int(plot_w * max(0.0, min(1.0, value)))
            low = metric in thresholds and value < thresholds[metric]
            draw.rectangle(
                [label_w, y, label_w + width, y + bar_h],
                fill=(200, 60, 60) if low else (70, 130, 200),
            )
            if metric in thresholds:
                x = label_w + int(plot_w * thresholds[metric])
                draw.line([x, y - 1, x, y + bar_h + 1], fill="black", width=2)
            draw.text((label_w + plot_w + 8, y), f"{value:.2f}", fill="black")
            y += bar_h + gap
        y += 4
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="PNG")
    return path
