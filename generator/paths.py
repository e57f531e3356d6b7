"""Where plansite's files live: the one slug rule, every output name, the cache folder
(and how a file in it is replaced whole).

Each output path is built here from a slug or from a path that already exists under
``content/``, never from raw user text, so no id can place a file outside the site.
Loading needs these rules too (two ids whose files would collide are an error found by
``check``), which is why they live below both loading and the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import IO

_UNSAFE = re.compile(r"[^\w\-.]+", re.UNICODE)


@lru_cache(maxsize=8192)
def slug(value: str) -> str:
    """A file-name-safe form of an id: letters and digits (any script), ``-``, ``_``, ``.``.

    Ids whose slug would be empty or hidden get a short hash so every id has a page.
    (Kept per id: every item row and page links the same personas, stages, channels
    and owners, each by its slug.)
    """
    text = unicodedata.normalize("NFC", value).strip()
    text = _UNSAFE.sub("-", text).strip("-.")
    text = re.sub(r"-{2,}", "-", text)
    if not text or text in {".", ".."}:
        return "id-" + hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    # 120 characters, and at most 200 bytes: with the longest prefix and suffix a page
    # or feed adds (``calendar-``, ``.html``) the name stays under the 255-byte limit of
    # file systems, in Japanese too (three bytes a character).
    return text[:120].encode("utf-8", "surrogatepass")[:200].decode("utf-8", "ignore")


def collision_key(site_path: str) -> str:
    """Two paths that one file system could store as one file (case, Unicode form)."""
    return unicodedata.normalize("NFC", site_path).casefold()


def item_url(content_rel: str) -> str:
    """``blog/x.md`` → ``items/blog/x.html``: beside its copied assets, so relative links
    written in the body keep working."""
    stem = content_rel[: -len(".md")] if content_rel.lower().endswith(".md") else content_rel
    return f"items/{stem}.html"


def asset_url(content_rel: str) -> str:
    return f"items/{content_rel}"


def persona_url(persona_id: str) -> str:
    return f"personas/{slug(persona_id)}.html"


def stage_url(stage_id: str) -> str:
    return f"stages/{slug(stage_id)}.html"


def channel_url(channel_id: str) -> str:
    return f"channels/{slug(channel_id)}.html"


def channel_feed_url(channel_id: str) -> str:
    """The channel's calendar feed: named by the same slug as its page, so two channels
    whose feeds would collide are already refused as an output clash of their pages."""
    return f"exports/calendar-{slug(channel_id)}.ics"


def owner_url(owner_id: str) -> str:
    return f"owners/{slug(owner_id)}.html"


def owner_feed_url(owner_id: str) -> str:
    """The owner's calendar feed, beside the channel feeds: ``calendar-owner-<slug>.ics``.
    A channel whose id is ``owner-<id>`` would take the same name; loading refuses that."""
    return f"exports/calendar-owner-{slug(owner_id)}.ics"


#: The search index, a script the search page loads.
SEARCH_INDEX = "assets/search-index.js"

#: The owners index and the workload view (owners × ISO weeks against capacity).
OWNERS_PAGE = "owners.html"
WORKLOAD_PAGE = "workload.html"


def journey_url(persona_id: str) -> str:
    return f"journeys/{slug(persona_id)}.html"


def cell_url(persona_id: str, stage_id: str) -> str:
    return f"matrix/{slug(persona_id)}/{slug(stage_id)}.html"


def cache_dir(env: dict[str, str] | None = None) -> Path:
    """``PLANSITE_CACHE_DIR``, else the platform's user cache folder for plansite: the
    one place outside the output folder where plansite keeps anything (history samples,
    build locks). Deleting it only costs time."""
    environ = os.environ if env is None else env
    if environ.get("PLANSITE_CACHE_DIR"):
        return Path(environ["PLANSITE_CACHE_DIR"])
    home = Path.home()
    if sys.platform == "win32":
        base = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "plansite" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "plansite"
    return Path(environ.get("XDG_CACHE_HOME") or home / ".cache") / "plansite"


def replace_file(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a cache file through a temporary one that replaces it in one step, so a
    reader sees the old file or the new one, whole. A cache that cannot be written only
    costs time: ``OSError`` is swallowed; a failing ``write`` leaves no trace."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
        os.replace(scratch, path)
    except OSError:
        return
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(scratch)
