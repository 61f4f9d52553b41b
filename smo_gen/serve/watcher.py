"""Watching a site's sources with watchdog, and turning bursts of events into one change set.

Editors save in several steps (a temporary file, a rename, a second write of the
metadata), so events are gathered until none has come for `delay` seconds (or for at most
`max_delay` seconds while they keep coming), then handed over together as a `ChangeSet`.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from smo_gen.config.site_config import SiteConfig, display_path

# vim (.swp, 4913, foo~), emacs (.#foo, #foo#), JetBrains (___jb_tmp___), kate, gedit, downloads.
EDITOR_TEMP_NAME = re.compile(
    r"^\.#|^#.*#$|~$|\.sw[a-p]$|\.swx$|^4913$|\.tmp$|\.temp$|\.part$|\.crdownload$|\.kate-swp$"
    r"|___jb_(tmp|old)___$|^\.goutputstream-|^\.DS_Store$|^Thumbs\.db$"
)
IGNORED_FOLDERS = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".smo-cache"}
WATCHED_FOLDERS = ("content", "static", "themes", "templates")
WATCHED_FILES = ("site.toml",)
WANTED_EVENTS = {"created", "modified", "deleted", "moved"}


@dataclass(frozen=True)
class ChangeSet:
    """The files that changed in one burst of saves."""

    paths: frozenset[Path]

    @property
    def stylesheets_only(self) -> bool:
        """Only CSS changed: open tabs can swap their stylesheets instead of reloading."""
        return bool(self.paths) and all(path.suffix.lower() == ".css" for path in self.paths)

    def describe(self, site_dir: Path) -> str:
        names = sorted(display_path(path, site_dir) for path in self.paths)
        if len(names) > 3:
            return f"{', '.join(names[:3])} and {len(names) - 3} more"
        return ", ".join(names)


@dataclass(frozen=True)
class WatchPlan:
    """What to watch: folders (recursively) and single files; what never counts as a change."""

    site_dir: Path
    folders: tuple[Path, ...]
    files: tuple[Path, ...]
    ignored: tuple[Path, ...]

    def wants(self, path: Path) -> bool:
        if EDITOR_TEMP_NAME.search(path.name):
            return False
        inside = path.relative_to(self.site_dir).parts if path.is_relative_to(self.site_dir) else path.parts
        if any(part in IGNORED_FOLDERS for part in inside):
            return False
        if any(path == folder or path.is_relative_to(folder) for folder in self.ignored):
            return False
        return path in self.files or any(path.is_relative_to(folder) for folder in self.folders)


def make_watch_plan(site_dir: Path, config: SiteConfig | None, extra_ignored: tuple[Path, ...] = ()) -> WatchPlan:
    """The site's content, static, theme and template folders and site.toml; never its output or cache."""
    site_dir = site_dir.resolve()
    folders = {site_dir / name for name in WATCHED_FOLDERS}
    ignored = set(extra_ignored)
    if config is not None:
        folders |= {config.content_dir, config.static_dir}
        ignored |= {config.output_dir, config.cache_dir}
    return WatchPlan(
        site_dir=site_dir,
        folders=tuple(sorted(folder.resolve() for folder in folders)),
        files=tuple(site_dir / name for name in WATCHED_FILES),
        ignored=tuple(sorted(path.resolve() for path in ignored)),
    )


class Debouncer:
    """Collects paths and calls `callback` once they have stopped coming for `delay` seconds."""

    def __init__(self, callback: Callable[[ChangeSet], object], delay: float = 0.15, max_delay: float = 1.0) -> None:
        self.callback = callback
        self.delay = delay
        self.max_delay = max_delay
        self._condition = threading.Condition()
        self._pending: set[Path] = set()
        self._created: set[Path] = set()
        self._first = 0.0
        self._last = 0.0
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="smo-gen-debounce", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def add(self, path: Path, created: bool = False) -> None:
        with self._condition:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.add(path)
            if created:
                self._created.add(path)
            self._last = now
            self._condition.notify()

    def moved_away(self, path: Path) -> None:
        """`path` was renamed: if it appeared in this same burst, it was an editor's temporary file."""
        with self._condition:
            if path in self._created:
                self._pending.discard(path)
                self._created.discard(path)
            else:
                self.add(path)

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def _next_batch(self) -> ChangeSet | None:
        with self._condition:
            while not self._pending and not self._stopped:
                self._condition.wait()
            while not self._stopped:
                due = min(self._last + self.delay, self._first + self.max_delay)
                remaining = due - time.monotonic()
                if remaining <= 0:
                    break
                self._condition.wait(remaining)
            if self._stopped:
                return None
            batch = ChangeSet(frozenset(self._pending))
            self._pending.clear()
            self._created.clear()
            return batch

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            self.callback(batch)


def as_path(raw: str | bytes) -> Path:
    return Path(os.fsdecode(raw))


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: SiteWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WANTED_EVENTS or (event.is_directory and event.event_type == "modified"):
            return
        self.watcher.notice(as_path(event.src_path), event)
        if event.dest_path:
            self.watcher.notice(as_path(event.dest_path), event, destination=True)


class SiteWatcher:
    """Watches a `WatchPlan` and calls `on_change` with each debounced `ChangeSet`."""

    def __init__(self, plan: WatchPlan, on_change: Callable[[ChangeSet], object], delay: float = 0.15) -> None:
        self.plan = plan
        self.debouncer = Debouncer(on_change, delay)
        self.handler = _Handler(self)
        self.observer = Observer()
        self._scheduled: dict[Path, ObservedWatch] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        for folder in self.plan.folders:
            self._schedule(folder)
        self.observer.schedule(self.handler, str(self.plan.site_dir), recursive=False)
        self.debouncer.start()
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(timeout=10)
        self.debouncer.stop()

    def notice(self, path: Path, event: FileSystemEvent, destination: bool = False) -> None:
        moved_away = event.event_type == "moved" and not destination
        if event.is_directory and path in self.plan.folders:
            if event.event_type == "deleted" or moved_away:
                self._unschedule(path)
            else:
                self._schedule(path)  # a watched folder that did not exist at start, or came back
        if not self.plan.wants(path):
            return
        if moved_away:
            self.debouncer.moved_away(path)
        else:
            self.debouncer.add(path, created=event.event_type == "created")

    def _schedule(self, folder: Path) -> None:
        with self._lock:
            if folder in self._scheduled or not folder.is_dir():
                return
            self._scheduled[folder] = self.observer.schedule(self.handler, str(folder), recursive=True)

    def _unschedule(self, folder: Path) -> None:
        with self._lock:
            watch = self._scheduled.pop(folder, None)
        if watch is not None:
            try:
                self.observer.unschedule(watch)
            except (KeyError, OSError):
                pass  # watchdog may have dropped the watch of a deleted folder already
