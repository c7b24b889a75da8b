"""Lesson text is stored as Markdown and shown as sanitised HTML."""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    *("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
    *("ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "b", "i", "u", "s", "sub", "sup"),
    *("a", "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "figure", "figcaption"),
    *("abbr", "mark", "small", "span"),
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
}


@lru_cache(maxsize=512)
def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to show: scripts, styles and event handlers are removed."""
    html = _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # nh3 has just sanitised it
