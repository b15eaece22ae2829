"""In real Chromium, what a screen reader is given (the full accessibility tree, over the
DevTools protocol) on every main page the demo's Maya reaches, and the practitioner's: every
control has a name, the headings make an outline under one h1, and every chart's text
alternative carries the very numbers the chart draws."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import pytest
from django.template.defaultfilters import floatformat
from playwright.sync_api import Page

from interdepend.web.accounts.models import User
from interdepend.web.accounts.selectors import DEMO_PASSWORD
from interdepend.web.assessment.models import Attempt
from interdepend.web.assessment.selectors import attempt_result
from interdepend.web.demo import demo_load
from interdepend.web.partners.access import access_active_partnership
from interdepend.web.practice.models import ClientLink
from interdepend.web.together import selectors
from interdepend.web.together.trends import balance_numbers, series_numbers
from tests.browser.a11y import ax_props, ax_tree, ax_value
from tests.browser.conftest import ContextMaker
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Roles a person acts on; each must have a name.
CONTROLS = {
    "button", "link", "textbox", "searchbox", "checkbox", "radio", "combobox", "listbox",
    "option", "slider", "spinbutton", "switch", "tab", "menuitem", "DisclosureTriangle",
}  # fmt: skip
#: Focusable roles that are not controls: the page itself and the main landmark (tabindex -1,
#: the skip link's target).
NOT_CONTROLS = {"RootWebArea", "main"}


def person_pages(maya: User) -> list[str]:
    latest = Attempt.objects.filter(user=maya, completed_at__isnull=False).latest("completed_at")
    return [
        "/",
        "/me/assessment/",
        f"/me/assessment/{latest.public_id}/results/",
        "/us/",
        "/us/couple/",
        "/us/couple/perception/",
        "/today/",
        "/today/past/",
        "/together/",
        "/together/goals/",
        "/together/promises/",
        "/together/bids/",
        "/together/boundaries/",
        "/together/check-in/",
        "/together/circle/",
        "/together/trends/",
        "/decide/",
        "/me/journal/",
        "/me/journal/write/",
        "/practice/mine/",
        "/account/",
        "/account/sessions/",
        "/me/data/",
        "/me/sharing/",
        "/safety/",
        "/about/",
    ]


def practitioner_pages() -> list[str]:
    link = ClientLink.objects.filter(client__email="maya@demo.interdepend.test").first()
    assert link is not None
    return ["/practice/", f"/practice/clients/{link.public_id}/"]


def open_details(page: Page) -> None:
    """Open every folded section, so what it holds is in the tree too."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def unnamed_controls(nodes: list[dict[str, Any]]) -> list[str]:
    found = []
    for node in nodes:
        if node.get("ignored"):
            continue
        role = ax_value(node, "role")
        focusable = bool(ax_props(node).get("focusable"))
        if role in NOT_CONTROLS or not (role in CONTROLS or focusable):
            continue
        if not ax_value(node, "name").strip():
            found.append(f"{role} (DOM node {node.get('backendDOMNodeId')})")
    return found


def outline_problems(nodes: list[dict[str, Any]]) -> list[str]:
    levels = [
        int(ax_props(n).get("level") or 0)
        for n in nodes
        if ax_value(n, "role") == "heading" and not n.get("ignored")
    ]
    found = []
    if levels.count(1) != 1:
        found.append(f"{levels.count(1)} level-1 headings")
    if levels and levels[0] != 1:
        found.append(f"the first heading is level {levels[0]}")
    found += [f"a level-{b} heading follows a level-{a}" for a, b in pairwise(levels) if b > a + 1]
    return found


def crawl(page: Page, paths: list[str]) -> tuple[dict[str, list[str]], int]:
    problems: dict[str, list[str]] = {}
    for path in paths:
        answer = page.goto(path)
        assert answer is not None and answer.ok, f"{path}: {answer and answer.status}"
        assert page.url.endswith(path), f"{path} went to {page.url}"
        open_details(page)
        nodes = ax_tree(page)
        found = unnamed_controls(nodes) + outline_problems(nodes)
        if found:
            problems[path] = found
    return problems, len(paths)


def test_every_control_is_named_and_every_page_has_one_h1(make_context: ContextMaker) -> None:
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    page = make_context().new_page()
    log_in(page, maya.email, DEMO_PASSWORD)
    problems, pages = crawl(page, person_pages(maya))
    robin = make_context("phone").new_page()
    log_in(robin, "robin@demo.interdepend.test", DEMO_PASSWORD)
    more, more_pages = crawl(robin, practitioner_pages())
    problems |= more
    # The checks can fail: a button with no name and a second h1 are caught.
    robin.evaluate(
        "() => document.querySelector('main').append("
        "document.createElement('button'), document.createElement('h1'))"
    )
    robin.evaluate("() => { document.querySelectorAll('main h1')[1].textContent = 'Again'; }")
    nodes = ax_tree(robin)
    assert unnamed_controls(nodes) and outline_problems(nodes)
    total = pages + more_pages
    print(f"\naccessibility tree: {total - len(problems)}/{total} pages with every control named")
    assert not problems, problems


# --- charts ---------------------------------------------------------------------------------

NUMBER = re.compile(r"−?-?\d+(?:[.,]\d+)?")


def dom_node(page: Page, selector: str) -> int:
    """The backend id of the DOM node the selector finds (the tree names nodes by it)."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no {selector} on {page.url}"
        return int(cdp.send("DOM.describeNode", {"nodeId": node})["node"]["backendNodeId"])
    finally:
        cdp.detach()


def table_rows(nodes: list[dict[str, Any]], backend_id: int) -> list[list[str]]:
    """The rows of the table with this DOM node, cell by cell, as the tree names them."""
    by_id = {n["nodeId"]: n for n in nodes}
    table = next(n for n in nodes if n.get("backendDOMNodeId") == backend_id)

    def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
        found = []
        for child in node.get("childIds", []):
            kid = by_id.get(child)
            if kid is None:
                continue
            if ax_value(kid, "role") == "row":
                found.append(kid)
            else:
                found += walk(kid)
        return found

    def cells(row: dict[str, Any]) -> list[str]:
        kids = [by_id[c] for c in row.get("childIds", []) if c in by_id]
        return [ax_value(k, "name").strip() for k in kids if not k.get("ignored")]

    return [cells(row) for row in walk(table)]


def image_named(nodes: list[dict[str, Any]], backend_id: int) -> dict[str, Any]:
    return next(n for n in nodes if n.get("backendDOMNodeId") == backend_id)


def numbers_of(text: str) -> list[float]:
    return [float(n.replace("−", "-").replace(",", ".")) for n in NUMBER.findall(text)]


def read_chart(page: Page, image: str) -> tuple[str, str, list[list[str]]]:
    """The chart image's name and description in the tree, and the rows of the table its
    description names (aria-describedby), read back from the tree."""
    open_details(page)
    nodes = ax_tree(page)
    node = image_named(nodes, dom_node(page, image))
    name, description = ax_value(node, "name"), ax_value(node, "description")
    table = page.eval_on_selector(image, "img => img.getAttribute('aria-describedby') || ''")
    rows: list[list[str]] = []
    for named in table.split():  # the table among the description's parts, or its head and body
        tag = page.eval_on_selector(f"#{named}", "n => n.tagName")
        if tag in ("TABLE", "THEAD", "TBODY"):
            whole = page.eval_on_selector(f"#{named}", "n => n.closest('table').id")
            rows = table_rows(nodes, dom_node(page, f"#{whole}"))
            break
    return name, description, rows


def expected_rows(numbers: Any) -> list[list[float | None]]:
    return [values for _week, values in numbers.rows]


def body_numbers(rows: list[list[str]]) -> list[list[float | None]]:
    """The table's body rows as numbers (the week's date in the first cell left out)."""
    return [[None if c == "—" else numbers_of(c)[0] for c in row[1:]] for row in rows[1:]]


def test_every_chart_carries_its_numbers_in_the_tree(make_context: ContextMaker) -> None:
    demo_load()
    maya = User.objects.get(email="maya@demo.interdepend.test")
    active = access_active_partnership(maya)
    assert active is not None
    page = make_context().new_page()
    log_in(page, maya.email, DEMO_PASSWORD)
    carried: dict[str, bool] = {}

    # The Self x Bond map: its name says every scale's score, as the table beside it does.
    latest = Attempt.objects.filter(user=maya, completed_at__isnull=False).latest("completed_at")
    page.goto(f"/me/assessment/{latest.public_id}/results/")
    name, _description, _rows = read_chart(page, "figure.map img")
    scores = [  # as the table beside the map shows them (half up)
        int(floatformat(s.score, 0)) for s in attempt_result(latest).scales if s.score is not None
    ]
    said = [int(n) for n in re.findall(r": (\d+)", name)]  # "Self: 62 of 100; Bond: …"
    carried["map"] = said == scores and len(scores) == 4

    # The couple map: described by the table of both partners' scores.
    page.goto("/us/couple/")
    _name, description, rows = read_chart(page, "figure.map img")
    shown = [numbers_of(" ".join(row[1:])) for row in rows[1:]]
    carried["couple map"] = len(shown) == 4 and all(len(r) == 2 for r in shown)
    carried["couple map"] &= all(str(round(n)) in description for r in shown for n in r)

    # The trends: each chart described by a table of its own numbers, week by week.
    page.goto("/together/trends/")
    items = {k: str(v) for k, v in selectors_item_labels().items()}
    charts = {
        "my check-ins": ("img[src$='mine.svg']", series_numbers(selectors.own_series(maya), items)),
        "my goal steps": (
            "section[aria-labelledby=mine-heading] img[src$='balance.svg']",
            balance_numbers(selectors.own_balance(maya, active), "", "x"),
        ),
        "our check-ins": (
            "img[src$='us.svg']",
            series_numbers(selectors.couple_series(maya, active)),
        ),
        "our goal steps": (
            "img[src$='us-balance.svg']",
            balance_numbers(selectors.couple_balance(active), None, "x"),
        ),
    }
    # Closed, the numbers' disclosure still leaves each chart a description: its latest week
    # (a description inside a closed disclosure is read as none: the keyboard audit).
    page.goto("/together/trends/")
    closed = ax_tree(page)
    for label, (image, _numbers) in charts.items():
        told = ax_value(image_named(closed, dom_node(page, image)), "description")
        carried[f"{label}, closed"] = told.startswith("Latest week") and bool(numbers_of(told))
    for label, (image, numbers) in charts.items():
        _name, description, rows = read_chart(page, image)
        want = expected_rows(numbers)
        got = body_numbers(rows)
        carried[label] = bool(want) and got == [
            [None if v is None else round(v, 1) for v in row] for row in want
        ]
        carried[label] &= len(numbers_of(description)) >= len(want)
    # The carry-over chart, when the demo couple has enough weeks for it: described by the
    # figures and the range chance gives.
    found = selectors.couple_carryover(maya, active)
    if found.result is not None and found.null is not None and found.null.cross:
        _name, description, _rows = read_chart(page, "img[src$='carry-over.svg']")
        figures = [found.result.a_to_b, found.result.b_to_a]
        wanted = [v for c in figures for v in (c.estimate, c.ci_low, c.ci_high)]
        wanted += [found.null.low, found.null.high]
        said_numbers = numbers_of(description)
        carried["carry-over"] = all(round(v, 2) in said_numbers for v in wanted)
    print(
        f"\ncharts with their numbers in the tree: {sum(carried.values())}/{len(carried)} "
        f"({', '.join(k for k, v in carried.items() if v)})"
    )
    assert all(carried.values()), carried


def selectors_item_labels() -> dict[str, Any]:
    from interdepend.web.together.forms import ITEM_LABELS

    return dict(ITEM_LABELS)
