"""Open a page in headless Chromium over the DevTools protocol, as a reader's browser would.

`render_page(path, png)` loads the file with the network cut off, records every console
message, uncaught exception, log entry and network request the page makes, and saves a
full-page PNG screenshot.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.sync.client import connect

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-port=0",
)


def chromium_executable() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageReport:
    console: list[dict] = field(default_factory=list)  # {"level", "text"}
    exceptions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    failed_requests: list[str] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)
    fonts: list[str] = field(default_factory=list)  # fonts that drew the probed element

    @property
    def errors(self) -> list[str]:
        return [m["text"] for m in self.console if m["level"] == "error"] + self.exceptions


class _Session:
    def __init__(self, websocket) -> None:
        self.ws = websocket
        self.ids = itertools.count(1)
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        message_id = next(self.ids)
        message: dict = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv(timeout=60))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method:
                    return event
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {method} within {timeout} s")
            self.events.append(json.loads(self.ws.recv(timeout=remaining)))

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                self.events.append(json.loads(self.ws.recv(timeout=remaining)))
            except TimeoutError:
                return


def _devtools_url(process: subprocess.Popen, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()  # type: ignore[union-attr]
        if not line:
            if process.poll() is not None:
                break
            continue
        seen.append(line)
        found = re.search(r"DevTools listening on (ws://\S+)", line)
        if found:
            return found.group(1)
    raise RuntimeError("Chromium did not start:\n" + "".join(seen[-20:]))


def _stop(process: subprocess.Popen) -> None:
    """End the Chromium this module started: its process group (renderers, GPU, zygote)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            time.sleep(0.2)
            return
        except subprocess.TimeoutExpired:
            continue


def render_page(
    page: Path,
    screenshot: Path,
    width: int = 1360,
    band: tuple[int, int] | None = None,
    font_probe: str = "h1",
) -> PageReport:
    """Load `page`, save a screenshot of the whole page (or of the rows `band`: top, height)
    and list the platform fonts that drew the first element matching `font_probe`."""
    executable = chromium_executable()
    if executable is None:
        raise RuntimeError("chromium is not installed: run `make browser`")
    report = PageReport()
    with tempfile.TemporaryDirectory(prefix="cx-chromium-", ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, ended as a whole below
        )
        try:
            with connect(_devtools_url(process), max_size=None, open_timeout=20) as websocket:
                _drive(_Session(websocket), page, screenshot, width, band, font_probe, report)
        finally:
            _stop(process)
    return report


def _drive(
    browser: _Session,
    page: Path,
    screenshot: Path,
    width: int,
    band: tuple[int, int] | None,
    font_probe: str,
    report: PageReport,
) -> None:
    """Navigate, wait for the load event, then collect what the page did."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    # A reader may be offline: any request that leaves the machine fails.
    browser.send(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        session=session,
    )
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    browser.events.clear()
    browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
    browser.wait_for("Page.loadEventFired")
    browser.drain(1.0)
    metrics = browser.send("Page.getLayoutMetrics", session=session)
    content = metrics.get("cssContentSize") or metrics["contentSize"]
    report.size = (int(content["width"]), int(content["height"]))
    shot = browser.send(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {
                "x": 0,
                "y": band[0] if band else 0,
                "width": max(report.size[0], width),
                "height": band[1] if band else report.size[1],
                "scale": 1,
            },
        },
        session=session,
    )
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    browser.send("DOM.enable", session=session)
    browser.send("CSS.enable", session=session)
    root = browser.send("DOM.getDocument", session=session)["root"]["nodeId"]
    node = browser.send(
        "DOM.querySelector", {"nodeId": root, "selector": font_probe}, session=session
    )["nodeId"]
    if node:
        used = browser.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)
        report.fonts = [font["familyName"] for font in used.get("fonts", [])]
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            level = "error" if params.get("type") in ("error", "assert") else "info"
            text = " ".join(
                str(arg.get("value", arg.get("description", ""))) for arg in params["args"]
            )
            report.console.append({"level": level, "text": text})
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            report.exceptions.append(
                details.get("exception", {}).get("description") or details.get("text", "")
            )
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            report.console.append(
                {"level": entry.get("level", "info"), "text": entry.get("text", "")}
            )
        elif method == "Network.requestWillBeSent":
            report.requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed":
            report.failed_requests.append(params.get("errorText", ""))
