"""`make bench`: every benchmark in turn, each printing its own figures; `python -m bench NAME…` picks some."""
import importlib
import sys
import time

BENCHMARKS = ["checkin", "registration", "badges", "import_visitors", "attendance", "floorplan", "ranking",
              "scoring_page"]


def main(names):
    for name in names or BENCHMARKS:
        started = time.perf_counter()
        print(f"\n=== bench.{name} ===", flush=True)
        importlib.import_module(f"bench.{name}").main()
        print(f"(bench.{name} took {time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
