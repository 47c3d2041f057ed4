"""The HTML pack as a reader sees it: opened offline in headless Chromium, with no console
errors, no network requests, every section drawn, Chinese labels in a CJK font."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from orchestration.pack.html import FONT_STACK
from orchestration.pack.labels import LABELS, label
from tests.pack.browser import chromium_executable, render_page

pytestmark = pytest.mark.slow

SECTIONS = (
    "section_scorecard",
    "section_trends",
    "section_migration",
    "section_complaints",
    "section_closed_loop",
    "section_drivers",
    "section_chain",
    "section_branches",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A resource the page would fetch from somewhere else: an absolute or protocol-relative URL
# in src / href / xlink:href / srcset / data / poster / action attributes, CSS url(...) or
# @import.
REMOTE = re.compile(
    r"""(?ix)
    (?:\b(?:src|href|srcset|data|poster|action)\s*=\s*["']?\s*(?:https?:)?//)
    | (?:url\(\s*["']?\s*(?:https?:)?//)
    | (?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//)
    """
)


def remote_references(html: str) -> list[str]:
    return [match.group(0) for match in REMOTE.finditer(html)]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def require_chromium() -> None:
    if chromium_executable() is None:
        pytest.fail("chromium is not installed: run `make browser` (make pytest does)")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pack_renders_in_headless_chromium_offline_without_console_errors(packs, lang, screenshots):
    require_chromium()
    png = screenshots / f"pack_{lang}.png"
    report = render_page(packs[lang].html, png)
    assert report.errors == [], report.errors
    assert report.requests == [packs[lang].html.resolve().as_uri()], report.requests
    assert report.failed_requests == []
    data = png.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 50_000  # a blank page of this size compresses to a few kB
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 1200 and height == report.size[1] and height > 3000, (width, height)
    keep = Path("/tmp") / "cx_pack_screenshots"
    keep.mkdir(exist_ok=True)
    shutil.copy(png, keep / png.name)  # for a person to look at after the run


def test_chinese_pack_draws_its_labels_in_a_cjk_font(packs, screenshots):
    require_chromium()
    report = render_page(packs["zh"].html, screenshots / "probe_zh.png", font_probe="h2")
    assert report.fonts, "no font reported for the Chinese heading"
    assert any(
        "CJK" in name or name.endswith((" SC", " CN")) or "Hei" in name or "Han" in name
        for name in report.fonts
    ), report.fonts


def test_the_browser_check_catches_console_errors_and_remote_requests(tmp_path):
    """The checks above can fail: a page with a console error and a remote image trips both."""
    require_chromium()
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><h1>x</h1>"
        "<img src='https://example.invalid/logo.png'>"
        "<script>console.error('broken chart')</script></body></html>",
        encoding="utf-8",
    )
    report = render_page(page, tmp_path / "bad.png")
    assert any("broken chart" in error for error in report.errors), report.console
    assert "https://example.invalid/logo.png" in report.requests


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pack_is_self_contained(packs, lang):
    html = packs[lang].html.read_text(encoding="utf-8")
    assert remote_references(html) == []
    tags = parse(html).tags
    names = {tag for tag, _ in tags}
    assert "script" not in names and "link" not in names and "img" not in names
    assert "style" in names
    assert sum(1 for tag, _ in tags if tag == "svg") >= 8  # trends, migration, ... chain
    assert "Noto Sans CJK SC" in FONT_STACK and FONT_STACK in html


def test_remote_reference_check_finds_each_kind():
    for snippet in (
        '<script src="https://cdn.example.com/chart.js"></script>',
        "<link rel=stylesheet href='http://fonts.example.com/a.css'>",
        '<img src="//example.com/a.png">',
        "<style>@import 'https://example.com/x.css';</style>",
        "<style>body { background: url(https://example.com/bg.png) }</style>",
    ):
        assert remote_references(snippet), snippet
    assert remote_references('<a href="#section_scorecard">x</a> url(#grad)') == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_section_is_there_with_its_heading(packs, lang):
    html = packs[lang].html.read_text(encoding="utf-8")
    parsed = parse(html)
    ids = {attrs.get("id") for tag, attrs in parsed.tags if tag == "section"}
    assert ids == set(SECTIONS)
    text = "".join(parsed.text)
    for key in SECTIONS:
        assert label(key, lang) in text


def test_chinese_pack_shows_no_english_labels(packs):
    text = "".join(parse(packs["zh"].html.read_text(encoding="utf-8")).text)
    assert re.search(r"[\u4e00-\u9fff]", text)
    english_only = {
        english
        for english, chinese in LABELS.values()
        if english != chinese and re.search(r"[A-Za-z]{4,}", english)
    }
    # Words that also occur in Chinese labels or in the data (branch names) are left out.
    leaked = sorted(
        english
        for english in english_only
        if english not in {"NPS", "CSAT", "SERVQUAL", "UTC"} and english in text
    )
    assert leaked == []


def test_every_label_has_both_languages():
    for key, (english, chinese) in LABELS.items():
        assert english.strip() and chinese.strip(), key
