"""`progstyr pull`: Kolada values into benefit files, against a local server that speaks
Kolada API v2 (never the internet): batching, pages, null values, women/men, retries,
failures that write nothing, comments kept, a second run that changes nothing."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from conftest import CASES, edit
from progstyr import __version__, kolada
from progstyr.cli import app

ROOT = Path(__file__).resolve().parent.parent
MALMO = ROOT / "programmes" / "malmo-omradesprogram"
MALMO_FILE = "lindangen-2010/benefits/egen-forsorjning.yaml"
MALMO_AS_OF = "2013-06-30"


@dataclass
class Behaviour:
    data: dict[tuple[str, str, int], dict[str, float | None]] = field(default_factory=dict)
    page_size: int = 5000
    fail_first: list[int] = field(default_factory=list)
    """Statuses answered before the real answer, one per request."""
    always: int | None = None
    body: bytes | None = None
    delay: float = 0.0
    retry_after: str | None = None
    next_page_host: str | None = None
    requests: list[tuple[str, str]] = field(default_factory=list)


class KoladaStub:
    """A Kolada v2 look-alike: /v2/data/kpi/<kpis>/municipality/<ids>[/year/<years>]."""

    def __init__(self) -> None:
        self.behaviour = Behaviour()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stub.handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # a short poll: shutdown() waits for the loop to look (0.5 s by default, per test)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        b = self.behaviour
        b.requests.append((request.path, request.headers.get("User-Agent", "")))
        if b.delay:
            time.sleep(b.delay)
        if b.fail_first:
            self._send(request, b.fail_first.pop(0), b'{"error": "busy"}')
            return
        if b.always is not None:
            self._send(request, b.always, b"oops")
            return
        if b.body is not None:
            self._send(request, 200, b.body)
            return
        url = urlsplit(request.path)
        parts = url.path.strip("/").split("/")
        # v2 / data / kpi / <kpis> / municipality / <ids> [/ year / <years>]
        kpis, places = parts[3].split(","), parts[5].split(",")
        years = [int(y) for y in parts[7].split(",")] if len(parts) > 7 else None
        values = []
        for (kpi, place, year), genders in sorted(b.data.items()):
            if kpi in kpis and place in places and (years is None or year in years):
                values.append(
                    {
                        "kpi": kpi,
                        "municipality": place,
                        "period": year,
                        "values": [
                            {"gender": g, "value": v, "status": "", "count": 1} for g, v in genders.items()
                        ],
                    }
                )
        page = int(parse_qs(url.query).get("page", ["1"])[0])
        chunk = values[(page - 1) * b.page_size : page * b.page_size]
        payload: dict[str, Any] = {"values": chunk, "count": len(chunk)}
        if page * b.page_size < len(values):
            host = b.next_page_host or self.url
            payload["next_page"] = f"{host}{url.path}?page={page + 1}"
        self._send(request, 200, json.dumps(payload).encode())

    def _send(self, request: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(body)))
        if status == 429 and self.behaviour.retry_after:
            request.send_header("Retry-After", self.behaviour.retry_after)
        request.end_headers()
        request.wfile.write(body)


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[KoladaStub]:
    server = KoladaStub()
    monkeypatch.setenv("PROGSTYR_KOLADA_URL", server.url)
    monkeypatch.setenv("PROGSTYR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(kolada, "BACKOFF", 0.01)
    yield server
    server.close()


def pull(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["pull", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


MALMO_VALUES = {
    ("N31807", "1280", 2010): {"T": 10.4, "K": 10.1, "M": 10.7},
    ("N31807", "1280", 2011): {"T": 10.1, "K": None, "M": None},
    ("N31807", "1280", 2012): {"T": 9.8},
    ("N31807", "1280", 2013): {"T": 9.5},  # dated 2013-12-31: after --as-of, left out
    ("N31807", "0180", 2012): {"T": 4.2},  # another municipality: nobody asked
}


@pytest.fixture
def malmo(tmp_path: Path) -> Path:
    target = tmp_path / "malmo-omradesprogram"
    shutil.copytree(MALMO, target)
    return target


def test_shipped_example_dry_run_then_pull_then_nothing_new(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    before = _tree(malmo)
    code, out, err = pull(str(malmo), "--dry-run", "--as-of", MALMO_AS_OF)
    assert code == 0, err
    assert "+      - date: 2010-12-31\n+        value: 10.4\n+        source: Kolada N31807\n" in out
    assert "+      - date: 2012-12-31\n+        value: 9.8\n" in out
    assert "2013-12-31" not in out and "4.2" not in out
    assert "Would write: 3 new measurements in 1 file" in out
    assert _tree(malmo) == before, "--dry-run wrote something"

    code, out, err = pull(str(malmo), "--as-of", MALMO_AS_OF, "--lang", "sv")
    assert code == 0, err
    assert "Skrivet: 3 nya mätvärden i 1 fil." in out
    after = _tree(malmo)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == [MALMO_FILE]
    old, new = before[MALMO_FILE].decode(), after[MALMO_FILE].decode()
    # Every line of the old file is still there, in order, comments included; only the
    # new measurements were added (at the end of the indicator, which ends the file).
    assert new.startswith(old)
    assert [line for line in old.splitlines() if line.lstrip().startswith("#")] == [
        line for line in new.splitlines() if line.lstrip().startswith("#")
    ]
    assert new[len(old) :] == (
        "    measurements:\n"
        "      - date: 2010-12-31\n        value: 10.4\n        source: Kolada N31807\n"
        "      - date: 2011-12-31\n        value: 10.1\n        source: Kolada N31807\n"
        "      - date: 2012-12-31\n        value: 9.8\n        source: Kolada N31807\n"
    )

    code, out, err = pull(str(malmo), "--as-of", MALMO_AS_OF, "--refresh")
    assert code == 0, err
    assert "Nothing new" in out
    assert _tree(malmo) == after, "a second pull changed bytes"


def test_result_passes_fmt_check_and_validate_without_new_findings(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    runner = CliRunner()
    before = runner.invoke(app, ["validate", str(malmo), "--as-of", MALMO_AS_OF])
    assert pull(str(malmo), "--as-of", MALMO_AS_OF)[0] == 0
    assert runner.invoke(app, ["fmt", "--check", str(malmo)]).exit_code == 0
    after = runner.invoke(app, ["validate", str(malmo), "--as-of", MALMO_AS_OF])
    new_lines = set(after.stdout.splitlines()[:-1]) - set(before.stdout.splitlines()[:-1])
    assert not new_lines, new_lines
    # the PS404 "not measured in the last 12 months" the example shows is what pull fixes
    assert "ekonomiskt-bistand-malmo" in before.stdout
    assert "ekonomiskt-bistand-malmo" not in after.stdout


def test_server_down_writes_nothing_and_exits_3(stub, malmo, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PROGSTYR_KOLADA_URL", f"http://127.0.0.1:{port}")
    before = _tree(malmo)
    started = time.monotonic()
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 3
    assert time.monotonic() - started < 10
    assert f"Kolada (127.0.0.1:{port}) could not be reached when asking for N31807" in err
    assert "Nothing was written." in err
    assert _tree(malmo) == before


def test_500_then_success_is_retried(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    stub.behaviour.fail_first = [500, 503]
    code, out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 0, err
    assert len(stub.behaviour.requests) == 3
    assert "3 new measurements" in out


def test_500_for_good_gives_up_after_bounded_attempts(stub, malmo):
    stub.behaviour.always = 500
    before = _tree(malmo)
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 3
    assert len(stub.behaviour.requests) == kolada.ATTEMPTS
    assert "answered HTTP 500 when asked for N31807" in err
    assert _tree(malmo) == before


def test_404_is_not_retried(stub, malmo):
    stub.behaviour.always = 404
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 3
    assert len(stub.behaviour.requests) == 1
    assert "HTTP 404" in err


def test_429_waits_as_told_then_succeeds(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    stub.behaviour.fail_first = [429]
    stub.behaviour.retry_after = "0.2"
    started = time.monotonic()
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 0, err
    assert time.monotonic() - started >= 0.2
    assert len(stub.behaviour.requests) == 2


def test_malformed_json_exits_3(stub, malmo):
    stub.behaviour.body = b'{"values": [{"kpi": "N31807", '
    before = _tree(malmo)
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 3
    assert "answered something that is not JSON when asked for N31807" in err
    assert _tree(malmo) == before


def test_json_of_another_shape_exits_3(stub, malmo):
    stub.behaviour.body = b'{"error": "no such kpi"}'
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 3
    assert "is not Kolada data" in err


def test_slow_answer_times_out_within_bound(stub, malmo):
    stub.behaviour.delay = 1.5
    before = _tree(malmo)
    started = time.monotonic()
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF, "--timeout", "0.2")
    elapsed = time.monotonic() - started
    assert code == 3
    assert "did not answer within 0.2 s" in err
    assert elapsed < 0.2 * kolada.ATTEMPTS + 3
    assert _tree(malmo) == before


def test_pages_are_followed_and_nulls_skipped(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    stub.behaviour.data[("N31807", "1280", 2011)] = {"T": None}
    stub.behaviour.page_size = 1
    code, out, err = pull(str(malmo), "--as-of", MALMO_AS_OF, "--dry-run")
    assert code == 0, err
    paths = [path for path, _agent in stub.behaviour.requests]
    assert len(paths) == 4 and paths[1].endswith("?page=2")  # three values, one per page, last empty
    assert "2010-12-31" in out and "2012-12-31" in out
    assert "2011-12-31" not in out


def test_next_page_on_another_site_is_refused(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    stub.behaviour.page_size = 1
    stub.behaviour.next_page_host = "http://example.invalid"
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF)
    assert code == 3
    assert "another site" in err


def test_user_agent_names_progstyr_and_its_version(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    pull(str(malmo), "--as-of", MALMO_AS_OF, "--dry-run")
    assert stub.behaviour.requests[0][1].startswith(f"progstyr/{__version__} ")


def test_a_rerun_within_the_hour_asks_nothing_and_refresh_asks_again(stub, malmo):
    stub.behaviour.data = dict(MALMO_VALUES)
    assert pull(str(malmo), "--as-of", MALMO_AS_OF, "--dry-run")[0] == 0
    assert len(stub.behaviour.requests) == 1
    code, out, err = pull(str(malmo), "--as-of", MALMO_AS_OF, "--dry-run")
    assert code == 0 and "3 new measurements" in out
    assert len(stub.behaviour.requests) == 1, "the kept answer was not used"
    assert "1 answer kept from the last hour" in err
    pull(str(malmo), "--as-of", MALMO_AS_OF, "--dry-run", "--refresh")
    assert len(stub.behaviour.requests) == 2


# ---------------------------------------------------------------- the smaller case


def _minimal(case: Any, indicators: str) -> Path:
    root: Path = case("minimal")
    edit(
        root / "benefits" / "trygghet.yaml",
        '    unit: "%"\n    direction: decrease\n',
        f'    unit: "%"\n    direction: decrease\n{indicators}',
    )
    return root


def test_many_kpis_and_municipalities_in_one_request(stub, case):
    root = case("minimal")
    text = (root / "benefits" / "delaktighet.yaml").read_text()
    text = text.replace(
        "    direction: increase\n",
        '    direction: increase\n    kolada: {kpi: N00001, municipality: "1280"}\n',
    )
    extra = "".join(
        f"  - id: extra-{n}\n    name: Extra {n}\n    direction: increase\n"
        f'    kolada:\n      kpi: N0000{n}\n      municipality: "{1280 + n}"\n'
        "    baseline:\n      date: 2022-01-01\n      value: 1\n"
        "    target:\n      date: 2025-12-31\n      value: 2\n"
        for n in range(2, 6)
    )
    (root / "benefits" / "delaktighet.yaml").write_text(text + extra)
    stub.behaviour.data = {
        (f"N0000{n}", str(1280 + (n if n > 1 else 0)), 2022): {"T": n} for n in range(1, 6)
    }
    code, out, err = pull(str(root), "--as-of", "2024-06-01", "--dry-run")
    assert code == 0, err
    assert len(stub.behaviour.requests) == 1
    path = stub.behaviour.requests[0][0]
    assert "/kpi/N00001,N00002,N00003,N00004,N00005/municipality/1280,1282,1283,1284,1285/" in path
    assert "5 new measurements" in out


def test_women_and_men_go_beside_the_total_for_by_sex(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    edit(
        root / "benefits" / "trygghet.yaml",
        "    direction: decrease\n",
        "    direction: decrease\n    by_sex: true\n",
    )
    edit(
        root / "benefits" / "trygghet.yaml",
        "      value: 40\n",
        "      value: 40\n      women: 45\n      men: 35\n",
    )
    edit(
        root / "benefits" / "trygghet.yaml",
        "      value: 20\n",
        "      value: 20\n      women: 20\n      men: 20\n",
    )
    path = root / "benefits" / "trygghet.yaml"
    text = path.read_text()
    text = text.replace("        value: 35\n", "        value: 35\n        women: 38\n        men: 32\n")
    text = text.replace("        value: 30\n", "        value: 30\n        women: 33\n        men: 27\n")
    path.write_text(text)
    stub.behaviour.data = {
        ("N00945", "1280", 2022): {"T": 31.5, "K": 34.25, "M": 28.0},
        ("N00945", "1280", 2023): {"T": 30.0, "K": None, "M": 27.0},
    }
    code, _out, err = pull(str(root), "--as-of", "2024-06-01")
    assert code == 0, err
    assert (
        "      - date: 2022-12-31\n        value: 31.5\n        women: 34.25\n        men: 28\n"
        "        source: Kolada N00945\n"
    ) in path.read_text()
    assert "lacks the women's or men's value for 2023" in err
    assert CliRunner().invoke(app, ["validate", str(root), "--as-of", "2024-06-01"]).exit_code == 0


def test_gender_k_takes_the_womens_series(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280", gender: K}\n')
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 31.5, "K": 34.0, "M": 28.0}}
    code, out, err = pull(str(root), "--as-of", "2024-06-01", "--dry-run")
    assert code == 0, err
    assert "+        value: 34\n" in out


def test_hand_entered_measurement_on_the_same_date_is_reported_not_overwritten(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    path = root / "benefits" / "trygghet.yaml"
    edit(path, "      - date: 2023-01-01\n", "      - date: 2022-12-31\n")
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 33.0}, ("N00945", "1280", 2023): {"T": 31.0}}
    before = path.read_text()
    code, _out, err = pull(str(root), "--as-of", "2024-06-01")
    assert code == 0, err
    after = path.read_text()
    assert "      - date: 2022-12-31\n        value: 35\n" in after  # the hand-entered value stays
    assert "value: 33" not in after
    assert "      - date: 2023-12-31\n        value: 31\n        source: Kolada N00945\n" in after
    assert "trygghet.yaml:16:9: warning: the measurement of 2022-12-31 was entered by hand (35)" in err
    assert "Kolada N00945 says 33" in err
    assert after.count("\n") == before.count("\n") + 3


def test_a_changed_kolada_value_updates_the_measurement_pull_wrote(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    path = root / "benefits" / "trygghet.yaml"
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 33.0}}
    assert pull(str(root), "--as-of", "2024-06-01")[0] == 0
    first = path.read_text()
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 33.5}}
    code, out, err = pull(str(root), "--as-of", "2024-06-01", "--refresh")
    assert code == 0, err
    assert "1 updated" in out
    assert path.read_text() == first.replace("        value: 33\n", "        value: 33.5\n")


def test_one_line_measurements_stay_one_line(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    path = root / "benefits" / "trygghet.yaml"
    text = path.read_text()
    text = text.replace(
        "      - date: 2023-01-01\n        value: 35\n      - date: 2024-01-01\n        value: 30\n",
        "      - {date: 2023-01-01, value: 35}  # first survey\n      - {date: 2024-01-01, value: 30}\n",
    )
    path.write_text(text)
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 36.0}, ("N00945", "1280", 2023): {"T": 31.0}}
    assert pull(str(root), "--as-of", "2024-06-01")[0] == 0
    assert (
        "      - {date: 2022-12-31, value: 36, source: Kolada N00945}\n"
        "      - {date: 2023-01-01, value: 35}  # first survey\n"
        "      - {date: 2023-12-31, value: 31, source: Kolada N00945}\n"
        "      - {date: 2024-01-01, value: 30}\n"
    ) in path.read_text()


def test_crlf_and_bom_are_kept(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    path = root / "benefits" / "trygghet.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 36.0}}
    assert pull(str(root), "--as-of", "2024-06-01")[0] == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"      - date: 2022-12-31\r\n        value: 36\r\n        source: Kolada N00945\r\n" in raw


def test_files_with_errors_are_not_pulled(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    edit(root / "benefits" / "trygghet.yaml", "owner: ks", "owner: nobody-known")
    code, out, err = pull(str(root), "--as-of", "2024-06-01")
    assert code == 1
    assert "PS201" in out
    assert "Nothing was pulled" in err
    assert stub.behaviour.requests == []


def test_bad_kolada_reference_is_a_diagnostic(case):
    root = _minimal(case, "    kolada: {kpi: n31807, municipality: 180}\n")
    result = CliRunner().invoke(app, ["validate", str(root), "--as-of", "2024-06-01"])
    assert result.exit_code == 1
    assert "'n31807' is not a Kolada key figure id" in result.stdout
    # an unquoted 0180 reads as 180: it is taken as the four-digit code
    assert "municipality" not in result.stdout


def test_kolada_url_from_the_configuration(stub, case, monkeypatch):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    (root / "progstyr.toml").write_text(f'kolada_url = "{stub.url}"\n')
    monkeypatch.setenv("PROGSTYR_KOLADA_URL", "http://127.0.0.1:9")  # would fail: discard port
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 36.0}}
    code, _out, err = pull(str(root), "--as-of", "2024-06-01", "--dry-run")
    assert code == 0, err
    assert len(stub.behaviour.requests) == 1


def test_nothing_to_pull_without_references(stub):
    code, out, _err = pull(str(CASES / "minimal"), "--as-of", "2024-06-01")
    assert code == 0
    assert "nothing to pull" in out
    assert stub.behaviour.requests == []


def test_long_batches_are_split_within_the_url_limit():
    refs = [kolada.Ref(f"N{n:05d}", "municipality", f"{1000 + n}", 2000, 2024) for n in range(400)]
    queries = kolada.queries(refs)
    assert len(queries) > 1
    assert all(len(q.path()) <= kolada.MAX_URL for q in queries)
    asked = {(k, p) for q in queries for k in q.kpis for p in q.places}
    assert {(r.kpi, r.place) for r in refs} <= asked


def test_a_file_saved_meanwhile_is_left_alone(stub, case, monkeypatch):
    from progstyr import fileio

    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    path = root / "benefits" / "trygghet.yaml"
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 36.0}}
    saved = path.read_text().replace("name: Trygghet", "name: Trygghet i området")

    def editor_saves(target: Path) -> None:  # an editor writes a copy and moves it over
        copy = target.with_name("trygghet.yaml.swp")
        copy.write_text(saved)
        copy.replace(target)

    monkeypatch.setattr(fileio, "_before_replace", editor_saves)
    code, _out, err = pull(str(root), "--as-of", "2024-06-01")
    assert code == 1
    assert "it changed after progstyr read it" in err
    assert path.read_text() == saved


def test_a_read_only_file_is_left_alone(stub, case):
    root = _minimal(case, '    kolada: {kpi: N00945, municipality: "1280"}\n')
    path = root / "benefits" / "trygghet.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    stub.behaviour.data = {("N00945", "1280", 2022): {"T": 36.0}}
    code, _out, err = pull(str(root), "--as-of", "2024-06-01")
    assert code == 1
    assert "read-only" in err
    assert path.read_bytes() == before


def test_a_slow_answer_shows_a_progress_bar_on_a_terminal(stub, malmo, monkeypatch):
    import io

    from rich.console import Console

    from progstyr import cli

    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=80)

    class Quick(cli._ReadProgress):
        DELAY = 0.2

        def __init__(self, label: str) -> None:
            super().__init__(label, console=terminal)

    monkeypatch.setattr(cli, "_ReadProgress", Quick)
    stub.behaviour.data = dict(MALMO_VALUES)
    stub.behaviour.delay = 0.8  # one request, slower than the bar's delay
    code, _out, err = pull(str(malmo), "--as-of", MALMO_AS_OF, "--dry-run")
    assert code == 0, err
    assert "Asking Kolada" in screen.getvalue()
