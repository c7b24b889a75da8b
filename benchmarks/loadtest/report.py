"""Print the load test's figures from Locust's CSV files (run by run.sh)."""

import csv
import sys
from pathlib import Path


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open())) if path.exists() else []


def main(folder: Path) -> None:
    def rate(phase: str, name: str) -> float:
        stats = {r["Name"]: r for r in rows(folder / f"{phase}_stats.csv")}
        return float(stats.get(name, {}).get("Requests/s", 0) or 0)

    t = rate("trivial", "trivial (healthz)")
    signed_in = rate("signed_in", "signed in (healthz)")
    page = rate("lesson", "lesson page")
    print(
        f"trivial page {t:.0f} req/s, signed in {signed_in:.0f} req/s ({signed_in / t:.2f}), "
        f"lesson page {page:.0f} req/s, ratio {page / t:.3f}"
        if t
        else "no throughput figures"
    )
    print(
        f"{'step':<22}{'requests':>9}{'errors':>8}{'req/s':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}"
    )
    for r in rows(folder / "class_stats.csv"):
        print(
            f"{r['Name']:<22}{r['Request Count']:>9}{r['Failure Count']:>8}"
            f"{float(r['Requests/s']):>8.1f}{r['50%']:>8}{r['95%']:>8}"
            f"{float(r['Max Response Time']):>8.0f}"
        )
    moments = folder / "moments.txt"
    if moments.exists():
        for what, label in (("start", "started the quiz"), ("submit", "handed in")):
            times = [
                float(t)
                for _, w, t in map(str.split, moments.read_text().splitlines())
                if w == what
            ]
            if times:
                print(f"{len(times)} students {label} within {max(times) - min(times):.1f} s")
    failures = rows(folder / "class_failures.csv")
    for f in failures[:10]:
        print(f"  failure: {f['Name']}: {f['Error']} ×{f['Occurrences']}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
