"""The living documentation in a real browser: Debian's headless Chromium, driven by Selenium through chromedriver.

No browser or driver is downloaded: Selenium is given `/usr/bin/chromedriver` and `/usr/bin/chromium`
(`scripts/test.sh` installs both with apt-get when they are missing). Outside CI a machine without
them skips these tests, saying why; under CI=true they fail instead, since a browser test that
is skipped in CI proves nothing.

Screenshots at desktop and phone widths are written to the test's folder, and to the folder
named by CONTRACTS_BDD_SCREENSHOTS when it is set (`docs/images` for the pictures of docs/living-docs.md).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from behave_project import Project
from living_docs_support import example_site, hostile_pact

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
DESKTOP, PHONE = (1280, 900), (390, 844)
TEXT_CONTRAST = """
function luminance(colour) {
  var parts = colour.match(/[\\d.]+/g).map(Number);
  var channels = parts.slice(0, 3).map(function (value) {
    value /= 255;
    return value <= 0.03928 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}
function background(element) {
  for (var node = element; node && node.nodeType === 1; node = node.parentElement) {
    var colour = getComputedStyle(node).backgroundColor;
    var alpha = (colour.match(/[\\d.]+/g) || []).map(Number)[3];
    if (colour !== "transparent" && alpha !== 0) { return colour; }
  }
  return "rgb(255, 255, 255)";
}
var low = [];
document.querySelectorAll("body *").forEach(function (element) {
  var own = Array.prototype.some.call(element.childNodes, function (node) {
    return node.nodeType === 3 && node.textContent.trim();
  });
  if (!own || !element.getClientRects().length || element.closest("svg")) { return; }
  var style = getComputedStyle(element);
  var a = luminance(style.color), b = luminance(background(element));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  var large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
  if (ratio < (large ? 3 : 4.5)) { low.push(element.tagName + " " + element.className + " " + ratio.toFixed(2)); }
});
return low;
"""
STRUCTURE = """
var levels = Array.prototype.map.call(document.querySelectorAll("h1, h2, h3, h4, h5, h6"), function (h) {
  return +h.tagName[1];
});
var skips = levels.filter(function (level, index) { return level > (index ? levels[index - 1] : 0) + 1; });
var unlabelled = Array.prototype.filter.call(document.querySelectorAll("input, select"), function (field) {
  return !(field.id && document.querySelector('label[for="' + field.id + '"]')) && !field.getAttribute("aria-label");
}).map(function (field) { return field.id || field.name; });
var unnamedLinks = Array.prototype.filter.call(document.querySelectorAll("a"), function (link) {
  return !(link.textContent.trim() || link.getAttribute("aria-label"));
}).length;
return {
  h1: document.querySelectorAll("h1").length, skips: skips.length, unlabelled: unlabelled,
  unnamedLinks: unnamedLinks, lang: document.documentElement.lang,
  overflow: document.documentElement.scrollWidth - window.innerWidth
};
"""


def browser_problem() -> str | None:
    """Why no browser test can run here, or None."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        return f"{' and '.join(missing)} missing: apt-get install chromium chromium-driver (scripts/test.sh does)"
    try:
        import selenium  # noqa: F401, PLC0415
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = browser_problem()
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run in CI: {problem}")
        pytest.skip(problem)
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    profile = tempfile.mkdtemp(prefix="contracts-bdd-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_site(tmp_path_factory.mktemp("example")).root / "site"


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_site(tmp_path_factory.mktemp("broken"), broken=True).root / "site"


def open_page(driver: Any, page: Path, size: tuple[int, int] = DESKTOP) -> None:
    driver.set_window_size(*size)
    driver.get(page.as_uri())
    driver.get_log("browser")  # what an earlier page said is not this page's


def console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def pair_page(site: Path, consumer: str) -> Path:
    (page,) = (site / "pairs").glob(f"{consumer}--*.html")
    return page


def by_css(driver: Any, selector: str) -> list[Any]:
    return list(driver.find_elements("css selector", selector))


@pytest.mark.parametrize(("width", "shape"), [(DESKTOP, "wide"), (PHONE, "narrow")], ids=["desktop", "phone"])
def test_the_map_draws_each_pair_by_its_status_with_counts(
    browser: Any, example: Path, broken: Path, width: tuple[int, int], shape: str
) -> None:
    for site, statuses in (
        (example, {"NotificationService → OrderService": "verified", "OrderService → UserService": "verified"}),
        (broken, {"NotificationService → OrderService": "verified", "OrderService → UserService": "failed"}),
    ):
        open_page(browser, site / "index.html", width)
        (shown,) = [drawing for drawing in by_css(browser, "svg.service-map") if drawing.is_displayed()]
        assert shown.get_attribute("class") == f"service-map {shape}", "a phone gets the map laid out top to bottom"
        drawn = {
            f"{edge.get_attribute('data-consumer')} → {edge.get_attribute('data-provider')}": edge
            for edge in shown.find_elements("css selector", "a.edge")
        }
        assert {name: edge.get_attribute("data-status") for name, edge in drawn.items()} == statuses
        colours = {
            name: edge.find_element("css selector", "path").value_of_css_property("stroke")
            for name, edge in drawn.items()
        }
        assert colours["OrderService → UserService"] == (
            "rgb(179, 38, 30)" if site == broken else "rgb(26, 127, 55)"
        ), "failed is drawn red, verified green"
        labels = {name: edge.find_element("css selector", "text").text for name, edge in drawn.items()}
        expected = "1 failed, 1 verified" if site == broken else "2 verified"
        assert labels["OrderService → UserService"] == expected
        assert labels["NotificationService → OrderService"] == "1 verified"
        assert console_errors(browser) == []


def test_a_failing_interaction_shows_its_mismatch_in_words(browser: Any, broken: Path) -> None:
    open_page(browser, broken / "index.html")
    browser.find_element("css selector", 'svg.wide a.edge[data-status="failed"]').click()

    assert "OrderService → UserService" in browser.title
    failing = browser.find_element("css selector", 'details.interaction[data-status="failed"]')
    passing = browser.find_element("css selector", 'details.interaction[data-status="verified"]')
    assert failing.get_attribute("open") is not None and passing.get_attribute("open") is None
    mismatch = failing.find_element("css selector", ".mismatch")
    assert mismatch.is_displayed()
    assert "In the body: the field(s) email are missing" in mismatch.text
    assert "A user who exists" in failing.find_element("css selector", "summary").text
    assert console_errors(browser) == []


def test_search_narrows_the_list_by_words_service_status_tag_and_state(browser: Any, broken: Path) -> None:
    from selenium.webdriver.support.ui import Select  # noqa: PLC0415

    open_page(browser, broken / "index.html")

    def shown() -> list[str]:
        return [link.text for link in by_css(browser, "#find-results li a")]

    assert sorted(shown()) == ["A user who does not exist", "A user who exists", "an order was placed"]
    text = browser.find_element("id", "find-text")
    text.send_keys("user who")
    assert sorted(shown()) == ["A user who does not exist", "A user who exists"]
    assert browser.find_element("id", "find-count").text == "2 of 3 interactions match."
    Select(browser.find_element("id", "find-status")).select_by_visible_text("failed")
    assert shown() == ["A user who exists"]
    text.clear()
    Select(browser.find_element("id", "find-status")).select_by_visible_text("any")
    Select(browser.find_element("id", "find-service")).select_by_visible_text("NotificationService")
    assert shown() == ["an order was placed"]
    Select(browser.find_element("id", "find-service")).select_by_visible_text("any")
    Select(browser.find_element("id", "find-tag")).select_by_visible_text("@provider:UserService")
    assert sorted(shown()) == ["A user who does not exist", "A user who exists"]
    Select(browser.find_element("id", "find-tag")).select_by_visible_text("any")
    browser.find_element("id", "find-state").send_keys("42")
    assert shown() == ["A user who does not exist"]
    assert console_errors(browser) == []


def test_a_pact_page_narrows_its_own_interactions(browser: Any, broken: Path) -> None:
    open_page(browser, pair_page(broken, "OrderService"))
    browser.find_element("id", "narrow-text").send_keys("does not")

    visible = [
        item.get_attribute("data-status") for item in by_css(browser, "details.interaction") if item.is_displayed()
    ]
    assert visible == ["verified"]
    assert browser.find_element("id", "narrow-count").text == "1 of 2 interactions on this page matches."


def test_everything_is_reached_and_worked_from_the_keyboard(browser: Any, broken: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains  # noqa: PLC0415
    from selenium.webdriver.common.keys import Keys  # noqa: PLC0415
    from selenium.webdriver.support.ui import WebDriverWait  # noqa: PLC0415

    open_page(browser, broken / "index.html")

    def press(*keys: str) -> Any:
        ActionChains(browser).send_keys(*keys).perform()
        return browser.switch_to.active_element

    first = press(Keys.TAB)
    assert first.get_attribute("class") == "skip" and first.is_displayed(), "the first Tab shows the skip link"
    assert press(Keys.ENTER).get_attribute("id") == "main"
    assert press("/").get_attribute("id") == "find-text", "/ goes to the search"
    press("user who exists")
    for _ in range(10):  # past the service, status, tag and state fields to the first result
        focused = press(Keys.TAB)
        if focused.tag_name == "a":
            break
    assert focused.text == "A user who exists"
    press(Keys.ENTER)
    WebDriverWait(browser, 10).until(
        lambda driver: (
            "/pairs/" in driver.current_url
            and driver.execute_script("return document.readyState") == "complete"
            and driver.switch_to.active_element.tag_name != "body"
        ),
        message="the page the link opened focused nothing",
    )
    summary = browser.switch_to.active_element
    assert summary.tag_name == "summary" and "A user who exists" in summary.text, "the link opens its interaction"
    details = summary.find_element("xpath", "..")
    assert details.get_attribute("open") is not None
    press(Keys.ENTER)
    assert details.get_attribute("open") is None, "Enter folds it"
    following = press(Keys.TAB)
    assert following.tag_name == "summary" and "A user who does not exist" in following.text
    press(Keys.ENTER)
    assert following.find_element("xpath", "..").get_attribute("open") is not None, "Enter unfolds the next"
    edge_page = broken / "index.html"
    open_page(browser, edge_page)
    for _ in range(12):  # the map's arrows are links in the Tab order
        focused = press(Keys.TAB)
        if "edge" in (focused.get_attribute("class") or ""):
            break
    assert focused.get_attribute("aria-label").startswith("NotificationService depends on OrderService")
    assert console_errors(browser) == []


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_page_is_readable_labelled_and_in_contrast(browser: Any, broken: Path, width: tuple[int, int]) -> None:
    for page in [broken / "index.html", *sorted((broken / "pairs").glob("*.html"))]:
        open_page(browser, page, width)
        for details in by_css(browser, "details"):
            browser.execute_script("arguments[0].open = true", details)
        found = browser.execute_script(STRUCTURE)
        assert found["h1"] == 1 and found["skips"] == 0, (page.name, found)
        assert found["unlabelled"] == [] and found["unnamedLinks"] == 0 and found["lang"] == "en", (page.name, found)
        assert found["overflow"] <= 0, f"{page.name} is wider than a {width[0]} px screen"
        assert browser.execute_script(TEXT_CONTRAST) == [], page.name
        assert console_errors(browser) == []


def test_a_hostile_pact_runs_no_script_in_the_browser(browser: Any, tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.write("pacts/hostile.json", json.dumps(hostile_pact()))
    done = project.cli("docs", "-o", "site")
    assert done.returncode == 0, done.stderr

    for page in [tmp_path / "site" / "index.html", *sorted((tmp_path / "site" / "pairs").glob("*.html"))]:
        open_page(browser, page)
        for details in by_css(browser, "details"):
            browser.execute_script("arguments[0].open = true", details)
        browser.find_element("id", "find-text" if page.name == "index.html" else "narrow-text").send_keys("a")
        assert browser.execute_script("return window.__pwned === undefined")
        assert by_css(browser, "img") == []
        assert console_errors(browser) == [], "no blocked inline script, no failed image: nothing was read as markup"
    assert "<img src=x" in browser.find_element("tag name", "main").text, "the markup is shown as text"


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is no PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_screenshots_at_desktop_and_phone_widths(browser: Any, broken: Path, tmp_path: Path) -> None:
    kept = os.environ.get("CONTRACTS_BDD_SCREENSHOTS")
    shots = {
        "living-docs-map": broken / "index.html",
        "living-docs-failure": pair_page(broken, "OrderService"),
    }
    for name, page in shots.items():
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            open_page(browser, page, size)
            height = min(int(browser.execute_script("return document.documentElement.scrollHeight")), 2400)
            browser.set_window_size(size[0], height)
            shot = tmp_path / f"{name}-{label}.png"
            assert browser.save_screenshot(str(shot))
            assert png_size(shot)[0] == size[0]
            if kept:
                Path(kept).mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, Path(kept) / shot.name)
    assert console_errors(browser) == []


def test_the_page_checks_see_what_they_look_for(browser: Any, example: Path) -> None:
    """The contrast and structure checks above are not vacuous: each finds a planted fault."""
    open_page(browser, example / "index.html")
    browser.execute_script(
        "var p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#bbbbbb';"
        "document.querySelector('main').appendChild(p);"
        "var i = document.createElement('input'); i.id = 'lonely'; document.querySelector('main').appendChild(i);"
        "var h = document.createElement('h4'); h.textContent = 'too deep'; document.querySelector('main').prepend(h);"
        "var w = document.createElement('div'); w.textContent = 'wide'; w.style.width = '3000px';"
        "document.querySelector('main').appendChild(w);"
    )

    found = browser.execute_script(STRUCTURE)

    assert browser.execute_script(TEXT_CONTRAST) == ["P  1.92"]  # #bbbbbb on white
    assert found["unlabelled"] == ["lonely"] and found["skips"] == 1 and found["overflow"] > 0
