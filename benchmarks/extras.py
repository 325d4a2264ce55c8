"""The builds that multiply the work, for `make bench`: the archive of versions and the
onboarding packs (small configurations of benchmarks/bench_archive.py and
bench_onboarding.py, which have the full ones)."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks import bench_archive, bench_onboarding

ROOT = Path(__file__).resolve().parent.parent


def archive(work: Path, versions: int) -> dict[str, object]:
    """`handbook build` of the shipped handbook with ``versions`` approved versions: cold and
    warm (unchanged sources), against the same with one version."""
    one, many = work / "one", work / "many"
    shutil.copytree(ROOT / "policy_src", one)
    shutil.copytree(ROOT / "policy_src", many)
    bench_archive.one_version(one)
    bench_archive.more_versions(many, versions)
    rows: dict[str, object] = {}
    for count, source in ((1, one), (versions, many)):
        cold, warm = bench_archive.build_times(source, work, 1)
        rows[f"archive, {count} version(s): handbook build"] = {"wall": cold, "warm": warm}
    return rows


def onboarding(work: Path, people: int) -> dict[str, object]:
    """`handbook onboarding` for ``people`` people over the shipped handbook's audiences."""
    work.mkdir(parents=True, exist_ok=True)
    cold, warm, size = bench_onboarding.measure(work, people, 1)
    return {f"onboarding, {people} people": {"wall": cold, "warm": warm, "size_mb": size / 1e6}}
