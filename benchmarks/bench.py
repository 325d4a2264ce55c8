"""`make bench`: issue 19's figures in one run, our pipeline against its floors, side by side.

    python -m benchmarks.bench [--sizes 200 2000] [--runs 3] [--pdf-runs-large 3] [--quick]
                               [--peer]

For each size of synthetic handbook: the generation step alone (in-process); the site
(``handbook build --no-pdf``) against plain ``mkdocs build`` of the exported Markdown, in turn;
``handbook pdf`` against WeasyPrint alone laying out the same book in one pass with its page
numbers written in (the single-process floor, :mod:`benchmarks.floor`), in turn; the parts
pipeline in one process; WeasyPrint alone on the print HTML as `handbook pdf` gets it (three
passes); with ``--peer`` mkdocs-to-pdf (issue 8). Time, CPU, peak memory of the largest process
and of the whole process tree, PDF size. On a copy of the shipped handbook: the layout cache
(unchanged sources, one clause edited) and the live preview latency; the archive of versions
and onboarding packs (benchmarks/extras.py). Every step is a fresh process unless marked
in-process. Results: a table on stdout, and benchmarks/results/latest.json + latest.md, with
issue 19's targets met or not (benchmarks/report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks import extras, peers
from benchmarks.floor import one_pass_html
from benchmarks.generate import generate
from benchmarks.measure import Measure, Sample, in_process, median_of, run_once, summarise
from benchmarks.preview import preview_latency
from benchmarks.report import FLOOR, PDF, PEER, SITE, machine, markdown_table, targets, text_table
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


def bench_size(
    clauses: int, work: Path, runs: int, pdf_runs: int, peer: bool, lean: bool = False
) -> dict[str, object]:
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
    site = work / "site"
    build = [handbook, "build", "--no-pdf", "--source", str(source), "--out", str(site)]
    mkdocs = [str(BIN / "mkdocs"), "build", "-q", "-f", str(plain)]
    sides = alternate(runs, {"mkdocs build (plain)": (mkdocs, None), SITE: (build, None)})
    steps |= {name: step(measure) for name, measure in sides.items()}
    print(
        f"  site {sides[SITE].wall:.2f} s, plain MkDocs {sides['mkdocs build (plain)'].wall:.2f} s"
    )

    pdf = work / "handbook.pdf"
    stamp = work / "cache"  # the layout cache of these runs: removed for a cold layout
    os.environ["HANDBOOK_CACHE_DIR"] = str(stamp)
    command = [handbook, "pdf", "--source", str(source), "--out", str(pdf)]
    first = run_once(command, ROOT)  # its page numbers make the one-pass HTML
    html = print_html(source, work / "print.html")
    floor_html = work / "one-pass.html"
    floor_html.write_text(one_pass_html(html.read_text(encoding="utf-8"), pdf), "utf-8")
    floor_pdf = work / "one-pass.pdf"
    variant = str(HANDBOOK_OPTIONS["pdf_variant"])
    floor = [str(BIN / "weasyprint"), "--pdf-variant", variant, str(floor_html), str(floor_pdf)]
    # Ours and the floor in turn, run after run: the machine may be shared.
    sides = alternate(
        pdf_runs,
        {PDF: (command, lambda: remove(pdf, stamp)), FLOOR: (floor, lambda: remove(floor_pdf))},
        done={PDF: [first]},
    )
    steps[PDF] = step(sides[PDF], size_mb=mb(pdf), pages=pdf_pages(pdf))
    steps[FLOOR] = step(sides[FLOOR], size_mb=mb(floor_pdf), pages=pdf_pages(floor_pdf))
    print(f"  handbook pdf {sides[PDF].wall:.1f} s, one pass {sides[FLOOR].wall:.1f} s", flush=True)

    if lean:
        return {"clauses": clauses, "steps": steps}
    # The same parts pipeline in one process: what the cut alone gains, without parallelism.
    one = os.environ | {WORKERS_VARIABLE: "1"}
    single = median_of(1, command, ROOT, before=lambda: remove(pdf, stamp), env=one)
    steps["handbook pdf, one process"] = step(single, size_mb=mb(pdf))
    print(f"  handbook pdf, one process {single.wall:.1f} s", flush=True)

    alone_pdf = work / "weasyprint.pdf"
    weasy = [str(BIN / "weasyprint"), "--pdf-variant", variant, str(html), str(alone_pdf)]
    alone = median_of(1, weasy, ROOT, before=lambda: remove(alone_pdf))
    steps["WeasyPrint alone (print HTML)"] = step(alone, size_mb=mb(alone_pdf))
    print(f"  WeasyPrint alone {alone.wall:.1f} s", flush=True)
    if peer:
        steps |= bench_peer(work, docs, pdf_runs)
    return {"clauses": clauses, "steps": steps}


def mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def alternate(
    runs: int,
    sides: dict[str, tuple[list[str], Callable[[], None] | None]],
    done: dict[str, list[Sample]] | None = None,
) -> dict[str, Measure]:
    """``runs`` runs of each side, the sides in turn (a load that comes and goes on a shared
    machine falls on all of them); ``done`` holds runs already made."""
    samples = {name: list((done or {}).get(name, [])) for name in sides}
    for _ in range(runs):
        for name, (command, before) in sides.items():
            if len(samples[name]) < runs:
                if before is not None:
                    before()
                samples[name].append(run_once(command, ROOT))
    return {name: summarise(taken) for name, taken in samples.items()}


def bench_peer(work: Path, docs: Path, runs: int) -> dict[str, object]:
    """mkdocs-to-pdf over the exported Markdown (issue 8's peer; installed on first use)."""
    peer_site = work / "site-peer"
    peer_config = peers.plain_config(work, docs, peer_site, pdf=True)
    peer = [str(peers.peer_bin() / "mkdocs"), "build", "-q", "-f", str(peer_config)]
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    theirs = median_of(runs, peer, work, before=lambda: remove(peer_site), env=env)
    peer_pdf = peer_site / "pdf" / "document.pdf"
    print(f"  mkdocs-to-pdf {theirs.wall:.1f} s", flush=True)
    return {PEER: step(theirs, size_mb=mb(peer_pdf), pages=pdf_pages(peer_pdf))}


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
            "tree_mb": first.tree_mb,
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
        "--pdf-runs-large", type=int, default=3, help=f"PDF runs from {LARGE} clauses on"
    )
    parser.add_argument("--quick", action="store_true", help="200 clauses, one run of each")
    parser.add_argument("--peer", action="store_true", help="mkdocs-to-pdf too (issue 8)")
    parser.add_argument(
        "--lean",
        action="store_true",
        help="only the targets' sides: no one-process and no three-pass PDF",
    )
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.runs, args.pdf_runs_large = [200], 1, 1
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    results: dict[str, object] = {
        "machine": machine(),
        "python": platform.python_version(),
        "command": "python -m benchmarks.bench " + " ".join(sys.argv[1:]),
        "sizes": {},
    }
    if args.peer:
        peers.peer_bin()
        results["peer"] = {p: peers.peer_version(p) for p in ("mkdocs-to-pdf", "weasyprint")}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        sizes: dict[str, object] = {}
        for clauses in args.sizes:  # first: the PDF figures are the longest to get
            pdf_runs = args.pdf_runs_large if clauses >= LARGE else args.runs
            folder = work / str(clauses)
            sizes[str(clauses)] = bench_size(
                clauses, folder, args.runs, pdf_runs, args.peer, args.lean
            )
            results["sizes"] = sizes
            write(results)
        results["shipped"] = bench_shipped(work / "shipped", args.runs)
        write(results)
        print("— archive and onboarding", flush=True)
        results["multiplied"] = extras.archive(work / "archive", 2 if args.quick else 4) | (
            extras.onboarding(work / "onboarding", 4)
        )
    write(results)
    print(text_table(results))


def write(results: dict[str, object]) -> None:
    """The results so far, with the targets they show and the load average now."""
    before = results["machine"]["load_before"]  # type: ignore[index]
    results["machine"] = machine() | {"load_before": before}
    results["targets"] = targets(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(markdown_table(results), encoding="utf-8")


if __name__ == "__main__":
    main()
