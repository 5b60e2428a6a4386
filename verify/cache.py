"""The incremental cache: a claim whose inputs did not change is not re-run.

A claim's result is stored under a key made of

* the claim's ID, the seed and the options (the ``--at`` point);
* the source of the module that declares the claim and of every project module it imports,
  directly or through other project modules (read from the ``import`` statements: a module of the
  same top-level package, or a file beside the declaring one; the engine is hashed whole);
* the source of every engine module (``verify/*.py``);
* the versions of Python, sympy, mpmath, numpy and python-flint.

Certificate pieces (:meth:`verify.routes.CertifiedRoute.run_piece`) are stored by what they prove
— the obligation's expression, relation and box, the piece's box and its budget — with the engine
and the versions, so an unchanged obligation is not re-proved whichever claim asks for it.

Layout: ``claims/<ID>.json`` (one entry per claim, replaced when its key changes),
``plans/<key>.json`` and ``pieces/<key>.json`` (a certificate's breadth-first start and its open
boxes) under ``.verify_cache/`` in the working directory, or ``$VERIFY_CACHE``.
Every entry carries its key and a SHA-256 of its payload: an entry that is unreadable, truncated
or altered is ignored with a one-line warning and the work is redone, so a damaged cache can cost
time, never a wrong verdict. Writes go to a temporary file and are renamed into place.
"""
from __future__ import annotations

import ast
import datetime
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import sys
import tempfile
import functools
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = "relu-gd-verify cache 1"
ENGINE_DIR = Path(__file__).resolve().parent
VERSIONED = ("sympy", "mpmath", "numpy", "python-flint")


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


@cache
def engine_fingerprint() -> str:
    """The engine's source and the versions of what it computes with."""
    parts = [f"{p.name}:{_sha(p.read_bytes())}" for p in sorted(ENGINE_DIR.glob("*.py"))]
    parts.append(f"python {platform.python_version()}")
    for name in VERSIONED:
        try:
            parts.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    return _sha("\n".join(parts))


def _module_of(path: Path) -> str | None:
    """The imported module's name for a source file, if it is imported."""
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve() == path:
            return name
    return None


def _imported_names(path: Path, module: str | None) -> set[str]:
    names: set[str] = set()
    tree = ast.parse(path.read_bytes())
    package = None if module is None else (module if path.name == "__init__.py" else module.rpartition(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                if not package:
                    continue
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names.add(base)
            names.update(f"{base}.{a.name}" for a in node.names)
    return names


def _origin(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError, AttributeError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin).resolve()


@cache
def source_closure(path: str) -> tuple[tuple[str, str], ...]:
    """(file, SHA-256) of the declaring file and every project module it imports, transitively."""
    root = Path(path).resolve()
    top = (_module_of(root) or "").partition(".")[0]
    seen: dict[Path, str] = {}
    todo = [root]
    while todo:
        file = todo.pop()
        if file in seen or not file.is_file():
            continue
        seen[file] = _sha(file.read_bytes())
        for name in _imported_names(file, _module_of(file)):
            if name.partition(".")[0] == "verify":
                continue  # the engine is in the key as a whole
            origin = _origin(name)
            if origin is None or origin.parent == ENGINE_DIR:
                continue
            if (top and name.partition(".")[0] == top) or origin.parent == root.parent:
                todo.append(origin)
    return tuple(sorted((str(f), h) for f, h in seen.items()))


def claim_key(claim, seed: int, at: dict | None) -> str:
    """The key of a claim's result (see the module docstring)."""
    at_text = None if at is None else json.dumps({k: repr(v) for k, v in sorted(at.items())})
    return _sha(json.dumps([FORMAT, claim.id, seed, at_text, engine_fingerprint(),
                            source_closure(claim.source[0])]))


@functools.lru_cache(maxsize=64)
def _obligation_text(ob) -> str:
    """What an obligation proves, as text: its expression, relation and box."""
    return json.dumps(ob.to_json(), sort_keys=True)


class Cache:
    """Entries on disk; see the module docstring."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = Path(root if root is not None else os.environ.get("VERIFY_CACHE") or ".verify_cache")

    # --- entries ------------------------------------------------------------------------------
    def _path(self, kind: str, name: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in name)
        return self.root / kind / f"{safe}.json"

    def load(self, kind: str, name: str, key: str) -> tuple[Any, str] | None:
        """(payload, date) of a valid entry with this key, else None (warning if it is damaged)."""
        path = self._path(kind, name)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._warn(path, exc.strerror or str(exc))
        try:
            entry = json.loads(raw)
            payload = entry["payload"]
            if entry["format"] != FORMAT or entry["sha256"] != _sha(json.dumps(payload, sort_keys=True)):
                return self._warn(path, "checksum mismatch")
        except (ValueError, KeyError, TypeError):
            return self._warn(path, "unreadable (truncated or corrupt)")
        if entry.get("key") != key:
            return None  # stale: the inputs changed
        return payload, entry.get("date", "")

    def store(self, kind: str, name: str, key: str, payload: Any) -> None:
        """Write an entry atomically; a cache that cannot be written is skipped, with a warning."""
        path = self._path(kind, name)
        entry = {"format": FORMAT, "key": key, "date": datetime.datetime.now().isoformat(timespec="seconds"),
                 "sha256": _sha(json.dumps(payload, sort_keys=True)), "payload": payload}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w") as fh:
                json.dump(entry, fh)
            os.replace(tmp, path)
        except OSError as exc:
            print(f"verify: warning: cache {str(self.root)!r} not written: {exc.strerror or exc}", file=sys.stderr)

    @staticmethod
    def _warn(path: Path, why: str) -> None:
        print(f"verify: warning: ignoring cache entry {str(path)!r}: {why}; recomputing", file=sys.stderr)
        return None

    def clear(self) -> int:
        """Remove every entry; the number removed."""
        removed = 0
        for kind in ("claims", "plans", "pieces"):
            for path in (self.root / kind).glob("*.json") if (self.root / kind).is_dir() else ():
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    # --- claims -------------------------------------------------------------------------------
    def load_claim(self, claim_id: str, key: str):
        from .results import ClaimResult

        found = self.load("claims", claim_id, key)
        if found is None:
            return None
        try:
            result = ClaimResult.from_json(found[0])
        except (KeyError, TypeError, ValueError):
            return self._warn(self._path("claims", claim_id), "not a claim result")
        result.cached_at = found[1]
        return result

    def store_claim(self, claim_id: str, key: str, result) -> None:
        self.store("claims", claim_id, key, {**result.to_json(), "cached": False})

    # --- certificate plans and pieces ---------------------------------------------------------
    @staticmethod
    def plan_key(ob, budget: int) -> str:
        from .certify import FRONTIER

        return _sha(json.dumps(["plan", FORMAT, engine_fingerprint(), _obligation_text(ob), FRONTIER, budget]))

    def load_plan(self, key: str, ob):
        from .certify import plan_from_json

        found = self.load("plans", key, key)
        if found is None:
            return None
        try:
            return plan_from_json(ob, found[0])
        except (KeyError, TypeError, ValueError, IndexError):
            return self._warn(self._path("plans", key), "not a certificate plan")

    def store_plan(self, key: str, p) -> None:
        from .certify import plan_to_json

        self.store("plans", key, key, plan_to_json(p))

    @staticmethod
    def piece_key(ob, box, substituted, budget: int, time_limit) -> str:
        what = ["piece", FORMAT, engine_fingerprint(), _obligation_text(ob),
                [[str(lo), str(hi)] for lo, hi in box], sorted((i, str(v)) for i, v in substituted),
                budget, time_limit]
        return _sha(json.dumps(what))

    def load_piece(self, key: str):
        from .certify import PieceResult

        found = self.load("pieces", key, key)
        if found is None:
            return None
        try:
            return PieceResult(**found[0], cached=True)
        except TypeError:
            return self._warn(self._path("pieces", key), "not a certificate piece")

    def store_piece(self, key: str, result) -> None:
        fields = ("leaves", "boxes", "lowest", "counterexample", "open_boxes", "lower_end", "seconds")
        self.store("pieces", key, key, {f: getattr(result, f) for f in fields})
