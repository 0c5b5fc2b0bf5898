"""Read-aloud on a module: shown only where the browser can speak, and axe clean.

Speech synthesis is stubbed in the page (an init script), so the test sees what the page
asks the browser to say, in which language, and that pause, resume and stop reach it.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.steps import COURSE, course, live_modules, sign_in, ui
from tests.browser.test_accessibility import AxeScan

# A speechSynthesis that records calls and "speaks" each utterance in 20 ms.
SPEECH_STUB = """
window.__speech = {spoken: [], calls: []};
class FakeUtterance { constructor(text) { this.text = text; this.lang = ''; } }
const fakeSynth = {
  paused: false,
  getVoices() { return [{lang: 'nb-NO', name: 'Stub'}, {lang: 'sv-SE', name: 'Stub sv'}]; },
  speak(u) {
    window.__speech.spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang});
    if (u.onstart) setTimeout(() => u.onstart({}), 0);
    this._timer = setTimeout(() => { if (!this.paused && u.onend) u.onend({}); }, 20);
  },
  pause() { this.paused = true; window.__speech.calls.push('pause'); },
  resume() { this.paused = false; window.__speech.calls.push('resume'); },
  cancel() { clearTimeout(this._timer); window.__speech.calls.push('cancel'); },
};
Object.defineProperty(window, 'speechSynthesis', {value: fakeSynth, configurable: true});
Object.defineProperty(
  window, 'SpeechSynthesisUtterance', {value: FakeUtterance, configurable: true});
"""
NO_SPEECH = """
Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});
Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: undefined, configurable: true});
"""


def _module_page(open_page, init_script: str | None = None, **context):
    page = open_page(**context)
    if init_script:
        page.add_init_script(init_script)
    sign_in(page, "amina")
    module = live_modules(course())[0]
    page.goto(f"/courses/{COURSE}/{module.slug}")
    return page, module


def test_read_aloud_speaks_the_module_in_the_course_language(open_page, learner, real_courses):
    page, module = _module_page(open_page, SPEECH_STUB)
    button = page.get_by_role("button", name=ui("Read aloud"))
    expect(button).to_be_visible()
    scan = AxeScan()
    scan(page, "module with read-aloud")
    scan.assert_clean()

    # Pause at once, so the reading stays on the first sentences.
    page.evaluate("window.speechSynthesis.paused = true")
    button.click()
    page.wait_for_function("window.__speech.spoken.length > 0")
    first = page.evaluate("window.__speech.spoken[0]")
    assert first["text"] == module.title
    assert first["lang"] == "nb" and first["voice"] == "nb-NO"
    assert page.evaluate("CSS.highlights.has('read-aloud')")  # the sentence is highlighted
    pause = page.get_by_role("button", name=ui("Pause reading"))
    pause.click()
    assert page.evaluate("window.__speech.calls").count("pause") == 1
    page.get_by_role("button", name=ui("Continue reading")).click()
    assert "resume" in page.evaluate("window.__speech.calls")
    page.get_by_role("button", name=ui("Stop reading")).click()
    expect(page.get_by_role("button", name=ui("Read aloud"))).to_be_focused()
    expect(page.get_by_role("button", name=ui("Stop reading"))).to_be_hidden()
    assert not page.evaluate("CSS.highlights.has('read-aloud')")


def test_read_aloud_reads_sentence_after_sentence_to_the_end(open_page, learner, real_courses):
    page, module = _module_page(open_page, SPEECH_STUB)
    page.get_by_role("button", name=ui("Read aloud")).click()
    # The stub ends each utterance; the page moves on until the whole text is read.
    expect(page.get_by_role("button", name=ui("Stop reading"))).to_be_hidden(timeout=20_000)
    spoken = [s["text"] for s in page.evaluate("window.__speech.spoken")]
    assert spoken[0] == module.title and len(spoken) > 5
    assert module.objectives[0] in spoken
    assert not [s for s in spoken if ui("Read aloud") in s]  # the controls are not read


def test_no_read_aloud_without_speech_synthesis(open_page, learner, real_courses):
    page, _ = _module_page(open_page, NO_SPEECH)
    expect(page.locator("[data-read-aloud]")).to_be_hidden()
    expect(page.get_by_role("button", name=ui("Read aloud"))).to_have_count(0)
    scan = AxeScan()
    scan(page, "module without read-aloud")
    scan.assert_clean()


def test_no_read_aloud_without_javascript(open_page, learner, real_courses):
    page, _ = _module_page(open_page, java_script_enabled=False)
    expect(page.get_by_role("button", name=ui("Read aloud"))).to_have_count(0)
    csp = page.request.get(page.url).headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
