"""Hostile HTML and URLs never reach a page, in the body or in quiz and reflection text."""

from __future__ import annotations

from pathlib import Path

import nh3
import pytest

from lms.content import CourseResult
from lms.content.render import ATTRIBUTES, BLOCK_TAGS, INLINE_TAGS
from tests.content.course_files import load, messages, module_source

HOSTILE_BODY = """\
# Heading {onclick="alert(1)"}

<script>alert(1)</script>

<img src="img/a.png" onerror="alert(1)">

<a href="javascript:alert(1)">raw link</a>

<a href="JaVaScRiPt:alert(1)">mixed case</a>

<a href="&#106;avascript:alert(1)">entity</a>

<a href=" java&#x09;script:alert(1)">tab</a>

<a href="vbscript:msgbox(1)">vb</a>

<iframe src="https://evil.example/"></iframe>

<p style="color: red">styled</p>

<details open ontoggle="alert(1)"><summary>s</summary>d</details>

<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">svg</a></svg>

<object data="evil.swf"></object><embed src="evil.swf">

<form action="https://evil.example/"><input name="x"><button>go</button></form>

<style>body { display: none }</style>

<base href="https://evil.example/"><meta http-equiv="refresh" content="0">

<img src="img/a.png" srcset="javascript:alert(1) 1x">

[click](https://example.com){onclick="alert(1)" style="x"}

[attr href](img/a.png){href="javascript:alert(1)"}

[markdown link](javascript:alert(1))

![data image](data:image/svg+xml;base64,PHN2Zz4=)

<math><mtext><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mtext></math>

Plain avvik text.
"""

HOSTILE_QUIZ = """
```quiz
? <script>alert(1)</script> Which is **safe**? [bad](javascript:alert(1))
- [x] <img src="img/a.png" onerror="alert(1)">yes
- [ ] <a href="javascript:alert(1)" onclick="alert(1)">no</a>
> <iframe src="https://evil.example/"></iframe><span style="x">why</span> ![d](data:text/html,x)
```

```reflect
<script>alert(1)</script>Think <b onmouseover="alert(1)">hard</b>.
```
"""

FORBIDDEN = (
    "<script",
    "alert",
    "onerror",
    "onclick",
    "ontoggle",
    "onmouseover",
    "javascript",
    "vbscript",
    "data:",
    "<iframe",
    "style=",
    "<style",
    "<object",
    "<embed",
    "<form",
    "<input",
    "<button",
    "<svg",
    "<math",
    "<base",
    "<meta",
    "srcset",
    "<details",
)


@pytest.fixture
def hostile(tmp_path: Path) -> CourseResult:
    files: dict[str, str | bytes] = {
        "img/a.png": b"\x89PNG",
        "glossary.yml": "- term: avvik\n  explanation: <script>alert(1)</script>\n",
        "01-intro.md": module_source(body=HOSTILE_BODY + HOSTILE_QUIZ),
    }
    return load(tmp_path, files)


def _all_html(result: CourseResult) -> list[str]:
    assert result.spec is not None
    (only,) = result.spec.modules
    html = [only.body_html, *(r.prompt_html for r in only.reflections)]
    for question in only.quiz:
        html += [question.html, question.explanation_html, *(o.html for o in question.options)]
    return html


def test_hostile_markup_loads_with_warnings_only(hostile: CourseResult) -> None:
    assert hostile.ok, messages(hostile)
    assert all(p.severity == "warning" for p in hostile.problems)


@pytest.mark.parametrize("forbidden", FORBIDDEN)
def test_nothing_dangerous_survives(hostile: CourseResult, forbidden: str) -> None:
    for html in _all_html(hostile):
        assert forbidden not in html.lower()


def test_safe_parts_survive(hostile: CourseResult) -> None:
    assert hostile.spec is not None
    (only,) = hostile.spec.modules
    body = only.body_html
    assert "<h2>Heading</h2>" in body  # leading h1 demoted: the page has its own
    assert '<img alt="" src="_files/img/a.png">' in body  # alt="" added: decorative
    assert '<a href="https://example.com" rel="noopener noreferrer">click</a>' in body
    assert "<p>styled</p>" in body
    assert '<img alt="data image">' in body
    assert '<a class="term" href="#term-avvik">avvik</a>' in body
    question = only.quiz[0]
    assert "<strong>safe</strong>" in question.html
    assert question.options[0].html == '<img alt="" src="_files/img/a.png">yes'
    assert question.options[1].html == "<a>no</a>"
    assert only.reflections[0].prompt_html == "Think hard."
    # The glossary explanation is plain text; escaping it is the template's job.
    assert hostile.spec.glossary[0].explanation == "<script>alert(1)</script>"


def test_disallowed_schemes_are_warnings_on_their_lines(hostile: CourseResult) -> None:
    found = [str(p) for p in hostile.problems]
    path = "demo/01-intro.md"
    warning = "warning: link 'javascript:alert(1)' removed: the 'javascript:' scheme is not allowed"
    assert f"{path}:15: {warning} (use http, https or mailto)" in found
    assert f"{path}:47: {warning} (use http, https or mailto)" in found
    assert (
        f"{path}:49: warning: image 'data:image/svg+xml;base64,PHN2Zz4=' removed: the 'data:' "
        "scheme is not allowed (use http, https or mailto)"
    ) in found
    assert any(p.startswith(f"{path}:23: warning: link 'vbscript:msgbox(1)'") for p in found)
    assert any(p.startswith(f"{path}:58: warning: link 'javascript:alert(1)'") for p in found)
    assert any(p.startswith(f"{path}:21: warning: link 'java\\x09script:alert(1)'") for p in found)
    assert len(found) == 11


def test_output_is_unchanged_by_sanitizing_again(hostile: CourseResult) -> None:
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["a"] |= {"class", "rel"}  # the glossary marks and external links
    for html in _all_html(hostile):
        again = nh3.clean(
            html,
            tags=set(BLOCK_TAGS | INLINE_TAGS),
            attributes=attributes,
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )
        assert again == html


FEATURES = """\
| Left | Right |
|:-----|------:|
| a    | b     |

![wide](img/a.png){width=300 height="200" class="big" id="pic"}

Heading {#custom-id .fancy}
----------------------------

1. one
2. two

* star

> quoted *text*

```python {.x}
if a < b:
    print("&")
```

~~~
plain
~~~
"""


def test_markdown_features_render_with_safe_attributes_only(tmp_path: Path) -> None:
    result = load(tmp_path, {"img/a.png": b"png", "01-intro.md": module_source(body=FEATURES)})
    assert messages(result) == []
    assert result.spec is not None
    html = result.spec.modules[0].body_html
    assert '<th align="left">Left</th>' in html
    assert '<td align="right">b</td>' in html
    assert '<img alt="wide" height="200" src="_files/img/a.png" width="300">' in html
    assert "<h2>Heading</h2>" in html
    assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html
    assert "<ul>\n<li>star</li>\n</ul>" in html
    assert "<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>" in html
    assert (
        '<pre><code class="language-python">if a &lt; b:\n    print("&amp;")\n</code></pre>' in html
    )
    assert "<pre><code>plain\n</code></pre>" in html
    assert "id=" not in html
    assert "fancy" not in html
    assert "big" not in html
