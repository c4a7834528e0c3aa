"""The History tab's data: a person's timeline, open and overdue actions, and an
objective-coverage heatmap (the 1:1 objectives against weeks) drawn as a PNG."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from coach.playbook import load_playbook
from coach.signals import lexicon
from coach.workspace import Workspace

WEEKS = 12


def timeline_rows(ws: Workspace, person: str) -> list[list[object]]:
    """Newest first: date, note id, source, first line."""
    return [[n.meeting_date.isoformat(), n.id, n.source, " ".join(n.text.split())[:140]]
            for n in reversed(ws.notes(person))]  # fmt: skip


def action_rows(ws: Workspace, person: str, today: date | None = None) -> list[list[object]]:
    """Open action items, overdue first: id, owner, task, due, state."""
    today = today or date.today()
    rows = []
    for a in ws.actions(person, open_only=True):
        state = "overdue" if a.due and a.due < today else "open"
        rows.append([a.id, a.owner, a.task, a.due.isoformat() if a.due else "", state])
    return sorted(rows, key=lambda r: (r[4] != "overdue", r[3] or "9999"))


def coverage_grid(
    ws: Workspace, person: str, today: date | None = None, weeks: int = WEEKS
) -> tuple[list[str], list[date], list[list[int]]]:
    """(objectives, week starts, counts[objective][week]) of notes touching each objective."""
    today = today or date.today()
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    week_starts = [start + timedelta(weeks=i) for i in range(weeks)]
    objectives = load_playbook().objectives
    grid = [[0] * weeks for _ in objectives]
    for note in ws.notes(person):
        w = (note.meeting_date - start).days // 7
        if 0 <= w < weeks:
            for row, obj in enumerate(objectives):
                if lexicon(tuple(obj.keywords)).search(note.text):
                    grid[row][w] += 1
    return [o.title for o in objectives], week_starts, grid


def heatmap_png(ws: Workspace, person: str, path: Path, today: date | None = None) -> Path:
    """The coverage grid as a PNG: darker cells mean more notes on that objective that week."""
    from PIL import Image, ImageDraw

    titles, weeks, grid = coverage_grid(ws, person, today)
    cell, left, top = 30, 270, 40
    img = Image.new("RGB", (left + cell * len(weeks) + 20, top + cell * len(titles) + 20), "white")
    draw = ImageDraw.Draw(img)
    draw.text(
        (10, 10),
        f"Objective coverage, last {len(weeks)} weeks (darker = discussed more)",
        fill="black",
    )
    for i, w in enumerate(weeks):
        if i % 2 == 0:
            draw.text((left + i * cell, top - 14), w.strftime("%m-%d"), fill=(60, 60, 60))
    peak = max((v for row in grid for v in row), default=0) or 1
    for r, title in enumerate(titles):
        y = top + r * cell
        draw.text((10, y + 9), title, fill="black")
        for c, value in enumerate(grid[r]):
            shade = 255 - int(200 * value / peak) if value else 246
            colour = (shade, shade, 255) if value else (246, 246, 246)
            draw.rectangle(
                [left + c * cell, y, left + (c + 1) * cell - 2, y + cell - 2],
                fill=colour,
                outline=(225, 225, 225),
            )
            if value:
                draw.text((left + c * cell + 10, y + 8), str(value), fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="PNG")
    return path
