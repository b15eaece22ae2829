"""Steps the accessibility tests share: a keyboard that only presses keys and checks where the
focus lands, and readings of the accessibility tree Chromium hands a screen reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

#: What the focused element is and how it shows, read in the page after each key.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  // A radio of the compact 7-point answer shows its focus on its label (a :has() rule).
  const ring = (node) => {
    if (!node) return false;
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return outline || s.boxShadow !== 'none';
  };
  const label = el.closest('label');
  const style = getComputedStyle(el);
  // A date field's calendar button lies inside the field, out of the page's reach: while it has
  // the focus the field is the focused element, yet neither :focus nor :focus-visible (only
  // :focus-within), and the field itself must show the ring.
  const inner = el.type === 'date' && el.matches(':focus-within') && !el.matches(':focus');
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute('type') || '',
    name: el.getAttribute('name') || '',
    id: el.id || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
    checked: !!el.checked,
    focusVisible: el.matches(':focus-visible') || inner,
    ring: ring(el) || ring(label),
    shown: r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0',
    // Wholly inside across; down, wholly inside or (a tall field, scrolled to its caret) at
    // least 48 px of it on screen.
    inViewport: r.left >= 0 && r.right <= innerWidth + 0.5 && (
      (r.top >= 0 && r.bottom <= innerHeight + 0.5)
      || Math.min(r.bottom, innerHeight) - Math.max(r.top, 0) >= 48),
    rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
  };
}"""


@dataclass
class Focused:
    tag: str
    type: str
    name: str
    id: str
    text: str
    checked: bool
    focusVisible: bool  # noqa: N815 (the name the page gives)
    ring: bool
    shown: bool
    inViewport: bool  # noqa: N815
    rect: list[int]

    def problems(self) -> list[str]:
        where = f"<{self.tag} {self.type or self.name or self.id}> {self.text!r} at {self.rect}"
        found = []
        if not self.shown:
            found.append(f"{where} is focused but not shown")
        if not self.inViewport:
            found.append(f"{where} is focused outside the viewport")
        if not (self.focusVisible and self.ring):
            found.append(f"{where} shows no focus indicator")
        return found


class Keyboard:
    """Presses keys on a page and, after each, checks the focused element; never clicks."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.presses = 0
        self.problems: list[str] = []

    def focused(self) -> Focused | None:
        found: dict[str, Any] | None = self.page.evaluate(FOCUS)
        return None if found is None else Focused(**found)

    def press(self, key: str) -> Focused | None:
        self.page.keyboard.press(key)
        self.presses += 1
        now = self.focused()
        if now is not None:
            self.problems += now.problems()
        return now

    def go(self, key: str = "Enter") -> None:
        """Press a key that takes the page somewhere else, and wait until it has."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.presses += 1

    def type(self, text: str) -> None:
        """Type into the focused field, once a field has the focus: Chromium moves the focus to
        an ``autofocus`` field when it next draws the page, which can come after the page's load
        event on a busy machine, and keys pressed before then are lost."""
        self.page.wait_for_function(
            "() => { const el = document.activeElement;"
            " return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA'); }",
        )
        self.page.keyboard.type(text)

    def tab_to(self, wanted: Callable[[Focused], bool], what: str, limit: int = 80) -> Focused:
        """Tab until the focused element is the wanted one (at most ``limit`` presses)."""
        for _ in range(limit):
            now = self.press("Tab")
            if now is not None and wanted(now):
                return now
        raise AssertionError(f"{limit} presses of Tab never reached {what} on {self.page.url}")

    def tab_to_text(self, text: str, limit: int = 80) -> Focused:
        return self.tab_to(lambda f: f.text == text, repr(text), limit)

    def follow(self, text: str, limit: int = 80) -> None:
        """Tab to a link or button by its words and press Enter; wait for the next page."""
        self.tab_to_text(text, limit)
        self.go()

    def answer_scales(self, choice: int, until: str) -> int:
        """Answer every compact 7-point question up to the button ``until`` (Tab into each
        group, Space on its first point, then arrows); returns how many were answered."""
        answered = 0
        for _ in range(400):
            now = self.press("Tab")
            if now is None:
                continue
            if now.text == until:
                return answered
            if now.type == "radio" and not now.checked:
                self.press("Space")
                for _ in range(choice - 1):
                    self.press("ArrowRight")
                answered += 1
        raise AssertionError(f"never reached {until!r} on {self.page.url}")


def ax_tree(page: Page) -> list[dict[str, Any]]:
    """Chromium's full accessibility tree of the page, as a screen reader is given it."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes: list[dict[str, Any]] = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return nodes


def ax_value(node: dict[str, Any], key: str) -> str:
    return str(node.get(key, {}).get("value", "") or "")


def ax_props(node: dict[str, Any]) -> dict[str, Any]:
    return {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
