"""The benchmark's views: machine description, targets as ratios, text and Markdown tables."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

# Step names shared with benchmarks/bench.py.
SITE = "handbook build --no-pdf"
PDF = "handbook pdf"
FLOOR = "WeasyPrint alone, one pass"
PEER = "mkdocs-to-pdf (mkdocs build)"
PREVIEW_LIMIT = 1.5  # seconds
#: Issue 19's targets: (name, our step, its floor, measure, limit); "≤ limit" passes.
TARGETS = (
    ("site / plain MkDocs", SITE, "mkdocs build (plain)", "wall", 1.3),
    ("PDF time / WeasyPrint alone, one pass", PDF, FLOOR, "wall", 1.25),
    ("PDF size / WeasyPrint alone, one pass", PDF, FLOOR, "size_mb", 1.2),
    ("PDF tree memory / WeasyPrint alone, one pass", PDF, FLOOR, "tree_mb", 1.2),
)


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
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024**2, 1),
        "kernel": platform.release(),
        "load_before": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "load_after": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def _ratio(top: float, bottom: float) -> float:
    return top / bottom if bottom else float("inf")


def targets(results: dict[str, Any]) -> list[dict[str, object]]:
    """Issue 19's targets with their measured values and verdicts, at the largest size (and
    issue 8's against mkdocs-to-pdf when it ran)."""
    found: list[dict[str, object]] = []
    sizes = results["sizes"]
    if sizes:
        size = max(sizes, key=int)
        steps = sizes[size]["steps"]
        for name, ours, floor, measure, limit in TARGETS:
            value = _ratio(steps[ours][measure], steps[floor][measure])
            found.append(_target(f"{name} ({size} clauses)", value, limit))
        if PEER in steps:
            for name, measure, limit in (("time", "wall", 0.5), ("size", "size_mb", 0.2)):
                value = _ratio(steps[PDF][measure], steps[PEER][measure])
                found.append(_target(f"PDF {name} / mkdocs-to-pdf ({size} clauses)", value, limit))
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
    for name, step in results.get("multiplied", {}).items():
        rows.append(["shipped", name, *_cells(step)])
    for size, entry in results["sizes"].items():
        for name, step in entry["steps"].items():
            rows.append([size, name, *_cells(step)])
    return rows


def _cells(step: dict[str, Any]) -> list[str]:
    rss = step.get("rss_mb")
    tree = step.get("tree_mb")
    size = step.get("size_mb")
    pages = step.get("pages")
    warm = step.get("warm")
    return [
        f"{step['wall']:.2f}" + (f" (warm {warm:.2f})" if warm is not None else ""),
        f"{step['cpu']:.2f}" if "cpu" in step else "",
        f"{rss:.0f}" if rss else "",
        f"{tree:.0f}" if tree else "",
        f"{size:.2f}" if size is not None else "",
        str(pages) if pages else "",
        str(step.get("runs", 1)),
    ]


HEADER = [
    "clauses",
    "step",
    "wall s (median)",
    "CPU s",
    "largest process MB",
    "process tree MB",
    "PDF MB",
    "pages",
    "runs",
]


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
    peer = results.get("peer")
    lines = [
        f"Command: `{results.get('command', 'python -m benchmarks.bench')}`",
        "",
        f"Machine: {info['nproc']} cores, {info['cpu']}, {info['memory_gb']} GB, Linux "
        f"{info.get('kernel', '?')}; Python {results['python']}"
        + (f"; mkdocs-to-pdf {peer['mkdocs-to-pdf']}" if peer else "")
        + f". Load average before {info.get('load_before', '?')}, after "
        f"{info.get('load_after', '?')}: the machine is shared with other agents' work, so "
        "the sides that are compared ran in turn, run after run (medians).",
        "",
        "Memory: *largest process* is the kernel's peak RSS of the largest single process; "
        "*process tree* the peak of the parent and all its layout processes together (PSS "
        "summed, sampled every 50 ms).",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(results)]
    if results.get("targets"):
        lines += ["", "| target | value | met |", "|---|---|---|"]
        for target in results["targets"]:
            verdict = "met" if target["met"] else "**not met**"
            lines.append(f"| {target['target']} | {target['value']} | {verdict} |")
    return "\n".join(lines) + "\n"
