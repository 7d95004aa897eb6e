"""Cuts the lock's entry points out of a copy of the participant app, so `scripts/lock-cost.sh` can build
the same tree without the lock and print what the lock costs the .wasm (issue 14's budget: 15 KB brotli).

What is cut: the lock screen, the "Lock Steady" settings and the privacy guard are not mounted; the app
never starts locked and never reads the lock's record; the codec always answers "no lock" (so nothing
is sealed, opened or put in blocks); and changes take no Web Lock (which only the lock needs: without
Web Crypto between a read and its write, one IndexedDB transaction is atomic on its own). Everything
only these reach is then dead code, which the compiler drops. Each cut must match exactly once, so a
renamed function fails loudly here instead of printing a cost that quietly measures less.

Usage: python3 scripts/lock_cut.py <copy of the repository>
"""

import re
import sys
from pathlib import Path

# (file, function name, the body it gets instead)
BODIES = [
    ("src/lock/mod.rs", "stays_locked", "false"),
    ("src/storage/lock.rs", "lock_settings", "Ok(None)"),
    ("src/storage/codec.rs", "keys", "Keys::Plain"),
    ("src/storage/codec.rs", "is_locked", "false"),
    ("src/storage/codec.rs", "sealing_key", "Ok(None)"),
    ("src/storage/mod.rs", "hold", "None"),
]

# (file, regular expression of markup or a line, what replaces it)
TEXTS = [
    ("src/app.rs", r"html! \{ <pages::lock::LockScreen /> \}", "Html::default()"),
    ("src/app.rs", r"\n\s*guard::use_privacy_guard\([^;]*\);", ""),
    ("src/app.rs", r"\n\s*if quick_exit \{ \{ guard::quick_exit_button\(&app\) \} \}", ""),
    ("src/pages/my_data.rs", r"\n\s*<crate::pages::lock_settings::LockSettings />", ""),
]


def replace_body(text: str, name: str, body: str) -> str:
    """The text with function `name`'s body (its outermost braces) replaced by `body`."""
    starts = [m.end() for m in re.finditer(rf"\bfn {re.escape(name)}\b[^{{;]*\{{", text)]
    if len(starts) != 1:
        raise SystemExit(f"lock_cut: expected one `fn {name}`, found {len(starts)}: the cut needs updating")
    depth, at = 1, starts[0]
    while depth:
        depth += {"{": 1, "}": -1}.get(text[at], 0)
        at += 1
    return text[: starts[0]] + f" {body} " + text[at - 1 :]


def main(root: Path) -> None:
    for file, name, body in BODIES:
        path = root / file
        path.write_text(replace_body(path.read_text(), name, body))
    for file, pattern, replacement in TEXTS:
        path = root / file
        text, count = re.subn(pattern, replacement, path.read_text())
        if count != 1:
            raise SystemExit(f"lock_cut: expected one /{pattern}/ in {file}, found {count}: the cut needs updating")
        path.write_text(text)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
