# Baseline: Python's multiprocessing.Pool(2) with the same tiny task: start + first result,
# map of 100 k items at the default chunksize, and apply_async().get() one at a time.
import multiprocessing
import time

TASKS = 100_000
ROUND_TRIPS = 2_000


def square(x):
    return x * x


if __name__ == "__main__":
    start = time.perf_counter()
    pool = multiprocessing.Pool(2)
    pool.apply(square, (1,))
    print(f"start_first_ms={(time.perf_counter() - start) * 1000}")

    items = list(range(TASKS))
    pool.map(square, items[:5_000])
    start = time.perf_counter()
    pool.map(square, items)
    print(f"map_items_per_s={TASKS / (time.perf_counter() - start)}")

    for i in range(200):
        pool.apply_async(square, (i,)).get()
    start = time.perf_counter()
    for i in range(ROUND_TRIPS):
        pool.apply_async(square, (i,)).get()
    print(f"round_trip_us={(time.perf_counter() - start) * 1e6 / ROUND_TRIPS}")
    pool.terminate()
