#!/usr/bin/env bash
# Makes sure the headless browser used by tests/serve/browser.test.ts is present: Debian's chromium
# at /usr/bin/chromium (driven by playwright-core through its executablePath, so no browser download),
# plus a CJK font so the Chinese sample articles are legible in the test's screenshots.
# Installs only what is missing, and only as root with apt-get; otherwise says why and leaves the
# decision to the test (skipped locally, failed when CI is set). Never fails `npm test` by itself.
set -u
CHROMIUM=/usr/bin/chromium
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  missing+=(fonts-noto-cjk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "ensure-browser: missing ${missing[*]} and this is not root, so it cannot be installed here;" >&2
  echo "ensure-browser: run 'sudo apt-get install ${missing[*]}' (until chromium is there the browser test is skipped)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: missing ${missing[*]} and apt-get is not available; install them by hand" >&2
  exit 0
fi
echo "ensure-browser: installing ${missing[*]} for the browser test" >&2
if ! (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"); then
  echo "ensure-browser: apt-get could not install ${missing[*]} (see above); the browser test may not run" >&2
fi
exit 0
