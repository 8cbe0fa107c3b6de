"""Kolada, RKA's open database of municipal key figures: the client `progstyr pull` uses.

API v2 (SPEC §12; the public description is the Hypergene/kolada README):
`/v2/data/kpi/<kpis>/municipality/<ids>[/year/<years>]` and the same under `/v2/oudata/…/ou/…`,
each answering `{"values": [...], "count": n, "next_page": url}` where each value is
`{"kpi", "municipality" | "ou", "period", "values": [{"gender", "value", "status", "count"}]}`.

How it is asked:

* batched: every KPI and every municipality (or unit) of a kind in one URL, split where
  the URL would pass `MAX_URL` characters; answers for pairs nobody asked for are dropped;
* every `next_page` followed (only on the same scheme and host);
* a timeout per request; 5xx, 429 and broken connections retried with a doubling pause
  (a 429's Retry-After honoured, capped), at most `ATTEMPTS` times and never past
  `DEADLINE` seconds for the whole run; anything else fails at once;
* a User-Agent naming progstyr and its version; proxies from the environment (httpx);
* answers kept for `LIFETIME` seconds in the user's private cache folder
  (`kolada/` under the read cache's folder), so a rerun within the hour asks nothing;
  a kept answer is checked exactly like a fresh one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from progstyr import __version__

PUBLIC_URL = "https://api.kolada.se"
MAX_URL = 1800
"""Longest URL sent: well within what servers and proxies accept (Kolada answers 400 past its limit)."""
ATTEMPTS = 4
DEADLINE = 60.0
"""Seconds after which the whole pull gives up, retries included."""
BACKOFF = 0.5
"""First pause before a retry, in seconds; doubled each time."""
MAX_RETRY_AFTER = 10.0
LIFETIME = 3600
"""Seconds a kept answer is used instead of asking again."""
MAX_ANSWER_BYTES = 64 * 1024 * 1024
MAX_PAGES = 1000
USER_AGENT = f"progstyr/{__version__} (programme follow-up; +https://pypi.org/project/progstyr/)"
GENDERS = ("T", "K", "M")


@dataclass(frozen=True, slots=True)
class Ref:
    """One indicator's key figure: what to ask for."""

    kpi: str
    kind: str
    """`municipality` or `ou`."""
    place: str
    first_year: int | None = None
    last_year: int | None = None


@dataclass(frozen=True, slots=True)
class Value:
    """One answer: a KPI's value for a place, a year and a gender."""

    kpi: str
    place: str
    year: int
    gender: str
    value: float


class KoladaError(Exception):
    """Kolada could not be reached or answered wrongly; `key` names the message."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    kpis: tuple[str, ...]
    places: tuple[str, ...]
    years: tuple[int, ...]

    def path(self) -> str:
        section = "data" if self.kind == "municipality" else "oudata"
        parts = [
            f"/v2/{section}/kpi/{quote(','.join(self.kpis), safe=',')}",
            f"/{self.kind}/{quote(','.join(self.places), safe=',')}",
        ]
        if self.years:
            parts.append(f"/year/{','.join(str(y) for y in self.years)}")
        return "".join(parts)


def base_url(configured: str | None) -> str:
    """`kolada_url` in the configuration, else PROGSTYR_KOLADA_URL, else the public API."""
    chosen = configured or os.environ.get("PROGSTYR_KOLADA_URL") or PUBLIC_URL
    return chosen.rstrip("/")


def queries(refs: Iterable[Ref]) -> list[Query]:
    """As few requests as the URL length allows: one per kind and span of years, KPIs and
    places comma-separated, split in halves until each URL is short enough."""
    groups: dict[tuple[str, tuple[int, ...]], tuple[set[str], set[str]]] = {}
    for ref in refs:
        years: tuple[int, ...] = ()
        if ref.first_year is not None and ref.last_year is not None and ref.first_year <= ref.last_year:
            years = tuple(range(ref.first_year, ref.last_year + 1))
        kpis, places = groups.setdefault((ref.kind, years), (set(), set()))
        kpis.add(ref.kpi)
        places.add(ref.place)
    result: list[Query] = []
    for (kind, years), (kpis, places) in sorted(groups.items()):
        result.extend(_split(Query(kind, tuple(sorted(kpis)), tuple(sorted(places)), years)))
    return result


def _split(query: Query) -> Iterator[Query]:
    if len(query.path()) <= MAX_URL - 100 or (len(query.kpis) == 1 and len(query.places) == 1):
        yield query
        return
    if len(query.kpis) >= len(query.places):
        half = len(query.kpis) // 2
        parts = [query.kpis[:half], query.kpis[half:]]
        for part in parts:
            yield from _split(Query(query.kind, part, query.places, query.years))
    else:
        half = len(query.places) // 2
        for places in (query.places[:half], query.places[half:]):
            yield from _split(Query(query.kind, query.kpis, places, query.years))


class Client:
    """Asks Kolada, with retries, the cache and a deadline; `fetch` gives plain values."""

    def __init__(
        self,
        base: str,
        *,
        timeout: float = 15.0,
        cache_dir: Path | None = None,
        refresh: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self.base = base
        self.host = urlsplit(base).netloc or base
        self.timeout = timeout
        self.cache_dir = cache_dir
        self.refresh = refresh
        self.clock = clock
        self.sleep = sleep
        self.started = clock()
        self.requests = 0
        """Requests sent over the network (retries and pages included)."""
        self.kept = 0
        """Pages answered from the cache."""
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
            trust_env=True,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, query: Query) -> list[Value]:
        """Every value the query answers, all pages followed."""
        url: str | None = self.base + query.path()
        result: list[Value] = []
        pages = 0
        while url is not None:
            pages += 1
            if pages > MAX_PAGES:
                raise KoladaError("kolada.too_many_pages", host=self.host, kpi=",".join(query.kpis))
            payload = self._answer(url, query)
            values, url = _read_page(payload, query, self.host)
            if url is not None and not _same_site(url, self.base):
                raise KoladaError("kolada.foreign_page", host=self.host, url=url)
            result.extend(values)
        return result

    # ------------------------------------------------------------ one page

    def _answer(self, url: str, query: Query) -> Any:
        kept = None if self.refresh else self._kept(url)
        if kept is not None:
            self.kept += 1
            return kept
        body = self._get(url, query)
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            raise KoladaError("kolada.not_json", host=self.host, kpi=",".join(query.kpis)) from None
        _check_shape(payload, query, self.host)
        self._keep(url, body)
        return payload

    def _get(self, url: str, query: Query) -> bytes:
        import httpx

        kpis = ",".join(query.kpis)
        pause = BACKOFF
        for attempt in range(1, ATTEMPTS + 1):
            left = DEADLINE - (self.clock() - self.started)
            if left <= 0:
                raise KoladaError("kolada.deadline", host=self.host, kpi=kpis, seconds=int(DEADLINE))
            self.requests += 1
            try:
                with self._http.stream("GET", url, timeout=min(self.timeout, left)) as response:
                    status = response.status_code
                    if status == 200:
                        return _bounded_body(response, self.host, kpis)
                    retry_after = response.headers.get("Retry-After")
                problem: KoladaError = KoladaError("kolada.status", host=self.host, kpi=kpis, status=status)
                retryable = status >= 500 or status == 429
                if status == 429 and retry_after:
                    with contextlib.suppress(ValueError):
                        pause = max(pause, min(float(retry_after), MAX_RETRY_AFTER))
            except httpx.TimeoutException:
                problem = KoladaError("kolada.timeout", host=self.host, kpi=kpis, seconds=self.timeout)
                retryable = True
            except httpx.TransportError as exc:
                problem = KoladaError("kolada.unreachable", host=self.host, kpi=kpis, detail=_reason(exc))
                retryable = True
            if not retryable or attempt == ATTEMPTS:
                raise problem
            left = DEADLINE - (self.clock() - self.started)
            if pause >= left:
                raise problem
            self.sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------ kept answers

    def _kept_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest() + ".json")

    def _kept(self, url: str) -> Any:
        path = self._kept_path(url)
        if path is None:
            return None
        from progstyr import cache

        raw = cache.read_private(path, MAX_ANSWER_BYTES + 4096)
        if raw is None:
            return None
        try:
            record = json.loads(raw)
            if (
                not isinstance(record, dict)
                or record.get("url") != url
                or not isinstance(record.get("at"), (int, float))
                or not 0 <= time.time() - record["at"] < LIFETIME
            ):
                return None
            payload = json.loads(record["body"])
            _check_shape(payload, None, self.host)
        except (ValueError, TypeError, KeyError, RecursionError, KoladaError):
            return None
        return payload

    def _keep(self, url: str, body: bytes) -> None:
        path = self._kept_path(url)
        if path is None:
            return
        from progstyr import cache

        record = {"url": url, "at": time.time(), "body": body.decode("utf-8", errors="replace")}
        with contextlib.suppress(OSError):
            cache.write_private(path, json.dumps(record).encode())


def _bounded_body(response: Any, host: str, kpis: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise KoladaError("kolada.too_large", host=host, kpi=kpis)
        chunks.append(chunk)
    return b"".join(chunks)


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


def _same_site(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def _check_shape(payload: Any, query: Query | None, host: str) -> None:
    kpi = ",".join(query.kpis) if query else "?"
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaError("kolada.not_kolada", host=host, kpi=kpi)
    next_page = payload.get("next_page")
    if next_page is not None and not isinstance(next_page, str):
        raise KoladaError("kolada.not_kolada", host=host, kpi=kpi)
    for item in payload["values"]:
        if not isinstance(item, dict) or not isinstance(item.get("values", []), list):
            raise KoladaError("kolada.not_kolada", host=host, kpi=kpi)


def _read_page(payload: Any, query: Query, host: str) -> tuple[list[Value], str | None]:
    """The values of one checked page; entries of another shape are skipped, not guessed."""
    place_key = "municipality" if query.kind == "municipality" else "ou"
    result: list[Value] = []
    for item in payload["values"]:
        kpi, place, period = item.get("kpi"), item.get(place_key), item.get("period")
        if not isinstance(kpi, str) or not isinstance(place, str):
            continue
        try:
            year = int(str(period))
        except ValueError:
            continue
        if not 1900 <= year <= 2200:
            continue
        for entry in item.get("values") or []:
            if not isinstance(entry, dict):
                continue
            gender, number = entry.get("gender"), entry.get("value")
            if gender not in GENDERS or number is None or isinstance(number, bool):
                continue
            if not isinstance(number, (int, float)) or number != number or abs(number) > 1e15:
                continue
            result.append(Value(kpi, place, year, str(gender), float(number)))
    next_page = payload.get("next_page") or None
    return result, next_page


def fetch_all(
    client: Client, wanted: Sequence[Query], progress: Callable[[int, int], None] | None = None
) -> dict[tuple[str, str, int, str], float]:
    """Every value of every query, keyed (kpi, place, year, gender); fails as a whole."""
    result: dict[tuple[str, str, int, str], float] = {}
    for done, query in enumerate(wanted, start=1):
        for value in client.fetch(query):
            if value.kpi in query.kpis and value.place in query.places:
                result[(value.kpi, value.place, value.year, value.gender)] = value.value
        if progress is not None:
            progress(done, len(wanted))
    return result
