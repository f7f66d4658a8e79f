"""DeepL's client, made cost-aware, its failures in one line each, and the DeepL glossaries.

The official client repeats a request only when DeepL surely did not process it: 429 and 503
answers (:data:`RETRIED`), and connections that were never established
(:func:`never_sent`). Each request waits up to :data:`TIMEOUT` seconds
(``TRILINGUAL_DEEPL_TIMEOUT``). The project's glossary goes to DeepL as a DeepL glossary, made
once per glossary version and server and remembered in ``.trilingual/deepl-glossaries.json``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trilingual.errors import ConfigError
from trilingual.fsutil import write_atomic

GLOSSARY_STATE = "deepl-glossaries.json"
TIMEOUT = 120.0  # seconds to wait for one answer (TRILINGUAL_DEEPL_TIMEOUT overrides)
#: statuses that say the request was not processed: too many requests, temporarily unavailable
#: (another 5xx, e.g. a gateway's 502 or 504, may come after DeepL translated and billed)
RETRIED = (429, 503)


def timeout_from(environ: Any) -> float:
    """``TRILINGUAL_DEEPL_TIMEOUT`` in seconds, else :data:`TIMEOUT`; nonsense is a ConfigError."""
    raw = str(environ.get("TRILINGUAL_DEEPL_TIMEOUT", "")).strip()
    if not raw:
        return TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"TRILINGUAL_DEEPL_TIMEOUT must be a number of seconds, not {raw!r}")
    return value


def never_sent(exception: BaseException | None) -> bool:
    """True if a failed request surely never reached DeepL (so repeating it costs nothing)."""
    import requests

    cause = getattr(exception, "__cause__", None)
    if isinstance(cause, requests.exceptions.ConnectTimeout):
        return True
    return isinstance(cause, requests.exceptions.ConnectionError) and (
        "NewConnectionError" in str(cause) or "Failed to establish" in str(cause)
    )


def make_client(key: str, server: str | None, timeout: float) -> Any:
    """A ``deepl.Translator`` whose own retry loop only repeats requests never processed."""
    import deepl  # here, not at module level: ~150 ms a memory-only run does not pay

    translator: Any = deepl.Translator(key, server_url=server)
    translator.set_app_info("trilingual", "0.1")
    http = translator._client  # the client's own retry loop, made cost-aware
    send = http._internal_request

    def internal_request(request: Any, stream: bool, **kwargs: Any) -> Any:
        kwargs["timeout"] = timeout
        return send(request, stream, **kwargs)

    def should_retry(response: Any, exception: Any, retries: int) -> bool:
        if retries >= deepl.http_client.max_network_retries:
            return False
        if response is None:
            return never_sent(exception)  # else DeepL may have processed it
        return bool(response[0] in RETRIED)  # DeepL says: not processed, try again

    http._internal_request = internal_request
    http._should_retry = should_retry
    return translator


def fault_message(exc: BaseException, where: str) -> str | None:
    """One distinct one-line message per failure DeepL's client reports; None: not DeepL's."""
    import deepl

    retries = deepl.http_client.max_network_retries
    if isinstance(exc, deepl.AuthorizationException):
        return "authorization failed (HTTP 403): check DEEPL_AUTH_KEY"
    if isinstance(exc, deepl.QuotaExceededException):
        return "character quota of this billing period exceeded (HTTP 456)"
    if isinstance(exc, deepl.TooManyRequestsException):
        return f"too many requests (HTTP 429), still refused after {retries} retries"
    if isinstance(exc, deepl.ConnectionException):
        kind = "timed out" if "timed out" in str(exc).lower() else "failed"
        return f"connection to {where} {kind}" + (
            f" (after {retries} retries)" if never_sent(exc) else "")
    if isinstance(exc, deepl.DeepLException):
        status = getattr(exc, "http_status_code", None)
        if status is not None and status >= 500:
            return f"server error (HTTP {status})" + (
                f" after {retries} retries" if status in RETRIED else "")
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"request refused: {detail}"
    if isinstance(exc, ValueError):
        return f"invalid request: {exc}"
    return None


class Glossaries:
    """The DeepL glossary id per target language, made once per glossary version and server."""

    def __init__(self, state_dir: Path, server: str | None, source_lang: str) -> None:
        self.path = state_dir / GLOSSARY_STATE
        self.server = server or ""
        self.source_lang = source_lang
        self.ids: dict[str, str | None] = {}
        self.remembered: set[str] = set()  # ids read from the state file, not made this run

    def get(
        self, client: Callable[[], Any], target: str, terms: dict[str, str], digest: str,
        *, recreate: bool = False,
    ) -> str | None:
        """The id of the glossary of ``terms`` (None without terms); ``recreate``: make it
        again (the remembered one was deleted on DeepL's side)."""
        if target in self.ids and not recreate:
            return self.ids[target]
        if not terms:
            self.ids[target] = None
            return None
        try:
            state: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            state = {}
        known = state.get(target) or {}
        if not recreate and known.get("digest") == digest and known.get("server") == self.server:
            self.ids[target] = str(known["id"])
            self.remembered.add(target)
            return self.ids[target]
        return self._create(client(), state, target, terms, digest)

    def _create(
        self, client: Any, state: dict[str, Any], target: str, terms: dict[str, str],
        digest: str,
    ) -> str:
        import deepl

        info = client.create_glossary(
            f"trilingual {target} {digest}", source_lang=self.source_lang.upper(),
            target_lang=target.upper(), entries=terms,
        )
        known = state.get(target) or {}
        old = known.get("id")
        if old and old != info.glossary_id and known.get("server") == self.server:
            # the old version is garbage now; failing to delete it is harmless
            with contextlib.suppress(deepl.DeepLException):
                client.delete_glossary(str(old))
        state[target] = {"id": info.glossary_id, "digest": digest, "server": self.server}
        write_atomic(self.path, json.dumps(state, indent=2, sort_keys=True) + "\n")
        made = str(info.glossary_id)
        self.ids[target] = made
        return made
