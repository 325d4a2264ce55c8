"""How long `handbook pdf` takes, next to WeasyPrint alone laying out the same final HTML.

    python -m benchmarks.bench_pdf [--clauses 2000] [--repeat 3]

Both sides run as fresh processes (interpreter start and imports included on both): the
pipeline is ``handbook pdf`` with a cold cache; WeasyPrint alone is the ``weasyprint``
command on the very HTML the pipeline hands to it, with the same PDF/UA-1 option. The
overhead is everything else `handbook pdf` does (loading, validating, rendering the HTML,
checking the PDF); the in-process time of the first three is printed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate
from build_tools.printbook.html import date_from_epoch, render_print_html
from build_tools.printbook.pdf import HANDBOOK_OPTIONS
from build_tools.publish.pipeline import load_edition
from build_tools.review.diff import current_cycle_changes

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIMIT = 0.10  # the pipeline's overhead may be at most 10% of WeasyPrint's own time


def best_of(repeat: int, command: list[str], cleanup: list[Path]) -> float:
    times = []
    for _ in range(repeat):
        for path in cleanup:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def measure(name: str, source: Path, work: Path, repeat: int) -> tuple[float, float]:
    out = work / f"{name}.pdf"
    os.environ["HANDBOOK_CACHE_DIR"] = str(work / "cache")  # removed before each run: cold
    pipeline = best_of(
        repeat,
        [str(BIN / "handbook"), "pdf", "--source", str(source), "--out", str(out)],
        [out, work / "cache"],
    )
    start = time.perf_counter()
    loaded = load_edition(source, "public")  # exactly what `handbook pdf` does
    hb = loaded.handbook
    date = date_from_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    changes = current_cycle_changes(loaded.changelog)
    html = work / f"{name}.html"
    html.write_text(render_print_html(hb, document_date=date, changes=changes), encoding="utf-8")
    stages = time.perf_counter() - start
    alone_pdf = work / f"{name}-weasyprint.pdf"
    variant = str(HANDBOOK_OPTIONS["pdf_variant"])
    alone = best_of(
        repeat,
        [str(BIN / "weasyprint"), "--pdf-variant", variant, str(html), str(alone_pdf)],
        [alone_pdf],
    )
    same = "identical" if out.read_bytes() == alone_pdf.read_bytes() else "DIFFERENT"
    clauses = len(hb.clauses())
    overhead = (pipeline - alone) / alone
    print(
        f"{name:<10} {clauses:>5} clauses  handbook pdf {pipeline:7.2f} s   "
        f"WeasyPrint alone {alone:7.2f} s   overhead {overhead:+6.1%}   PDFs {same}\n"
        f"{'':<10} of which load + validate + print HTML {stages:5.2f} s ({stages / alone:.1%});"
        " the rest is the checks `handbook pdf` runs on the PDF (leak check) and noise"
    )
    return pipeline, alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clauses", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        synthetic = generate(work / "synthetic-src", args.clauses)
        results = [
            measure("shipped", ROOT / "policy_src", work, args.repeat),
            measure("synthetic", synthetic, work, 1),  # minutes per layout: one run
        ]
    worst = max((p - a) / a for p, a in results)
    verdict = "OK" if worst <= LIMIT else "OVER BUDGET"
    print(f"worst overhead {worst:+.1%} (budget {LIMIT:.0%}): {verdict}")
    if worst > LIMIT:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
