"""Browser: an athlete logs a whole session with no signal (issue #17), on a 360 px phone.

Real Chromium, the real service worker and IndexedDB; the network is cut with
context.set_offline(True). The server's clock moves with time-machine for the day rule.
"""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import AppliedAction, PrescriptionLog, SessionLog
from tests.browser import chromium
from tests.factories import PASSWORD, AthleteUserFactory, UserFactory
from tests.programs.factories import (
    PrescriptionFactory,
    ProgramFactory,
    ProgramVersionFactory,
    SessionFactory,
)
from tests.programs.test_browser_athlete import _seed, _small_android

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE_ITEMS = "#offline-queue li"
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""
QUEUED = """() => new Promise((resolve) => {
  const open = indexedDB.open("speedchain", 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore("actions", {keyPath: "seq", autoIncrement: true});
  open.onsuccess = () => {
    const get = open.result.transaction("actions").objectStore("actions").getAll();
    get.onsuccess = () => { resolve(get.result); open.result.close(); };
  };
})"""


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


def _seed_with_login():
    coach, athlete, session, hold, squat = _seed()
    athlete.user = UserFactory(email=athlete.email)
    athlete.save()
    return coach, athlete, session, hold, squat


def _phone(browser):
    context = browser.new_context(**_small_android(None))
    context.set_default_timeout(10_000)
    return context


def _log_in(page, live_server, email):
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/today/$"))


def _open_for_offline(page, live_server):
    """Open today online and wait until the worker has kept the pages on the phone."""
    page.goto(live_server.url + reverse("programs:today"))
    page.wait_for_function("() => document.documentElement.dataset.offlineReady")


def test_a_whole_session_logged_offline_syncs_once(live_server, browser):
    coach, athlete, session, hold, squat = _seed_with_login()
    context = _phone(browser)
    page = context.new_page()
    _log_in(page, live_server, athlete.email)
    _open_for_offline(page, live_server)
    cached = page.evaluate(CACHED_URLS)
    assert {"/today/", "/week/", "/static/js/offline.js"} <= set(cached)

    # No signal: the reload comes from the phone, with the same content and its age.
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hip flexor day")
    expect(page.get_by_text("left hip flexors, 62 % of reference")).to_be_visible()
    expect(page.locator("#offline-bar")).to_contain_text(
        re.compile(r"Offline — showing the page as of \d\d:\d\d")
    )

    # Three set taps, the hold timer, a hold time, finish with RPE and a note.
    card = page.locator(f"#rx-{hold.pk}")
    card.get_by_role("button", name="Set 1").tap()
    expect(card.get_by_role("button", name="✓ Set 1")).to_have_attribute("aria-pressed", "true")
    card.get_by_role("button", name="Set 2").tap()
    expect(card.locator("p.status")).to_have_text(
        "2 of 2 sets done · saved on this phone, will send"
    )
    page.locator(f"#rx-{squat.pk}").get_by_role("button", name="Set 1").tap()
    card.get_by_role("button", name="Start 2 s hold").tap()
    expect(card.locator("output")).to_have_text("Done", timeout=6_000)
    expect(card.get_by_label("Hold (seconds)")).to_have_value("2")
    card.get_by_role("button", name="Save").tap()
    finish = page.locator("#finish")
    finish.get_by_label("7", exact=True).check()
    finish.get_by_label("Note for your coach").fill("Left side burned")
    finish.get_by_role("button", name="Finish session").tap()
    queue = page.locator("#offline-queue")
    expect(queue).to_contain_text("Saved on this phone, will send")
    expect(page.locator(QUEUE_ITEMS)).to_have_count(5)
    assert not PrescriptionLog.objects.exists()

    # Closed and opened again, still offline: the pending actions are still shown.
    page.close()
    page = context.new_page()
    page.goto(live_server.url + reverse("programs:today"))
    expect(page.locator(QUEUE_ITEMS)).to_have_count(5)
    expect(page.locator(QUEUE_ITEMS).last).to_contain_text("Finished: RPE 7 · “Left side burned”")
    expect(page.locator(f"#rx-{hold.pk} p.status")).to_contain_text("2 of 2 sets done")

    # The signal returns: the queue is sent in order, the page reloads with the server's values.
    with page.expect_request(re.compile(r"/today/sync/$")) as sent:
        context.set_offline(False)
    expect(page.locator("#offline-queue")).to_be_hidden()
    expect(page.locator(f"#rx-{hold.pk} p.status")).to_contain_text("2 of 2 sets done · hold 2 s")
    hold_log = PrescriptionLog.objects.get(prescription=hold)
    assert (hold_log.sets_done, hold_log.hold_seconds) == (2, 2)
    assert PrescriptionLog.objects.get(prescription=squat).sets_done == 1
    log = SessionLog.objects.get(session=session)
    assert (log.rpe, log.notes) == (7, "Left side burned")
    assert AppliedAction.objects.filter(outcome="applied").count() == 5

    # The same queue sent again (an answer lost on the way): nothing changes.
    body = sent.value.post_data
    assert [a["kind"] for a in json.loads(body)["actions"]] == [
        "log_set", "log_set", "log_set", "log_set", "finish",
    ]  # fmt: skip
    replay = page.evaluate(
        """async (body) => {
          const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
          const r = await fetch("/today/sync/", {method: "POST", body,
            headers: {"Content-Type": "application/json", "X-CSRFToken": token}});
          return (await r.json()).results.map((x) => x.outcome);
        }""",
        body,
    )
    assert replay == ["applied"] * 5
    assert AppliedAction.objects.count() == 5
    assert PrescriptionLog.objects.get(prescription=hold).sets_done == 2
    context.close()

    # The coach's athlete page shows exactly those logs, once.
    coach_context = browser.new_context()
    coach_page = coach_context.new_page()
    coach_page.goto(live_server.url + reverse("login"))
    coach_page.fill("#id_username", coach.email)
    coach_page.fill("#id_password", PASSWORD)
    coach_page.click("button[type=submit]")
    coach_page.wait_for_load_state()
    coach_page.goto(live_server.url + reverse("athletes:detail", args=[athlete.pk]))
    expect(coach_page.get_by_text("Left side burned")).to_have_count(1)
    expect(coach_page.get_by_text("RPE 7").first).to_be_visible()
    # Coach pages are never kept for offline use.
    assert not [u for u in coach_page.evaluate(CACHED_URLS) if not u.startswith("/static/")]
    coach_page.goto("about:blank")
    coach_context.close()


def test_the_day_rule_judges_each_action_by_when_it_was_done(live_server, browser):
    _, athlete, session, hold, squat = _seed_with_login()
    day = session.date
    next_morning = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9)))
    context = _phone(browser)
    context.clock.install(time=timezone.now())
    page = context.new_page()
    _log_in(page, live_server, athlete.email)
    _open_for_offline(page, live_server)
    context.set_offline(True)
    page.reload()
    # On the session's day: one set. The next morning, on the page still open: another.
    page.locator(f"#rx-{hold.pk}").get_by_role("button", name="Set 1").tap()
    expect(page.locator(QUEUE_ITEMS)).to_have_count(1)
    context.clock.set_system_time(next_morning)
    page.locator(f"#rx-{squat.pk}").get_by_role("button", name="Set 1").tap()
    expect(page.locator(QUEUE_ITEMS)).to_have_count(2)

    # Both are sent the next morning, after the day closed.
    with time_machine.travel(next_morning + dt.timedelta(minutes=30), tick=True):
        context.set_offline(False)
        alert = page.locator("#offline-queue [role=alert]")
        expect(alert).to_have_text("Not saved:")
        expect(page.locator(QUEUE_ITEMS)).to_have_count(1)
        expect(page.locator(QUEUE_ITEMS)).to_contain_text(
            "Set 1 · Back squat — This session has closed"
        )
        assert PrescriptionLog.objects.get(prescription=hold).sets_done == 1
        assert not PrescriptionLog.objects.filter(prescription=squat).exists()
        # The message stays until the athlete dismisses it; nothing is sent again.
        page.reload()
        expect(page.locator(QUEUE_ITEMS)).to_have_count(1)
        page.locator("#offline-queue").get_by_role("button", name="Dismiss").tap()
        expect(page.locator("#offline-queue")).to_be_hidden()
        assert AppliedAction.objects.count() == 2
        page.goto("about:blank")
    context.close()


def test_logging_out_leaves_nothing_for_the_next_athlete(live_server, browser):
    _, first, session, hold, _ = _seed_with_login()
    second = AthleteUserFactory(organization=first.organization, email="second@example.com")
    version = ProgramVersionFactory(program=ProgramFactory(athlete=second))
    PrescriptionFactory(session=SessionFactory(version=version, title="Sprint day"), sets=3)

    context = _phone(browser)
    page = context.new_page()
    _log_in(page, live_server, first.email)
    _open_for_offline(page, live_server)
    context.set_offline(True)
    page.reload()
    page.locator(f"#rx-{hold.pk}").get_by_role("button", name="Set 1").tap()
    expect(page.locator(QUEUE_ITEMS)).to_have_count(1)
    # The signal is back but weak: the queue cannot go out before the athlete logs out.
    page.route(re.compile(r"/today/sync/$"), lambda route: route.abort())
    context.set_offline(False)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.unroute(re.compile(r"/today/sync/$"))

    _log_in(page, live_server, second.email)
    page.wait_for_function("() => document.documentElement.dataset.offlineReady")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprint day")
    expect(page.get_by_text("Saved on this phone")).to_have_count(0)
    assert page.evaluate(QUEUED) == []
    cached = page.evaluate(CACHED_URLS)
    assert f"/sessions/{session.pk}/" not in cached
    today_copy = page.evaluate(
        "async () => { const r = await caches.match('/today/'); return r ? r.text() : ''; }"
    )
    assert "Hip flexor day" not in today_copy
    assert "Sprint day" in today_copy
    assert not PrescriptionLog.objects.exists()
    assert not AppliedAction.objects.exists()
    context.close()


def test_a_new_release_replaces_the_worker_and_its_caches(live_server, browser, settings):
    _, athlete, session, *_ = _seed_with_login()
    settings.OFFLINE_RELEASE = "r1"
    context = _phone(browser)
    page = context.new_page()
    _log_in(page, live_server, athlete.email)
    _open_for_offline(page, live_server)
    assert page.evaluate("() => document.documentElement.dataset.offlineReady") == "r1"
    assert set(page.evaluate("() => caches.keys()")) == {
        "speedchain-static-r1",
        "speedchain-pages-r1",
    }

    # A deploy: a new release and new content. The next open online gets both.
    settings.OFFLINE_RELEASE = "r2"
    session.title = "New block day"
    session.save()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("New block day")
    expect(page.get_by_text("A new version of Speedchain is ready")).to_be_visible()
    page.wait_for_function(
        "async () => (await caches.keys()).sort().join() === "
        "'speedchain-pages-r2,speedchain-static-r2'"
    )
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.offlineReady === 'r2'")
    # Offline now shows the new release's copy, not the old one.
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("New block day")
    context.close()
