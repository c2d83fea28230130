"""Error text for the review page's visitors: no absolute file system paths.

An error message may name a file (``slug 'x' is also the slug of /srv/news/releases/a.md``); the page shows only
the file's name, so the server's folders stay private. URLs are left alone.

>>> public_message("slug 'x' is also the slug of /srv/news/releases/a.md; set a distinct slug")
"slug 'x' is also the slug of …/a.md; set a distinct slug"
>>> public_message("see https://news.example.org/pt/a.html or C:\\\\Users\\\\ana\\\\a.xlf")
'see https://news.example.org/pt/a.html or …\\\\a.xlf'
"""

from __future__ import annotations

import re

# An absolute POSIX path of two or more parts (not inside a URL: no word character, ":" or "/" just before it),
# or a Windows drive path.
_POSIX = re.compile(r"(?<![\w:/.~-])/(?:[^\s/'\"<>]+/)+([^\s/'\"<>]*)")
_WINDOWS = re.compile(r"(?<![\w])[A-Za-z]:\\(?:[^\s\\'\"<>]+\\)*([^\s\\'\"<>]*)")


def public_message(text: str) -> str:
    """``text`` with every absolute path cut to its last part."""
    text = _POSIX.sub(lambda m: "…/" + m.group(1), text)
    return _WINDOWS.sub(lambda m: "…\\" + m.group(1), text)
