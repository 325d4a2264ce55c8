"""What onboarding packs cost: `handbook onboarding` of the shipped handbook for rosters of
several sizes spread over its four audiences, cold (empty layout cache: each audience's
handbook is laid out) and warm (the audiences' handbooks come from the cache; each person's
two pages are laid out and every pack merged).

    python -m benchmarks.bench_onboarding [--sizes 4,20,60] [--repeat 2]

Every run is a fresh `handbook onboarding` process with its own cache, output folder and
register, all in a temporary folder; results go to benchmarks/results/onboarding.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HANDBOOK = str(Path(sys.executable).parent / "handbook")
EPOCH = "1767225600"
AUDIENCES = ("board", "executives", "senior-managers", "spokespeople")


def write_roster(path: Path, size: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["employee_id", "full_name", "email", "audience", "start_date", "manager"])
        for n in range(size):
            writer.writerow(
                [f"E{5000 + n}", f"Person {n} Example", f"p{n}@example.org",
                 AUDIENCES[n % len(AUDIENCES)], "2027-01-04", "Jane Smith"]
            )  # fmt: skip


def run(work: Path, roster: Path, cache: Path, name: str) -> float:
    env = {**os.environ, "HANDBOOK_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": EPOCH}
    args = [
        HANDBOOK, "onboarding", "--roster", str(roster), "--out", str(work / f"packs-{name}"),
        "--register", str(work / f"register-{name}.db"), "--source", str(ROOT / "policy_src"),
    ]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=work, env=env)
    return time.perf_counter() - start


def measure(work: Path, size: int, repeat: int) -> tuple[float, float, int]:
    """(cold, best warm) seconds and the print run's size in bytes, for ``size`` people."""
    roster = work / f"roster-{size}.csv"
    write_roster(roster, size)
    cache = work / f"cache-{size}"
    cold = run(work, roster, cache, f"{size}-cold")
    warm = min(run(work, roster, cache, f"{size}-warm-{n}") for n in range(repeat))
    print_run = (work / f"packs-{size}-cold" / "print-run.pdf").stat().st_size
    shutil.rmtree(cache)
    return cold, warm, print_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="4,20,60")
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-onboarding-") as tmp:
        rows = [(size, *measure(Path(tmp), size, options.repeat)) for size in sizes]
    lines = [
        "# handbook onboarding",
        "",
        f"Shipped handbook, rosters spread over its {len(AUDIENCES)} audiences, "
        f"{os.cpu_count()} CPUs; warm = best of {options.repeat} runs with the audiences' "
        "handbooks in the layout cache. `python -m benchmarks.bench_onboarding`.",
        "",
        "| People | Cold (s) | Warm (s) | Warm per person (s) | print-run.pdf (MB) |",
        "| ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {size} | {cold:.1f} | {warm:.1f} | {warm / size:.2f} | {bytes_ / 1e6:.1f} |"
            for size, cold, warm, bytes_ in rows
        ],
        "",
    ]
    report = "\n".join(lines)
    (ROOT / "benchmarks" / "results" / "onboarding.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
