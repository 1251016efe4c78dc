#!/usr/bin/env python3
"""Drives the slider page of `mobsim demo --interactive` in headless Chromium
through chromedriver (the W3C WebDriver protocol: plain HTTP + JSON, so
urllib is enough). Usage: slider_driver.py PAGE.html SHOT_DIR

Prints, for the baseline, one line "baseline OFFSET_MS VERDICT" per slider
position, moving the slider with the keyboard (Home, then Right arrow 80
times); then "hoa-signaling 0 VERDICT" after picking the scheme in the
selector; "chart ready" when the chart of the shown run is drawn. Leaves
screenshots in SHOT_DIR (slider-baseline-0.png, slider-baseline-260.png,
slider-hoa-signaling-0.png). tests/analysis/test_demo_slider.c asserts.
"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
HOME, RIGHT = "\ue011", "\ue014"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Driver:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port
        self.sid = None

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read().decode())["value"]

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.sid, path), body)

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def keys(self, el, text):
        self.s("POST", "/element/%s/value" % el, {"text": text})

    def text(self, css):
        return self.s("GET", "/element/%s/text" % self.find(css))

    def js(self, script):
        return self.s("POST", "/execute/sync", {"script": script, "args": []})

    def shot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))


def main():
    page, shots = os.path.abspath(sys.argv[1]), sys.argv[2]
    port = free_port()
    cd = subprocess.Popen(["chromedriver", "--port=%d" % port],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    d = Driver(port)
    try:
        for _ in range(100):
            try:
                d.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                "--hide-scrollbars", "--no-first-run", "--disable-background-networking"]}}}}
        d.sid = d.call("POST", "/session", caps)["sessionId"]
        d.s("POST", "/url", {"url": "file://" + page})
        for _ in range(200):
            if d.js("return document.body.getAttribute('data-charts')") != "loading":
                break
            time.sleep(0.05)
        slider = d.find("#offset")
        d.keys(slider, HOME)
        for i in range(81):
            off = d.js("return document.body.getAttribute('data-offset')")
            print("baseline %s %s" % (off, d.text("#verdict")))
            if off in ("0", "260"):
                d.shot(os.path.join(shots, "slider-baseline-%s.png" % off))
            if i < 80:
                d.keys(slider, RIGHT)
        opt = d.find("#scheme option:nth-child(4)")
        d.s("POST", "/element/%s/click" % opt, {})
        d.keys(slider, HOME + RIGHT * 40)
        print("%s %s %s" % (d.js("return document.body.getAttribute('data-scheme')"),
                            d.js("return document.body.getAttribute('data-offset')"),
                            d.text("#verdict")))
        d.shot(os.path.join(shots, "slider-hoa-signaling-0.png"))
        print("chart %s" % d.js("return document.querySelector('#chart svg.msc')?'ready':"
                                "document.body.getAttribute('data-charts')"))
        return 0
    finally:
        if d.sid:
            try:
                d.s("DELETE", "")
            except OSError:
                pass
        cd.terminate()
        cd.wait()


if __name__ == "__main__":
    sys.exit(main())
