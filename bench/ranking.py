"""Benchmark of the jury ranking: 1,000 entries in 6 categories × 20 jurors × 5 criteria, target < 1 s."""
import random
import statistics
import time
import tracemalloc

from fairapp.contest.services.scoring import Criterion, Sheet, rank

CRITERIA = [
    Criterion("innovation", 3, tiebreak=True),
    Criterion("craftsmanship", 2, tiebreak=True),
    Criterion("commercial_value", 2),
    Criterion("environment", 1),
    Criterion("aesthetics", 2),
]
ENTRIES = 1_000
CATEGORIES = 6
JURORS = 20
REPETITIONS = 5
TARGET_SECONDS = 1.0


def make_pool(seed: int, jurors_per_entry: int) -> dict[int, list[Sheet]]:
    """Sheets by category; every juror has a bias of up to ±2 points, every score some noise."""
    rng = random.Random(seed)
    bias = {juror: rng.uniform(-2, 2) for juror in range(1, JURORS + 1)}
    pools = {category: [] for category in range(CATEGORIES)}
    for entry_id in range(1, ENTRIES + 1):
        quality = rng.uniform(3, 8)
        for juror in sorted(rng.sample(range(1, JURORS + 1), jurors_per_entry)):
            scores = {c.key: min(10.0, max(0.0, round(quality + bias[juror] + rng.gauss(0, 1), 1)))
                      for c in CRITERIA}
            pools[entry_id % CATEGORIES].append(Sheet(entry_id, juror, scores))
    return pools


def measure(pools: dict[int, list[Sheet]]) -> dict:
    whole = [sheet for sheets in pools.values() for sheet in sheets]
    per_category, per_pool = [], []
    for _ in range(REPETITIONS):
        for sheets in pools.values():
            started = time.perf_counter()
            rank(CRITERIA, sheets)
            per_category.append(time.perf_counter() - started)
        started = time.perf_counter()
        result = rank(CRITERIA, whole)
        per_pool.append(time.perf_counter() - started)
    # Measured apart: tracemalloc slows every allocation down, so it must not touch the timings.
    tracemalloc.start()
    rank(CRITERIA, whole)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "sheets": len(whole), "scores": len(whole) * len(CRITERIA), "method": result.method,
        "ranked": len(result.rows), "category_p50_s": statistics.median(per_category),
        "category_max_s": max(per_category), "pool_p50_s": statistics.median(per_pool),
        "pool_max_s": max(per_pool), "pool_peak_mib": peak / 2**20,
    }


def main() -> dict:
    figures = {
        f"{ENTRIES:,} entries × all {JURORS} jurors": measure(make_pool(2026, JURORS)),
        f"{ENTRIES:,} entries × 5 of {JURORS} jurors": measure(make_pool(2026, 5)),
    }
    print(f"jury ranking, {CATEGORIES} categories, {len(CRITERIA)} criteria, {REPETITIONS} repetitions"
          f" (target: whole pool < {TARGET_SECONDS:.0f} s)")
    for name, f in figures.items():
        print(f"  {name}: {f['sheets']:,} sheets, {f['scores']:,} scores, method {f['method']}")
        print(f"    one category  p50 {f['category_p50_s'] * 1000:7.1f} ms"
              f"   max {f['category_max_s'] * 1000:7.1f} ms")
        print(f"    whole pool    p50 {f['pool_p50_s'] * 1000:7.1f} ms   max {f['pool_max_s'] * 1000:7.1f} ms"
              f"   peak {f['pool_peak_mib']:.1f} MiB")
    return figures


if __name__ == "__main__":
    main()
