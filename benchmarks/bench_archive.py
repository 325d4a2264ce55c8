"""What the archive of versions costs: `handbook build` of the shipped handbook with ten
approved versions against the same with one, cold (empty cache) and warm (unchanged sources).

    python -m benchmarks.bench_archive [--versions 10] [--repeat 3]

Both source sets are made from policy_src/: the one-version set keeps only the latest cycle;
the ten-version set closes further cycles, each after rewording one clause. Every run is a
fresh `handbook build` process with its own cache folder; results go to
benchmarks/results/archive.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HANDBOOK = str(Path(sys.executable).parent / "handbook")
EPOCH = "1767225600"


def one_version(src: Path) -> None:
    """Keep only the latest closed cycle (and its snapshot)."""
    register = src / "cycles.yml"
    cycles = yaml.safe_load(register.read_text(encoding="utf-8"))
    for cycle in cycles[:-1]:
        (src / "snapshots" / f"{cycle['id']}.yml").unlink()
    register.write_text(yaml.safe_dump(cycles[-1:], sort_keys=False), encoding="utf-8")


def more_versions(src: Path, total: int) -> None:
    """Close cycles until ``total`` are closed, rewording one clause before each."""
    cycles = yaml.safe_load((src / "cycles.yml").read_text(encoding="utf-8"))
    chapter = src / "chapters" / "02-accounts.yml"
    for n in range(total - len(cycles)):
        year, half = 2027 + n // 2, "H1" if n % 2 == 0 else "H2"
        chapter.write_text(revised(chapter.read_text(encoding="utf-8"), n + 1), encoding="utf-8")
        month = "01" if half == "H1" else "07"
        run(
            "cycle", "close", f"{year}-{half}", "--date", f"{year}-{month}-10",
            "--approved-by", "Executive Committee", "--source", str(src),
        )  # fmt: skip


def revised(text: str, revision: int) -> str:
    """``text`` (a chapter file) with its first clause's text opening with "(Revision N)",
    whether the text is written on its line or as a block below it (``text: |``)."""
    mark = f"(Revision {revision}) "
    block = re.search(r"^    text: [|>][+-]?\n( +)", text, re.MULTILINE)
    if block is not None:
        return text[: block.end()] + mark + text[block.end() :]
    return text.replace("    text: ", "    text: " + mark, 1)


def run(*args: str, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run([HANDBOOK, *args], check=True, capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def build_times(src: Path, work: Path, repeat: int) -> tuple[float, float]:
    """(cold, best warm) seconds of `handbook build` of ``src``."""
    cache = work / f"cache-{src.name}"
    env = {**os.environ, "HANDBOOK_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": EPOCH}
    out = work / f"site-{src.name}"
    cold = run("build", "--source", str(src), "--out", str(out), env=env)
    warm = min(
        run("build", "--source", str(src), "--out", str(out), env=env) for _ in range(repeat)
    )
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-archive-") as tmp:
        work = Path(tmp)
        one, many = work / "one", work / "many"
        shutil.copytree(ROOT / "policy_src", one)
        shutil.copytree(ROOT / "policy_src", many)
        one_version(one)
        more_versions(many, options.versions)
        rows = [
            (f"{n} version(s)", *build_times(src, work, options.repeat))
            for n, src in ((1, one), (options.versions, many))
        ]
    lines = [
        "# handbook build with the archive of versions",
        "",
        f"Shipped handbook, {os.cpu_count()} CPUs; warm = best of {options.repeat} "
        "rebuilds of unchanged sources. `python -m benchmarks.bench_archive`.",
        "",
        "| Source set | Cold build (s) | Warm build (s) |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {cold:.2f} | {warm:.2f} |" for name, cold, warm in rows],
        "",
    ]
    report = "\n".join(lines)
    (ROOT / "benchmarks" / "results" / "archive.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
