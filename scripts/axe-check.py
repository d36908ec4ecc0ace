#!/usr/bin/env python3
"""Checks PanelBrief's web papers (briefing.html) for accessibility in a real browser.

    python3 scripts/axe-check.py FILE.html... [--screenshots DIR]

Opens each file in headless Chromium (Debian's `chromium` and `chromium-driver`, driven by
Selenium) and runs axe-core with the WCAG 2.0, 2.1 and 2.2 level A and AA rules (every rule
tagged wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22a or wcag22aa in the axe-core used). axe-core is
the newest axe.min.js shipped by PyPI's selenium-axe-python (axe-core 4.9) or
axe-selenium-python (an older axe-core without the WCAG 2.1 and 2.2 tags). Prints each violation with the elements it found and
exits 1 when there is one; exits 3 when a tool is missing (the message says which). Also checks
that the page loaded nothing (no script, style sheet, image or font from anywhere).
With --screenshots DIR it saves DIR/<name>-first-screen.png (1280×900) and
DIR/<name>-chart.png (the first chart with its caption), where <name> is the file's folder name.

Install: apt-get install chromium chromium-driver; pip install selenium-axe-python selenium
"""
import json
import os
import shutil
import sys

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def missing(what):
    print(f"axe-check: {what}", file=sys.stderr)
    sys.exit(3)


def newest_axe():
    """The newest axe.min.js that an installed PyPI package ships, and its version."""
    import importlib.util
    import re
    found = []
    for package in ["selenium_axe_python", "axe_selenium_python", "axe_playwright_python"]:
        spec = importlib.util.find_spec(package)
        if not spec or not spec.submodule_search_locations:
            continue
        for root, _, names in os.walk(list(spec.submodule_search_locations)[0]):
            for name in names:
                if name == "axe.min.js":
                    path = os.path.join(root, name)
                    head = open(path, encoding="utf-8", errors="replace").read(4000)
                    m = re.search(r"axe v(\d+)\.(\d+)\.(\d+)", head) or re.search(r'version:"(\d+)\.(\d+)\.(\d+)"', head)
                    version = tuple(int(x) for x in m.groups()) if m else (0, 0, 0)
                    found.append((version, path))
    if not found:
        return None, None
    version, path = max(found)
    return path, ".".join(map(str, version))


def main(argv):
    shots = None
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--screenshots":
            shots = argv[i + 1]
            i += 2
        else:
            files.append(argv[i])
            i += 1
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError as e:
        missing(f"needs Python's selenium ({e}); pip install selenium-axe-python selenium")
    axe_js, axe_version = newest_axe()
    if not axe_js:
        missing("needs axe-core's axe.min.js; pip install selenium-axe-python")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        missing("needs chromium and chromedriver; apt-get install chromium chromium-driver")

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--hide-scrollbars", "--force-device-scale-factor=1",
                 "--lang=en-GB", "--no-first-run", "--disable-extensions"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(120)
    source = open(axe_js, encoding="utf-8").read()
    failures = 0
    try:
        for path in files:
            path = os.path.abspath(path)
            driver.get("file://" + path)
            resources = driver.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)")
            if resources:
                print(f"{path}: the page loaded {len(resources)} resource(s): {resources[:5]}")
                failures += 1
            driver.execute_script(source)
            result = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "const known = new Set(axe.getRules().flatMap(r => r.tags));"
                "const tags = arguments[0].filter(t => known.has(t));"
                "axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
                ".then(r => done(JSON.stringify({v: r.violations, p: r.passes.length, n: r.testEngine.version, t: tags, rules: axe.getRules(tags).length})))"
                ".catch(e => done(JSON.stringify({error: String(e)})));", TAGS)
            result = json.loads(result)
            if "error" in result:
                print(f"{path}: axe failed: {result['error']}")
                failures += 1
                continue
            violations = result["v"]
            print(f"{path}: axe-core {result['n']}, {result['rules']} rules tagged {', '.join(result['t'])}: "
                  f"{len(violations)} violation(s), {result['p']} rule(s) passed")
            for v in violations:
                failures += 1
                print(f"  {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
                for node in v["nodes"][:5]:
                    print(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1] if node.get('failureSummary') else ''}")
            if shots:
                os.makedirs(shots, exist_ok=True)
                name = os.path.basename(os.path.dirname(path)) or "briefing"
                driver.execute_script("window.scrollTo(0, 0)")
                driver.save_screenshot(os.path.join(shots, f"{name}-first-screen.png"))
                charts = driver.find_elements(By.CSS_SELECTOR, "figure.chart")
                if charts:
                    # The whole first chart with its caption: the window made tall enough.
                    height = driver.execute_script(
                        "return Math.ceil(arguments[0].getBoundingClientRect().height)", charts[0])
                    driver.set_window_size(1280, max(900, height + 250))
                    driver.execute_script("arguments[0].scrollIntoView()", charts[0])
                    charts[0].screenshot(os.path.join(shots, f"{name}-chart.png"))
                    driver.set_window_size(1280, 900)
    finally:
        driver.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
