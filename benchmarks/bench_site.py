"""The site against plain MkDocs on the synthetic handbook (issue 19's first target).

    python -m benchmarks.bench_site [--clauses 2000] [--runs 3] [--base DIR]

Generates the handbook (benchmarks/generate.py), exports its Markdown for plain ``mkdocs build``
(Material, search, no handbook plugin; benchmarks/peers.py), and times, each a fresh process,
run after run in turn so that a busy machine weighs on every side alike: plain ``mkdocs build``,
``handbook build --no-pdf`` of this checkout, and with ``--base`` the same command of another
checkout (run from its folder with this environment's interpreter: the code before a change).
Median of ``--runs``; the ratio is each build's median over plain MkDocs', of wall time and
of CPU time (user + system: what a build costs, and steadier than wall time on a busy machine,
as every side here is one process). Results:
benchmarks/results/site.md with machine details, and a table on stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from benchmarks import peers
from benchmarks.generate import generate
from benchmarks.measure import Sample, run_once
from benchmarks.report import machine

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "benchmarks" / "results"
HANDBOOK = "from build_tools.cli.main import main; main()"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", type=Path, help="another checkout to time the same way")
    parser.add_argument("--out", type=Path, default=RESULTS / "site.md")
    args = parser.parse_args()
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        work = Path(folder)
        source = generate(work / "src", args.clauses)
        docs = work / "markdown"
        run_once([str(BIN / "handbook"), "markdown", "--source", str(source), "--out", str(docs)],
                 ROOT)  # fmt: skip
        plain = peers.plain_config(work, docs, work / "site-plain", pdf=False)
        build = ["build", "--no-pdf", "--source", str(source)]
        sides: dict[str, tuple[list[str], Path]] = {
            "mkdocs build (plain)": ([str(BIN / "mkdocs"), "build", "-q", "-f", str(plain)], ROOT),
            "handbook build --no-pdf": (
                [sys.executable, "-c", HANDBOOK, *build, "--out", str(work / "site")], ROOT),
        }  # fmt: skip
        if args.base is not None:
            command = [sys.executable, "-c", HANDBOOK, *build, "--out", str(work / "site-base")]
            sides["handbook build --no-pdf (base)"] = (command, args.base.resolve())
        samples: dict[str, list[Sample]] = {name: [] for name in sides}
        for _ in range(args.runs):
            for name, (command, cwd) in sides.items():
                samples[name].append(run_once(command, cwd, env))
    plain_wall = statistics.median(s.wall for s in samples["mkdocs build (plain)"])
    plain_cpu = statistics.median(s.cpu for s in samples["mkdocs build (plain)"])
    rows = []
    for name, taken in samples.items():
        wall = statistics.median(s.wall for s in taken)
        cpu = statistics.median(s.cpu for s in taken)
        walls = ", ".join(f"{s.wall:.2f}" for s in taken)
        rss = max(s.rss_mb for s in taken)
        rows.append(
            f"| {name} | {wall:.2f} | {walls} | {wall / plain_wall:.2f} | {cpu:.2f} "
            f"| {cpu / plain_cpu:.2f} | {rss:.0f} |"
        )
    table = "\n".join(
        [
            "| step | wall s (median) | runs | ratio to plain MkDocs | CPU s (median) "
            "| CPU ratio | peak RSS MB |",
            "|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(table)
    found = machine()
    details = (
        f"{found['nproc']} cores ({found['cpu']}), {found['memory_gb']} GB; "
        f"Python {platform.python_version()}; MkDocs {version('mkdocs')}, "
        f"Material {version('mkdocs-material')}, Markdown {version('markdown')}; "
        f"load average before the runs {load} (the machine is shared)"
    )
    invocation = "python -m benchmarks.bench_site " + " ".join(sys.argv[1:])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        f"# Site against plain MkDocs, {args.clauses} clauses\n\n"
        f"Command: `{invocation.strip()}` (from the repository, with `.venv` active).\n\n"
        f"Machine: {details}\n\n{table}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
