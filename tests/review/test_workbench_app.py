"""The translator's workbench through Starlette's test client, on a release really published by the pipeline.

Fuzzy matches, terms in view, progress, filters, neighbours, checks while typing, the critical-flag confirmation,
history and revert, concordance, the approve-all confirmation, and review notifications to a local HTTP target.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest
from starlette.testclient import TestClient

from support.workbench_site import SEEDED_REVIEWER, SEEDED_TARGET, SLUG, WorkbenchSite, build_workbench_site
from transpub.document import Origin, Severity
from transpub.memory import history
from transpub.publish.report import ReleaseReport, report_path
from transpub.publish.report_io import load_report
from transpub.review.app import create_app
from transpub.review.notify import ReviewNeeded, notify_review_needed
from transpub.review.workbench import LiveChecker

URL = f"/review/{SLUG}/pt"
DROPPED = "Os Estados-Membros vão financiar um sistema de aviso para as comunidades costeiras."  # no mandated term
GOOD_B2 = "Leia {1}o relatório anual{/1} antes da reunião de dezembro."


def report(site: WorkbenchSite) -> ReleaseReport:
    return load_report(report_path(site.settings.out, SLUG))


@pytest.fixture
def site(tmp_path: Path) -> WorkbenchSite:
    return build_workbench_site(tmp_path)


@pytest.fixture
def client(site: WorkbenchSite) -> Iterator[TestClient]:
    with site.memory() as memory:
        app = create_app(
            site.desk(memory),
            csrf="test-csrf",
            reviewer="Beatriz Souza",
            memory=memory,
            checker=LiveChecker.from_settings(site.settings),
        )
        with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
            yield test_client


def test_the_report_and_the_page_offer_the_approved_fuzzy_match(client: TestClient, site: WorkbenchSite) -> None:
    (match,) = report(site).language("pt").segment("b1.s1").matches
    assert (match.target, match.origin) == (SEEDED_TARGET, Origin.APPROVED)
    assert 0.9 < match.score < 1.0
    page = client.get(f"{URL}?filter=all").text
    assert f'data-take="1" data-text="{html.escape(SEEDED_TARGET)}"' in page
    assert f'<span class="score">{round(match.score * 100)}%</span>' in page


def test_terms_are_highlighted_with_their_mandated_translation(client: TestClient) -> None:
    page = client.get(f"{URL}?filter=all").text
    assert (
        '<mark class="term t-translate">early warning system<small class="mandated">sistema de alerta precoce</small>'
        in page
    )
    assert '<mark class="term-ok">sistema de alerta precoce</mark>' in page  # present in the MT, marked as honoured


def test_progress_filters_search_and_neighbours(client: TestClient, site: WorkbenchSite) -> None:
    flagged = [s.id for s in report(site).language("pt").segments if s.flags]
    page = client.get(URL).text
    assert "0 of 4 reviewed" in page and "0 of 4 reviewed" in client.get("/").text
    assert page.count('<article class="seg') == len(flagged)
    assert '<p class="neighbour before"><span class="nid">title</span>' in page  # context around b1.s1
    assert client.get(f"{URL}?filter=unreviewed").text.count('<article class="seg') == 4
    searched = client.get(f"{URL}?filter=all&q=Engenheiros").text
    assert searched.count('<article class="seg') == 1 and 'data-segment="b3.s1"' in searched
    code = report(site).language("pt").segment(flagged[0]).flags[0].code
    assert f'data-segment="{flagged[0]}"' in client.get(f"{URL}?filter=all&check={code}").text
    assert "No segment matches this filter." in client.get(f"{URL}?filter=all&q=zzzz").text


def test_inline_codes_read_the_same_in_source_and_editor(client: TestClient) -> None:
    page = client.get(f"{URL}?filter=all").text
    assert '<span class="code">{1}</span>the annual report<span class="code">{/1}</span>' in page
    assert ">Leia {1}o relatório anual{/1} antes da reunião.</textarea>" in page


def test_checks_while_typing_return_the_registry_flags(client: TestClient) -> None:
    response = client.post(f"{URL}/check", data={"csrf": "test-csrf", "segment": "b1.s1", "target": DROPPED})
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert any(f["code"] == "glossary-mandated-missing" and f["severity"] == "critical" for f in data["flags"])
    broken = client.post(f"{URL}/check", data={"csrf": "test-csrf", "segment": "b2.s1", "target": "Leia {1}o"})
    assert broken.json() == {"ok": False, "error": "inline code {1} is never closed (type {/1})", "flags": []}


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({"segment": "b1.s1", "target": DROPPED}, {}),
        ({"csrf": "test-csrf", "segment": "b1.s1", "target": DROPPED}, {"origin": "https://evil.example"}),
    ],
)
def test_the_check_endpoint_keeps_the_csrf_and_origin_rules(
    client: TestClient, data: dict[str, str], headers: dict[str, str]
) -> None:
    assert client.post(f"{URL}/check", data=data, headers=headers).status_code == 403


def test_an_edit_dropping_a_mandated_term_asks_first_then_stays_an_open_flag(
    client: TestClient, site: WorkbenchSite
) -> None:
    form = {"csrf": "test-csrf", "segment": "b1.s1", "target": DROPPED}
    asked = client.post(f"{URL}/approve", data=form, follow_redirects=False)
    assert asked.status_code == 409
    assert "Approve anyway" in asked.text and "sistema de alerta precoce" in asked.text
    assert f">{html.escape(DROPPED)}</textarea>" in asked.text
    assert report(site).language("pt").segment("b1.s1").origin is Origin.MT  # nothing approved yet

    done = client.post(f"{URL}/approve", data={**form, "confirm": "critical"}, follow_redirects=False)
    assert done.status_code == 303
    seg = report(site).language("pt").segment("b1.s1")
    assert seg.origin is Origin.APPROVED
    critical = [f for f in seg.flags if f.severity is Severity.CRITICAL]
    assert [f.code for f in critical] == ["glossary-mandated-missing"]
    page = client.get(URL).text
    segments = report(site).language("pt").segments
    open_count = sum(len(s.flags) for s in segments if s.origin is not Origin.APPROVED) + len(seg.flags)
    assert f'<span class="open-count">{open_count} open flag(s)</span>' in page
    assert 'data-segment="b1.s1"' in page and "approved over a critical flag" in page
    assert f'data-lang="pt">{open_count} open flag(s)' in client.get("/").text  # the release list agrees


def test_approving_an_edit_keeps_the_mt_records_history_and_moves_on(client: TestClient, site: WorkbenchSite) -> None:
    machine = report(site).language("pt").segment("b2.s1").target
    response = client.post(
        f"{URL}/approve",
        data={"csrf": "test-csrf", "segment": "b2.s1", "target": GOOD_B2, "filter": "all"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "focus=b3.s1" in response.headers["location"] and "filter=all" in response.headers["location"]
    published = (site.settings.out / "pt" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<a href="https://gcrf.example.org/report">o relatório anual</a> antes da reunião de dezembro.' in published
    page = client.get(f"{URL}?filter=all").text
    assert "1 of 4 reviewed" in page
    assert '<span class="action a-edit">edit</span> by Beatriz Souza' in page
    mt_column = page.split('data-segment="b2.s1"')[1].split('class="mt"')[1].split("</p>")[0]
    assert "antes da reunião." in mt_column and "dezembro" not in mt_column  # the original MT stays visible
    with site.memory() as memory, memory.connection() as conn:
        (event,) = history.events(conn, report(site).language("pt").segment("b2.s1").source, "en", "pt")
    assert (event.action, event.previous, event.previous_origin) == ("edit", machine, "mt")


def test_an_approval_can_be_reverted(client: TestClient, site: WorkbenchSite) -> None:
    client.post(f"{URL}/approve", data={"csrf": "test-csrf", "segment": "b2.s1", "target": GOOD_B2})
    source = report(site).language("pt").segment("b2.s1").source
    with site.memory() as memory, memory.connection() as conn:
        (event,) = history.events(conn, source, "en", "pt")
    response = client.post(
        f"{URL}/revert", data={"csrf": "test-csrf", "segment": "b2.s1", "event": str(event.id)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert report(site).language("pt").segment("b2.s1").origin is not Origin.APPROVED
    with site.memory() as memory:
        assert memory.lookup(source, "en", "pt").origin is Origin.MT
    again = client.post(f"{URL}/revert", data={"csrf": "test-csrf", "segment": "b2.s1", "event": str(event.id)})
    assert again.status_code == 409  # a reversal is itself the latest change now
    elsewhere = client.post(f"{URL}/revert", data={"csrf": "test-csrf", "segment": "b1.s1", "event": str(event.id)})
    assert elsewhere.status_code == 409 and "not one of this segment" in elsewhere.text
    assert client.post(f"{URL}/revert", data={"segment": "b2.s1", "event": str(event.id)}).status_code == 403


def test_approve_all_asks_first(client: TestClient, site: WorkbenchSite) -> None:
    unflagged = sum(1 for s in report(site).language("pt").segments if not s.flags)
    page = client.get(URL).text
    assert 'href="/review/gcrf-early-warning/pt?bulk=confirm" id="approve-unflagged"' in page
    assert "/approve-unflagged" not in page.split('id="approve-unflagged"')[0].rsplit("<p", 1)[-1]
    confirm = client.get(f"{URL}?bulk=confirm").text
    assert 'action="/review/gcrf-early-warning/pt/approve-unflagged"' in confirm
    assert f"Approve all {unflagged} unflagged segment(s) as they stand?" in confirm


def test_concordance_search_in_the_page(client: TestClient) -> None:
    page = client.get(f"{URL}?cq=alerta precoce").text
    hits = page.split('<ol class="hits">')[1].split("</ol>")[0]
    assert "novo sistema de alerta precoce" in hits and SEEDED_REVIEWER in hits


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def hook() -> Iterator[tuple[str, list[dict[str, object]]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    received: list[dict[str, object]] = []
    _Hook.received = received
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"json://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def test_a_publish_leaving_work_notifies_through_apprise_and_the_event_hook(
    tmp_path: Path, hook: tuple[str, list[dict[str, object]]]
) -> None:
    url, received = hook
    site = build_workbench_site(tmp_path, review={"notify": [url], "url": "https://review.example.org"})
    emitted: list[ReviewNeeded] = []
    (notice,) = notify_review_needed(site.settings, [SLUG], emit=emitted.append)
    segments = report(site).language("pt").segments
    flagged = sum(1 for s in segments if s.flags)
    critical = sum(1 for s in segments if any(f.severity is Severity.CRITICAL for f in s.flags))
    assert critical == 1  # the lost number of b3.s1
    assert notice.payload() == {
        "release": SLUG,
        "title": "GCRF funds early warning for coastal communities",
        "language": "pt",
        "counts": {"segments": 4, "reviewed": 0, "to_review": flagged, "critical": critical},
        "review_url": f"https://review.example.org/review/{SLUG}/pt",
    }
    assert emitted == [notice]
    (message,) = received
    assert (
        message["title"]
        == f"[transpub] GCRF funds early warning for coastal communities [pt]: {flagged} segment(s) to review"
    )
    assert f"https://review.example.org/review/{SLUG}/pt" in str(message["message"])


def test_no_notice_when_nothing_waits(site: WorkbenchSite, client: TestClient) -> None:
    for seg in report(site).language("pt").segments:
        if seg.flags:
            fixed = seg.target.replace("40 engenheiros", "400 engenheiros")  # the translator puts the number back
            form = {"csrf": "test-csrf", "segment": seg.id, "target": fixed}
            assert client.post(f"{URL}/approve", data=form, follow_redirects=False).status_code == 303
    assert notify_review_needed(site.settings, [SLUG]) == ()


SCHEMAS = Path(__file__).resolve().parents[1].parent.parent / "shared" / "schemas"
MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"
XLF = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.mark.skipif(not (SCHEMAS / "xliff_core_2.1.xsd").exists(), reason="../shared/schemas is not present")
def test_xliff_exports_carry_fuzzy_matches_as_translation_candidates(site: WorkbenchSite) -> None:
    from lxml import etree

    from transpub.review.xliff import read_xliff

    with site.memory() as memory:
        data = site.desk(memory).export(SLUG, "pt")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff_core_2.1.xsd")))
    doc = etree.fromstring(data)
    schema.assertValid(doc)
    (unit,) = [u for u in doc.iter(f"{XLF}unit") if u.find(f"{MTC}matches") is not None]
    assert unit.get("id") == "b1.s1"
    assert unit[0].tag == f"{MTC}matches"  # module elements come first in a <unit>
    (match,) = unit.find(f"{MTC}matches")
    segment = unit.find(f"{XLF}segment")
    assert match.get("ref") == "#" + segment.get("id")
    assert (match.get("type"), match.get("origin")) == ("tm", "transpub approved")
    assert 90 < float(match.get("similarity")) < 100
    assert match.find(f"{XLF}target").text == SEEDED_TARGET
    assert [u.id for u in read_xliff(data).units] == [s.id for s in report(site).language("pt").segments]


def test_the_review_needed_event_informs_and_never_triggers_a_republish(monkeypatch: pytest.MonkeyPatch) -> None:
    import prefect.events
    import prefect.events.worker
    import prefect.settings
    from transpub_flows import events

    sent: list[dict[str, object]] = []

    def fake_emit(**event: object) -> SimpleNamespace:
        sent.append(event)
        return SimpleNamespace(id="event-1")

    monkeypatch.setattr(prefect.events, "emit_event", fake_emit)
    monkeypatch.setattr(prefect.events.worker.EventsWorker, "drain_all", classmethod(lambda cls, timeout=None: None))
    monkeypatch.setattr(
        prefect.settings, "get_current_settings", lambda: SimpleNamespace(api=SimpleNamespace(url="http://api"))
    )
    notice = ReviewNeeded(SLUG, "GCRF", "pt", 4, 1, 2, 1, f"http://127.0.0.1:8765/review/{SLUG}/pt")
    assert events.emit_review_needed(notice) == "event-1"
    (event,) = sent
    assert event["event"] == "transpub.review.needed"
    assert event["payload"] == notice.payload()
    assert event["resource"] == {"prefect.resource.id": f"transpub.release.{SLUG}", "prefect.resource.name": SLUG}
    assert "transpub.review.needed" not in events.republish_trigger().expect


def test_fuzzy_matching_can_be_switched_off(tmp_path: Path) -> None:
    site = build_workbench_site(tmp_path, review={"matches": False})
    assert all(not s.matches for s in report(site).language("pt").segments)


def test_forbidden_words_are_marked_in_the_target() -> None:
    from transpub.document import Flag
    from transpub.publish.report import SegmentReport
    from transpub.review.segment_html import marked, target_spans

    flag = Flag(
        "glossary-forbidden",
        Severity.CRITICAL,
        "forbidden term 'refugiados climáticos' is used",
        "refugiados climáticos",
    )
    seg = SegmentReport("b1.s1", "body", "Climate migrants", "Os Refugiados climáticos chegaram.", Origin.MT, (flag,))
    assert marked(seg.target, target_spans(seg, seg.target)) == (
        'Os <mark class="forbidden">Refugiados climáticos</mark> chegaram.'
    )
