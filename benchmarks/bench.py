"""`make bench`: our pipeline against its peers on synthetic handbooks, side by side.

    python -m benchmarks.bench [--sizes 200 2000] [--runs 3] [--pdf-runs-large 1]

For each size: the generation step alone (load, validate, render Markdown; in-process) against
``mkdocs build`` of the exported Markdown; ``handbook build --no-pdf``; ``handbook pdf`` (parallel
parts, and the same in one process) against WeasyPrint alone laying out our final print HTML
whole and against mkdocs-to-pdf on the exported Markdown;
peak memory and PDF size for each. For the shipped handbook: the layout cache (a second
``handbook build`` with unchanged sources) and the live preview latency under ``mkdocs serve``.
Every step is a fresh process (its own interpreter start and imports) unless marked in-process.
Results: a table on stdout, and benchmarks/results/latest.json + latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmarks import peers
from benchmarks.generate import generate
from benchmarks.measure import Measure, in_process, median_of, run_once
from benchmarks.preview import preview_latency
from benchmarks.report import machine, markdown_table, targets, text_table
from build_tools.printbook.parallel import WORKERS_VARIABLE
from build_tools.printbook.pdf import HANDBOOK_OPTIONS
from build_tools.publish.pipeline import load_edition
from build_tools.publish.pipeline import print_html as handbook_print_html
from build_tools.site.sitepages import site_pages

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "benchmarks" / "results"
LARGE = 1000  # from this many clauses, PDF sides run --pdf-runs-large times (minutes each)


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def print_html(source: Path, target: Path) -> Path:
    """The exact HTML `handbook pdf` hands to WeasyPrint (same edition, cycle, no date)."""
    html = handbook_print_html(load_edition(source, "public"))
    target.write_text(html, encoding="utf-8")
    return target


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def step(measure: Measure, **extra: object) -> dict[str, object]:
    return measure.as_dict() | extra


def bench_size(clauses: int, work: Path, runs: int, pdf_runs: int) -> dict[str, object]:
    """Every side for one synthetic handbook of ``clauses`` clauses."""
    print(f"— {clauses} clauses", flush=True)
    source = generate(work / "src", clauses)
    docs = work / "markdown"
    handbook = str(BIN / "handbook")
    steps: dict[str, object] = {}

    def generation() -> None:
        site_pages(load_edition(source, "public"), pdf_path=None)

    steps["generation (in-process)"] = step(in_process(max(runs, 5), generation))
    run_once([handbook, "markdown", "--source", str(source), "--out", str(docs)], ROOT)
    plain = peers.plain_config(work, docs, work / "site-plain", pdf=False)
    steps["mkdocs build (plain)"] = step(
        median_of(runs, [str(BIN / "mkdocs"), "build", "-q", "-f", str(plain)], ROOT)
    )
    print("  generation and plain MkDocs done", flush=True)
    site = work / "site"
    build = [handbook, "build", "--no-pdf", "--source", str(source), "--out", str(site)]
    steps["handbook build --no-pdf"] = step(median_of(runs, build, ROOT))
    print("  site done", flush=True)

    pdf = work / "handbook.pdf"
    stamp = work / "cache"  # the layout cache of these runs: removed for a cold layout
    os.environ["HANDBOOK_CACHE_DIR"] = str(stamp)
    command = [handbook, "pdf", "--source", str(source), "--out", str(pdf)]
    ours = median_of(pdf_runs, command, ROOT, before=lambda: remove(pdf, stamp))
    steps["handbook pdf"] = step(ours, size_mb=pdf.stat().st_size / 1e6, pages=pdf_pages(pdf))
    print(f"  handbook pdf {ours.wall:.1f} s", flush=True)

    # The same parts pipeline in one process: what the cut alone gains, without parallelism.
    one = os.environ | {WORKERS_VARIABLE: "1"}
    single = median_of(pdf_runs, command, ROOT, before=lambda: remove(pdf, stamp), env=one)
    steps["handbook pdf, one process"] = step(single, size_mb=pdf.stat().st_size / 1e6)
    print(f"  handbook pdf, one process {single.wall:.1f} s", flush=True)

    html = print_html(source, work / "print.html")
    alone_pdf = work / "weasyprint.pdf"
    variant = str(HANDBOOK_OPTIONS["pdf_variant"])
    weasy = [str(BIN / "weasyprint"), "--pdf-variant", variant, str(html), str(alone_pdf)]
    alone = median_of(pdf_runs, weasy, ROOT, before=lambda: remove(alone_pdf))
    same = pdf.read_bytes() == alone_pdf.read_bytes()
    steps["WeasyPrint alone"] = step(
        alone, size_mb=alone_pdf.stat().st_size / 1e6, identical_to_ours=same
    )
    print(f"  WeasyPrint alone {alone.wall:.1f} s", flush=True)

    peer_site = work / "site-peer"
    peer_config = peers.plain_config(work, docs, peer_site, pdf=True)
    peer = [str(peers.peer_bin() / "mkdocs"), "build", "-q", "-f", str(peer_config)]
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    theirs = median_of(pdf_runs, peer, work, before=lambda: remove(peer_site), env=env)
    peer_pdf = peer_site / "pdf" / "document.pdf"
    steps["mkdocs-to-pdf (mkdocs build)"] = step(
        theirs, size_mb=peer_pdf.stat().st_size / 1e6, pages=pdf_pages(peer_pdf)
    )
    print(f"  mkdocs-to-pdf {theirs.wall:.1f} s", flush=True)
    return {"clauses": clauses, "steps": steps}


def edit_one_clause(source: Path) -> None:
    """Reword one sentence of chapter 5 (back and forth), as an editor would between builds."""
    chapter = source / "chapters" / "05-market-disclosure.yml"
    text = chapter.read_text(encoding="utf-8")
    old, new = "It must also be live", "It must also be shown"
    chapter.write_text(
        text.replace(old, new) if old in text else text.replace(new, old), encoding="utf-8"
    )


def bench_shipped(work: Path, runs: int) -> dict[str, object]:
    """The layout caches and live preview on a copy of the shipped handbook: a build with
    unchanged sources (no layout at all), one after an edit to one clause (only the parts
    that changed are laid out again)."""
    print("— shipped handbook", flush=True)
    source = work / "policy_src"
    shutil.copytree(ROOT / "policy_src", source)
    site = work / "site"
    os.environ["HANDBOOK_CACHE_DIR"] = str(work / "cache")
    build = [str(BIN / "handbook"), "build", "--source", str(source), "--out", str(site)]
    first = run_once(build, ROOT)  # a new cache folder: a cold layout cache
    cache = sorted((work / "cache" / "books").rglob("*.entry"), key=lambda p: p.stat().st_mtime)
    laid_out_at = cache[-1].stat().st_mtime_ns
    again = median_of(runs, build, ROOT)
    cached = cache[-1].stat().st_mtime_ns == laid_out_at
    edited = median_of(runs, build, ROOT, before=lambda: edit_one_clause(source))
    no_pdf = median_of(runs, [*build, "--no-pdf"], ROOT)
    latencies = preview_latency(ROOT, BIN, work / "serve", rounds=max(runs, 3))
    print(f"  preview latencies {', '.join(f'{t:.2f}' for t in latencies)} s", flush=True)
    return {
        "handbook build, cold cache": {
            "wall": first.wall,
            "cpu": first.cpu,
            "rss_mb": first.rss_mb,
        },
        "handbook build, unchanged sources": step(again, pdf_not_laid_out_again=cached),
        "handbook build, one clause edited": step(edited),
        "handbook build --no-pdf": step(no_pdf),
        "preview latency": {
            "wall": statistics.median(latencies),
            "walls": [round(t, 3) for t in latencies],
            "runs": len(latencies),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--runs", type=int, default=3, help="runs per step (median)")
    parser.add_argument(
        "--pdf-runs-large", type=int, default=1, help=f"PDF runs from {LARGE} clauses on"
    )
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    peers.peer_bin()
    results: dict[str, object] = {
        "machine": machine(),
        "python": platform.python_version(),
        "peer": {p: peers.peer_version(p) for p in ("mkdocs-to-pdf", "weasyprint")},
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        results["shipped"] = bench_shipped(work / "shipped", args.runs)
        sizes: dict[str, object] = {}
        for clauses in args.sizes:
            pdf_runs = args.pdf_runs_large if clauses >= LARGE else args.runs
            sizes[str(clauses)] = bench_size(clauses, work / str(clauses), args.runs, pdf_runs)
            results["sizes"] = sizes
            write(results)
    results["targets"] = targets(results)
    write(results)
    print(text_table(results))


def write(results: dict[str, object]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(markdown_table(results), encoding="utf-8")


if __name__ == "__main__":
    main()
