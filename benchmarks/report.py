"""The benchmark's views: machine description, targets as ratios, text and Markdown tables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

# (name, limit): every target is a ratio measured in the same run; "≤ limit" passes.
PREVIEW_LIMIT = 1.5  # seconds


def machine() -> dict[str, object]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory_kb / 1024**2, 1)}


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else float("inf")


def targets(results: dict[str, Any]) -> list[dict[str, object]]:
    """Each target of issue 8 with its measured value and verdict, at the largest size."""
    found: list[dict[str, object]] = []
    sizes = results["sizes"]
    if sizes:
        size = max(sizes, key=int)
        steps = sizes[size]["steps"]
        ours, alone = steps["handbook pdf"], steps["WeasyPrint alone"]
        peer = steps["mkdocs-to-pdf (mkdocs build)"]
        generation = steps["generation (in-process)"]["wall"]
        rows = [
            ("generation / mkdocs build", generation, steps["mkdocs build (plain)"]["wall"], 0.10),
            ("handbook pdf / WeasyPrint alone - 1", ours["wall"], alone["wall"], 0.10),
            ("PDF time / mkdocs-to-pdf", ours["wall"], peer["wall"], 0.5),
            ("PDF peak RSS / mkdocs-to-pdf", ours["rss_mb"], peer["rss_mb"], 0.7),
            ("PDF size / mkdocs-to-pdf", ours["size_mb"], peer["size_mb"], 0.2),
        ]
        for name, top, bottom, limit in rows:
            value = _ratio(top, bottom) - (1 if " - 1" in name else 0)
            found.append(_target(f"{name} ({size} clauses)", value, limit))
    shipped = results.get("shipped")
    if shipped:
        latency = shipped["preview latency"]["wall"]
        found.append(_target("live preview latency, shipped (s)", latency, PREVIEW_LIMIT))
        cached = bool(shipped["handbook build, unchanged sources"]["pdf_not_laid_out_again"])
        found.append({"target": "unchanged sources: no new layout", "value": cached, "met": cached})
    return found


def _target(name: str, value: float, limit: float) -> dict[str, object]:
    return {"target": f"{name} ≤ {limit:g}", "value": round(value, 3), "met": value <= limit}


def _rows(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    for name, step in results.get("shipped", {}).items():
        rows.append(["shipped", name, *_cells(step)])
    for size, entry in results["sizes"].items():
        for name, step in entry["steps"].items():
            rows.append([size, name, *_cells(step)])
    return rows


def _cells(step: dict[str, Any]) -> list[str]:
    rss = step.get("rss_mb")
    size = step.get("size_mb")
    pages = step.get("pages")
    return [
        f"{step['wall']:.2f}",
        f"{step['cpu']:.2f}" if "cpu" in step else "",
        f"{rss:.0f}" if rss else "",
        f"{size:.2f}" if size is not None else "",
        str(pages) if pages else "",
        str(step.get("runs", 1)),
    ]


HEADER = ["clauses", "step", "wall s (median)", "CPU s", "peak RSS MB", "PDF MB", "pages", "runs"]


def text_table(results: dict[str, Any]) -> str:
    rows = [HEADER, *_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.append("")
    for target in results.get("targets", []):
        verdict = "met" if target["met"] else "NOT met"
        lines.append(f"{target['target']}: {target['value']}  {verdict}")
    return "\n".join(lines)


def markdown_table(results: dict[str, Any]) -> str:
    info = results["machine"]
    lines = [
        f"Machine: {info['nproc']} cores, {info['cpu']}, {info['memory_gb']} GB; "
        f"Python {results['python']}; mkdocs-to-pdf {results['peer']['mkdocs-to-pdf']} "
        f"(WeasyPrint {results['peer']['weasyprint']} in its own venv).",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(results)]
    if results.get("targets"):
        lines += ["", "| target | value | met |", "|---|---|---|"]
        for target in results["targets"]:
            lines.append(f"| {target['target']} | {target['value']} | {target['met']} |")
    return "\n".join(lines) + "\n"
