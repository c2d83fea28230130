"""The core correctness proof of segmentation: load -> segment -> render gives back the source.

Hypothesis writes HTML pages (nested inline markup, alt/title attributes, comments, script/style/code/pre,
translate="no" and class="notranslate", entities, RTL and CJK text, odd whitespace). For each page:

* identity: rendering every segment's own source gives back a body whose every element, attribute value, text node
  and comment equals the loaded release's (and, since the loader normalises the markup, the very same bytes);
* coverage: rendering a pseudo-translation (every letter and digit of every segment turned into ``x``) changes
  exactly the text that should be translated, no more and no less: all text and ``alt``/``title`` values outside
  untranslatable content, and nothing inside it. Text dropped, duplicated, moved or left untranslated by the
  segmenter would break the equality.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transpub.formats.loading import parse_release
from transpub.formats.sanitize import sanitize_html
from transpub.formats.segment import segment_release
from transpub.text.tagged import Text, parse, serialize

# The test's own idea of what must never be translated (the contract), independent of the implementation's tables.
OPAQUE_TAGS = {"script", "style", "code", "pre"}
VOID = {"br", "img", "hr", "wbr", "meta", "link", "input"}

# --- generating pages -------------------------------------------------------------------------------------------

WORDS = [
    "GCRF",
    "Amara Okafor",
    "Mr. Okafor",
    "the U.S. office",
    "e.g. Tidewatch",
    "3.5 per cent",
    "No. 5",
    "J. K. Lee",
    "climate resilience",
    "Member States",
    "Done.",
    "Why?",
    "Yes!",
    "Wait…",
    '"Yes." He said.',
    "“Quoted.” Next.",
    "etc. and",
    "&amp;",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&nbsp;",
    "&#8217;",
    "&eacute;t&eacute;",
    "&gt;",
    "שלום עולם.",
    "مرحبا بكم.",
    "你好。世界。",
    "🌊 ",
    " ",
    "  ",
    "\n",
    "\t",
    " \n ",
    ". ",
    "! ",
]

text_chars = st.characters(
    blacklist_categories=("Cs", "Cc", "Co", "Cn"), blacklist_characters="<&", max_codepoint=0x2FFFF
)
texts = st.one_of(
    st.sampled_from(WORDS),
    st.text(text_chars, min_size=1, max_size=8),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map("".join),
)
attr_values = st.one_of(
    st.sampled_from(["Boats at sea", "  The report ", "Fund & partners", '"Quoted"', "", "---", "مرفأ", "x<y"]),
    st.text(text_chars, max_size=10),
).map(lambda v: escape(v, quote=True))
comments = st.text(st.characters(blacklist_characters="->", blacklist_categories=("Cs", "Cc")), max_size=10).map(
    lambda c: f"<!--{c}-->"
)


def _attrs(draw: st.DrawFn, *, alt: bool = False) -> str:
    parts = []
    if alt and draw(st.booleans()):
        parts.append(f' alt="{draw(attr_values)}"')
    if draw(st.booleans()):
        parts.append(f' title="{draw(attr_values)}"')
    marker = draw(st.sampled_from(["", "", "", ' translate="no"', ' class="x notranslate"', ' translate="yes"']))
    return "".join(parts) + marker + draw(st.sampled_from(["", ' class="k"', ' href="/r?a=1&amp;b=2"', " lang=fr"]))


@st.composite
def opaque_inline(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["code", "span-no", "span-class"]))
    inner = draw(st.sampled_from(["x &lt; y", "<b>bold</b> text", "Tidewatch", "  spaced  ", "if (a) {}"]))
    if kind == "code":
        return f"<code>{inner}</code>"
    if kind == "span-no":
        return f'<span translate="no" title="Keep me">{inner}</span>'
    return f'<span class="notranslate">{inner}</span>'


@st.composite
def img(draw: st.DrawFn) -> str:
    return f'<img src="a.png"{_attrs(draw, alt=True)}>'


def _wrap(tag: str, attrs: str, children: list[str]) -> str:
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


@st.composite
def inline_element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.sampled_from(["a", "strong", "em", "b", "i", "span", "sup", "sub", "abbr", "q", "small"]))
    return _wrap(tag, _attrs(draw), draw(st.lists(children, min_size=0, max_size=4)))


inline = st.recursive(
    st.one_of(texts, texts, st.just("<br>"), img(), opaque_inline(), comments),
    lambda children: inline_element(children),
    max_leaves=10,
)
inline_run = st.lists(inline, min_size=1, max_size=6).map("".join)
ws = st.sampled_from(["", "\n", "  ", "\n\t ", " "])


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            ["p", "p", "h2", "ul", "blockquote", "div", "figure", "table", "pre", "script", "style", "comment", "no"]
        )
    )
    run = draw(inline_run)
    if kind in ("p", "h2"):
        return _wrap(kind, _attrs(draw), [run])
    if kind == "ul":
        items = draw(st.lists(inline_run, min_size=1, max_size=3))
        return "<ul>" + "".join(f"{draw(ws)}<li>{item}</li>" for item in items) + "</ul>"
    if kind == "blockquote":
        return f"<blockquote>{run}{draw(ws)}<p>{draw(inline_run)}</p></blockquote>"
    if kind == "div":
        return f"<div{_attrs(draw)}>{run}<p>{draw(inline_run)}</p>{draw(texts)}</div>"
    if kind == "figure":
        return f"<figure>{draw(img())}<figcaption>{run}</figcaption></figure>"
    if kind == "table":
        return f"<table><tr><th>{draw(texts)}</th><td>{run}</td></tr></table>"
    if kind == "pre":
        return f"<pre>  Keep  this.\n  {run}</pre>"
    if kind == "script":
        return '<script>if (a < b && c) { x = "<p>Hi. There.</p>"; }</script>'
    if kind == "style":
        return "<style>p > a { content: 'Hello. World.'; }</style>"
    if kind == "comment":
        return draw(comments)
    return f'<div translate="no"><p>{run}</p></div>'


@st.composite
def page(draw: st.DrawFn) -> tuple[str, str]:
    """A page and the body it holds (its article without the <h1> title)."""
    blocks = draw(st.lists(block(), min_size=0, max_size=5))
    body = f"<p>Opening text. {draw(inline_run)}</p>" + "".join(draw(ws) + b for b in blocks)
    title = f"<h1>Title {draw(inline_run)}</h1>"
    if draw(st.booleans()):
        return draw(ws) + title + draw(ws) + body, body
    head = "<title>Site</title>"
    for name, attr in (("description", "name"), ("og:title", "property"), ("og:description", "property")):
        if draw(st.booleans()):
            head += f'<meta {attr}="{name}" content="{draw(attr_values)}">'
    doc = f"<!DOCTYPE html><html><head>{head}</head><body><nav>Menu</nav><article>{title}{body}</article></body></html>"
    return doc, body


# --- comparing pages --------------------------------------------------------------------------------------------


def pseudo(text: str) -> str:
    """The pseudo-translation: every letter and digit becomes ``x``."""
    return "".join("x" if c.isalnum() else c for c in text)


def pseudo_tagged(tagged: str) -> str:
    return serialize(Text(pseudo(t.text)) if isinstance(t, Text) else t for t in parse(tagged))


class Canon(HTMLParser):
    """Events of a page (adjacent text merged); with ``translate`` set, translatable content is pseudo-translated."""

    def __init__(self, translate: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.translate = translate
        self.events: list[tuple] = []
        self.stack: list[bool] = []  # per open element: opaque?

    def _opaque(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        opaque = (
            self._opaque()
            or tag in OPAQUE_TAGS
            or (d.get("translate") or "").lower() == "no"
            or "notranslate" in (d.get("class") or "").split()
        )
        if self.translate and not opaque:
            attrs = [(k, pseudo(v) if k in ("alt", "title") and v else v) for k, v in attrs]
        self.events.append(("start", tag, tuple(attrs)))
        if tag not in VOID:
            self.stack.append(opaque)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.translate and not self._opaque():
            data = pseudo(data)
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))


def canon(html: str, *, translate: bool = False) -> list[tuple]:
    parser = Canon(translate)
    parser.feed(html)
    parser.close()
    return parser.events


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def structure(html: str) -> list[tuple]:
    """Events with whitespace-only text dropped and attributes sorted: what the loader must keep.

    Of duplicated attributes the first is kept, as browsers do. (Beautiful Soup writes an empty comment as
    ``<!-- -->``, the one change it makes to a comment.)
    """
    out: list[tuple] = []
    for event in canon(html):
        if event[0] == "text" and not event[1].strip(" \t\n\r\f"):
            continue
        if event[0] == "start":
            first: dict[str, str | None] = {}
            for name, value in event[2]:
                first.setdefault(name, value)
            event = (event[0], event[1], tuple(sorted(first.items())))
        elif event[0] == "comment":
            event = ("comment", event[1] or " ")
        out.append(event)
    return out


@PROPERTY
@given(page())
def test_loader_keeps_the_article_as_written(generated: tuple[str, str]) -> None:
    doc, body = generated
    release = parse_release(doc.encode("utf-8"), path=Path("generated.html"))
    assert structure(release.body_html) == structure(sanitize_html(body))  # active content never loads


@PROPERTY
@given(page())
def test_identity_render_gives_back_the_source(generated: tuple[str, str]) -> None:
    doc, _ = generated
    release = parse_release(doc.encode("utf-8"), path=Path("generated.html"))
    segmented = segment_release(release)
    rendered = segmented.render({s.id: s.source for s in segmented.segments})
    assert canon(rendered.body_html) == canon(release.body_html)
    assert rendered.body_html == release.body_html
    assert (rendered.title, rendered.summary, dict(rendered.meta)) == (
        release.title,
        release.summary,
        dict(release.meta),
    )


@PROPERTY
@given(page())
def test_pseudo_translation_changes_exactly_the_translatable_text(generated: tuple[str, str]) -> None:
    doc, _ = generated
    release = parse_release(doc.encode("utf-8"), path=Path("generated.html"))
    segmented = segment_release(release)
    ids = [s.id for s in segmented.segments]
    assert len(ids) == len(set(ids))
    rendered = segmented.render({s.id: pseudo_tagged(s.source) for s in segmented.segments})
    assert canon(rendered.body_html) == canon(release.body_html, translate=True)
    assert rendered.title == pseudo(release.title)
    assert dict(rendered.meta) == {k: pseudo(v) for k, v in release.meta.items()}
    # Nothing untranslatable ever reached a segment.
    for segment in segmented.segments:
        assert "Keep  this." not in segment.source
        assert "Hi. There." not in segment.source
