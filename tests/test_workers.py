"""The worker processes of ``ingest --jobs N`` (corpus/workers.py): every item's result comes back
once, an exception stops the run, a worker that dies costs only the file it was reading."""
import multiprocessing as mp
import os
import signal
import time

import pytest

from corpus.workers import results


def _square(n: int) -> int:
    return n * n


def _fails_on_7(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def _dies_on_5(n: int) -> int:
    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return n


def _broken_init() -> None:
    raise RuntimeError("no patterns here")


def _no_workers_left() -> bool:
    return not [p for p in mp.active_children() if p.is_alive()]


def test_every_item_once_in_the_order_they_finish():
    out = list(results(_square, range(40), 2, lost=lambda n: ("lost", n)))
    assert sorted(out) == [n * n for n in range(40)]
    assert _no_workers_left()


def test_an_exception_in_a_worker_is_raised_and_the_workers_stop():
    with pytest.raises(ValueError, match="seven"):
        list(results(_fails_on_7, range(20), 2, lost=lambda n: ("lost", n)))
    assert _no_workers_left()


def test_a_killed_worker_costs_its_file_only():
    out = list(results(_dies_on_5, range(12), 2, lost=lambda n: ("lost", n)))
    assert sorted(x for x in out if not isinstance(x, tuple)) == [n for n in range(12) if n != 5]
    assert [x for x in out if isinstance(x, tuple)] == [("lost", 5)]
    assert _no_workers_left()


def test_leaving_early_stops_the_workers():
    found = results(_square, range(1000), 2, lost=lambda n: ("lost", n))
    assert next(found) in {n * n for n in range(1000)}
    found.close()
    assert _no_workers_left()


def test_a_failing_initializer_stops_the_run_once():
    with pytest.raises(RuntimeError, match="no patterns here"):
        list(results(_square, range(50), 2, lost=lambda n: ("lost", n), init=_broken_init))
    assert _no_workers_left()


def _slow_pid(n: int) -> tuple[int, int]:
    time.sleep(0.01)
    return os.getpid(), n


def test_this_process_is_one_of_the_jobs_with_here():
    out = list(results(_slow_pid, range(40), 2, lost=lambda n: ("lost", n), here=_slow_pid))
    assert sorted(n for _, n in out) == list(range(40))
    pids = {pid for pid, _ in out}
    assert os.getpid() in pids and len(pids) == 2  # this one and a single worker
    assert _no_workers_left()


def test_one_job_with_here_forks_nothing():
    out = list(results(_slow_pid, range(5), 1, lost=lambda n: ("lost", n), here=_slow_pid))
    assert out == [(os.getpid(), n) for n in range(5)]
    assert _no_workers_left()


def _always_fails(n: int) -> int:
    raise ValueError(f"not here: {n}")


def test_an_exception_here_stops_the_workers():
    # the worker's items take 10 ms, so this process takes the first one itself, before any result
    with pytest.raises(ValueError, match="not here"):
        list(results(_slow_pid, range(20), 2, lost=lambda n: ("lost", n), here=_always_fails))
    assert _no_workers_left()


def test_a_killed_worker_costs_its_file_only_with_here():
    def here(n):
        return -1 if n == 5 else n  # this process never reads 5 the way the worker would

    out = list(results(_dies_on_5, range(30), 2, lost=lambda n: ("lost", n), here=here))
    assert sorted(x for x in out if isinstance(x, int) and x >= 0) == [n for n in range(30) if n != 5]
    assert len([x for x in out if x in (-1, ("lost", 5))]) == 1
    assert _no_workers_left()


def _slower_pid(n: int) -> tuple[int, int]:
    time.sleep(0.05)
    return os.getpid(), n


def test_idle_is_called_while_the_workers_finish_their_last_items():
    # this process's items take 1 ms and the worker's 50 ms: when nothing is left to take, the
    # worker still holds some, and ``idle`` comes before their results
    out: list = []
    seen_at_idle: list[int] = []

    def here(n):
        time.sleep(0.001)
        return os.getpid(), n

    for r in results(_slower_pid, range(40), 2, lost=lambda n: ("lost", n), here=here,
                     idle=lambda: seen_at_idle.append(len(out))):
        out.append(r)
    assert sorted(n for _, n in out) == list(range(40))
    assert seen_at_idle and seen_at_idle[0] < 40
    assert {pid for pid, _ in out[seen_at_idle[0]:]} == {pid for pid, _ in out} - {os.getpid()}
    assert _no_workers_left()
