"""Forked worker processes for ``ingest --jobs N``: each takes a file at a time over its own pipe
and sends back what ``fn`` made of it, the parent handing out the next file as each result comes.
The parent can be one of the N itself (``here``): it reads a file whenever no result is waiting,
so N cores need N - 1 workers, and half the results of two cross no pipe (pickled, sent,
received, unpickled: 0.3 CPU-s of an ingest of 1,422 documents, the cores' time the workers need).

Not ``multiprocessing.Pool``: its worker-maintenance thread waits on the results pipe too, so
while results are read it wakes and loops (0.42 s of the parent's 1.9 s of CPU in an ingest of
1,422 documents, on a machine whose two cores the two workers need), and it waits forever for a
file whose worker was killed. Here the parent waits on the workers' pipes only; a worker that dies
(killed, out of memory) costs the file it was reading, reported through ``lost``: the file queued
behind it goes to the others, and a new worker takes its place.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait

AHEAD = 4  # files a worker holds: one in hand, the rest waiting in its pipe, so it never idles
# while the parent's thread that hands them out waits for the interpreter (5 ms turns)
BUFFER = 256  # results received and not yet taken by the caller, at most (then the workers wait);
# enough for the small files a worker reads while the caller reads a large one itself
_DONE = object()
_END = object()


class _Items:
    """An iterator that two threads take from: the one handing out files, and the caller's."""

    def __init__(self, items: Iterable):
        self._items, self._lock = iter(items), threading.Lock()

    def take(self):
        """The next item, or ``_END``."""
        with self._lock:
            return next(self._items, _END)


def _serve(conn: Connection, fn: Callable, init: Callable | None, initargs: tuple) -> None:
    """A worker: ``fn(item)`` for each item received, until None. If ``init`` fails, the answer to
    the first item is its exception (a worker that died of it would only be replaced, and fail
    again, for every file)."""
    failed = None
    if init is not None:
        try:
            init(*initargs)
        except BaseException as e:  # noqa: BLE001: reported to the parent, which stops the run
            failed = e
    while (item := conn.recv()) is not None:
        if failed is not None:
            out = ("raise", failed)
        else:
            try:
                out = ("ok", fn(item))
            except BaseException as e:  # noqa: BLE001: the parent decides; the worker only reports
                out = ("raise", e)
        try:
            conn.send(out)
        except Exception as e:  # noqa: BLE001: an exception that does not pickle
            conn.send(("raise", RuntimeError(f"{type(out[1]).__name__}: {out[1]} ({e})")))


class _Worker:
    def __init__(self, ctx, fn, init, initargs):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, fn, init, initargs), daemon=True)
        self.process.start()
        child.close()
        self.held: list = []  # items sent, oldest first (a worker answers in order)

    def give(self, item) -> None:
        self.held.append(item)
        try:
            self.conn.send(item)
        except OSError:
            pass  # it died: its pipe reads as ended next, and what it held goes to the others

    def stop(self, timeout: float = 5.0) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.conn.close()


def results(fn: Callable, items: Iterable, jobs: int, lost: Callable, init: Callable | None = None,
            initargs: tuple = (), here: Callable | None = None, idle: Callable | None = None) -> Iterator:
    """``fn(item)`` for every item, in the order they finish, computed in ``jobs`` forked
    processes (each first running ``init(*initargs)``); ``lost(item)`` for an item whose worker
    died. An exception ``fn`` raises stops the run and is raised here. A thread of this process
    hands out the items and receives the results, so the workers go on while the caller is busy
    with a result (writing a batch): at most ``BUFFER`` results wait for it.

    With ``here``, this process is one of the ``jobs``: ``jobs - 1`` workers are forked, and
    whenever no result waits the caller's thread takes the next item and yields ``here(item)``
    (an item that kills this process ends the run, as with no workers). ``idle()`` is called when
    the caller's thread has nothing left to take and would wait for the workers' last results: the
    time to write what it holds, instead of after them."""
    todo = _Items(items)
    n = jobs - 1 if here is not None else jobs
    if n < 1:
        while (item := todo.take()) is not _END:
            yield here(item)
        return
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    again: list = []  # items a dead worker had not started: handed out first
    workers = [_Worker(ctx, fn, init, initargs) for _ in range(n)]
    out: queue.Queue = queue.Queue(BUFFER)
    stop = threading.Event()

    def put(message) -> bool:
        while not stop.is_set():
            try:
                out.put(message, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def feed(w: _Worker) -> None:
        while len(w.held) < AHEAD and (again or (item := todo.take()) is not _END):
            w.give(again.pop() if again else item)

    def pump() -> None:
        try:
            for w in workers:
                feed(w)
            while busy := {w.conn: w for w in workers if w.held}:
                for conn in wait(list(busy)):
                    if stop.is_set():
                        return
                    w = busy[conn]
                    try:
                        kind, value = conn.recv()
                    except (EOFError, OSError):
                        # the worker died on the file it was reading; the ones queued behind it go
                        # to the others, and a new worker takes its place
                        (started, *queued), w.held = w.held, []
                        w.stop(timeout=0)
                        again.extend(reversed(queued))
                        workers[workers.index(w)] = new = _Worker(ctx, fn, init, initargs)
                        feed(new)
                        if not put((True, lost(started))):
                            return
                        continue
                    w.held.pop(0)
                    if kind == "raise":
                        put((False, value))
                        return
                    feed(w)
                    if not put((True, value)):
                        return
            put(_DONE)
        except BaseException as e:  # noqa: BLE001: raised in the caller's thread
            put((False, e))

    thread = threading.Thread(target=pump, name="zhibiao-workers", daemon=True)
    thread.start()
    finished = False
    try:
        while True:
            if here is None:
                message = out.get()
            else:
                try:
                    message = out.get_nowait()
                except queue.Empty:
                    if (item := todo.take()) is not _END:
                        yield here(item)
                        continue
                    if idle is not None:
                        idle()
                    message = out.get()  # nothing left to take: the workers' last results
            if message is _DONE:
                break
            ok, value = message
            if not ok:
                raise value
            yield value
        finished = True
    finally:
        stop.set()
        if not finished:
            for w in workers:
                w.process.terminate()  # the pump's wait ends with their pipes
        thread.join()
        for w in workers:
            w.stop(timeout=5.0 if finished else 0)
