"""Advice for writers: warnings that never block a course, about how well it reads.

Readability (LIX), images without alt text, links to Markdown files that are not modules,
reading time far from ``minutes``, quiz questions without an explanation, glossary terms
no module uses, and (when asked) spelling against the Debian hunspell dictionaries.
Plain paths in, ``Problem`` warnings out; no Flask. The format checks live in ``parse``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lms.content.fences import find_fences
from lms.content.load import COURSE_FILE, GLOSSARY_FILE, module_files
from lms.content.model import Problem
from lms.content.quiz import parse_quiz
from lms.content.report import Report
from lms.content.source import SourceError, decode, split_front_matter
from lms.content.yamlfile import YamlFile, is_int, is_text

#: Below this many words a module is a stub: no readability or reading-time advice yet.
MIN_WORDS = 50

WORD_PATTERN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:])[\"'»”)]*\s+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\balt\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"\b(?:https?|mailto):\S+")
_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\|)")
_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|>\s?)")


@dataclass(frozen=True)
class WritingSettings:
    """Thresholds for the writer's warnings (``Config.CONTENT_*`` in the app)."""

    lix_max: int = 40
    words_per_minute: int = 60  # a second-language reader on a phone
    minutes_per_question: float = 1.0
    minutes_per_reflection: float = 3.0
    spelling: bool = False
    dictionary_dir: Path = Path("/usr/share/hunspell")


@dataclass
class WritingResult:
    """Warnings by file, and notes about checks that could not run (no dictionary)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """One sentence of prose: where it starts, its words."""

    line: int
    words: tuple[str, ...]

    def excerpt(self, limit: int = 8) -> str:
        text = " ".join(self.words[:limit])
        return text + (" …" if len(self.words) > limit else "")


@dataclass(frozen=True)
class Readability:
    """LIX = words per sentence + percent of words longer than six letters."""

    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> int:
        if not self.words or not self.sentences:
            return 0
        return round(self.words / self.sentences + 100 * self.long_words / self.words)


def writing_settings(config, *, spelling: bool = False) -> WritingSettings:
    """Settings from the app's config mapping (``CONTENT_LIX_MAX``, ``HUNSPELL_DIR``)."""
    return WritingSettings(
        lix_max=int(config.get("CONTENT_LIX_MAX", 40)),
        spelling=spelling,
        dictionary_dir=Path(config.get("HUNSPELL_DIR", "/usr/share/hunspell")),
    )


def readability(sentences: Iterable[Sentence]) -> Readability:
    """Count words, sentences and long words (more than six letters) for LIX."""
    sentences = [s for s in sentences if s.words]
    words = [w for s in sentences for w in s.words]
    return Readability(len(words), len(sentences), sum(len(w) > 6 for w in words))


def check_writing(root: Path, settings: WritingSettings | None = None) -> WritingResult:
    """Every writer's warning for the course folders under ``root``, sorted by file and line.

    Files the format check cannot read are skipped here: their errors come from ``check``.
    """
    settings = settings or WritingSettings()
    result = WritingResult()
    for course_dir in sorted(root.iterdir(), key=lambda p: p.name):
        hidden = course_dir.name.startswith((".", "_"))
        if course_dir.is_dir() and not hidden and (course_dir / COURSE_FILE).is_file():
            _check_course(course_dir, root, settings, result)
    result.problems.sort(key=lambda p: (p.path, p.line))
    return result


# --- one course ---------------------------------------------------------------------------


@dataclass
class ModuleText:
    """A module's words by file line, and what the warnings need from its front matter."""

    file: Path
    report: Report
    prose: list[tuple[int, str]]  # (file line, text) outside fences, front matter aside
    quiz_text: list[tuple[int, str]]
    minutes: int | None
    minutes_line: int
    questions: int
    reflections: int


def check_course_writing(
    course_dir: Path, root: Path, settings: WritingSettings | None = None
) -> WritingResult:
    """The writer's warnings for one course folder under ``root``."""
    result = WritingResult()
    _check_course(course_dir, root, settings or WritingSettings(), result)
    result.problems.sort(key=lambda p: (p.path, p.line))
    return result


def _check_course(
    course_dir: Path, root: Path, settings: WritingSettings, result: WritingResult
) -> None:
    folder = course_dir.relative_to(root).as_posix()
    language = course_language(course_dir / COURSE_FILE)
    modules = [m for m in (_read_module(p, f"{folder}/{p.name}") for p in module_files(course_dir))
               if m is not None]  # fmt: skip
    module_paths = {m.file.resolve() for m in modules}
    for module in modules:
        _check_readability(module, settings)
        _check_images(module)
        _check_links(module, course_dir, module_paths)
        _check_reading_time(module, settings)
        result.problems.extend(module.report.problems)
    glossary_report = Report(f"{folder}/{GLOSSARY_FILE}")
    _check_glossary_use(course_dir / GLOSSARY_FILE, modules, glossary_report)
    result.problems.extend(glossary_report.problems)
    if settings.spelling:
        from lms.content.spelling import check_spelling

        check_spelling(course_dir, folder, language, modules, settings, result)


def course_language(path: Path) -> str | None:
    """The ``language`` of a ``course.yml``, or None when it cannot be read."""
    try:
        doc = YamlFile(decode(path.read_bytes()))
    except (OSError, SourceError):
        return None
    if isinstance(doc.root, yaml.MappingNode):
        for entry in doc.entries(doc.root):
            if entry.key == "language" and is_text(entry.node):
                return str(doc.value(entry.node)).strip()
    return None


def _read_module(path: Path, problem_path: str) -> ModuleText | None:
    report = Report(problem_path)
    try:
        split = split_front_matter(decode(path.read_bytes()))
        doc = YamlFile(split.yaml_text, split.yaml_first_line)
    except (OSError, SourceError):
        return None
    minutes, minutes_line = None, 1
    if isinstance(doc.root, yaml.MappingNode):
        for entry in doc.entries(doc.root):
            if entry.key == "minutes" and is_int(entry.node):
                minutes, minutes_line = int(doc.value(entry.node)), entry.line
    lines = list(split.body_lines)
    first = split.body_first_line
    quiz_text: list[tuple[int, str]] = []
    questions = reflections = 0
    for fence in find_fences(lines):
        fence_line = first + fence.start
        if fence.kind == "quiz":
            raw = parse_quiz(fence.content, fence_line + 1, Report(problem_path))
            questions += len(raw)
            for question in raw:
                quiz_text.append((question.line, question.text))
                quiz_text.extend((o.line, o.text) for o in question.options)
                if question.explanation:
                    quiz_text.append((question.explanation_line, question.explanation))
                elif question.text:
                    report.warning(
                        question.line,
                        f"quiz question {question.number} has no explanation; add a '> ' line "
                        "that tells the learner why the answer is right",
                        kind="explanation",
                    )
        elif fence.kind == "reflect":
            reflections += 1
            quiz_text.extend((fence_line + 1 + i, text) for i, text in enumerate(fence.content))
        for index in range(fence.start, min(fence.end + 1, len(lines))):
            lines[index] = ""
    prose = [(first + i, text) for i, text in enumerate(lines)]
    return ModuleText(path, report, prose, quiz_text, minutes, minutes_line, questions, reflections)


# --- the checks ---------------------------------------------------------------------------


def sentences(lines: Iterable[tuple[int, str]]) -> Iterator[Sentence]:
    """Split prose into sentences: at . ! ? : and at the end of each block or list item.

    Headings, list items, quotes and table rows each end a sentence, as they do for a
    reader; image and link targets, inline code, HTML tags and URLs are not words.
    """
    block: list[tuple[int, str]] = []

    def flush() -> Iterator[Sentence]:
        yield from _split_block(block)
        block.clear()

    for line, text in lines:
        if not text.strip():
            yield from flush()
            continue
        if _BLOCK_START.match(text):
            yield from flush()
        block.append((line, plain_text(text)))
    yield from flush()


def plain_text(text: str) -> str:
    """One line of Markdown as words: markup, link targets, code, tags and URLs removed."""
    text = _MARKUP.sub("", text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _CODE_SPAN.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _TAG.sub(" ", text)
    return text.replace("|", " . ")


def _split_block(block: list[tuple[int, str]]) -> Iterator[Sentence]:
    pieces: list[tuple[int, str]] = []
    for line, text in block:
        for part in _SENTENCE_END.split(text):
            pieces.append((line, part))
    current_line, words = None, []
    for line, part in pieces:
        if current_line is None:
            current_line = line
        words.extend(WORD_PATTERN.findall(part))
        if re.search(r"[.!?:][\"'»”)]*\s*$", part):
            if words:
                yield Sentence(current_line, tuple(words))
            current_line, words = None, []
    if words and current_line is not None:
        yield Sentence(current_line, tuple(words))


def _check_readability(module: ModuleText, settings: WritingSettings) -> None:
    found = list(sentences(module.prose))
    score = readability(found)
    if score.words < MIN_WORDS or score.lix <= settings.lix_max:
        return
    longest = sorted(found, key=lambda s: len(s.words), reverse=True)[:3]
    shown = "; ".join(f"line {s.line} ({len(s.words)} words): {s.excerpt()}" for s in longest)
    module.report.warning(
        found[0].line,
        f"hard to read: LIX {score.lix} is above {settings.lix_max} "
        f"({score.words} words, {score.sentences} sentences, {score.long_words} long words). "
        f"Shorten the longest sentences: {shown}",
        kind="readability",
    )


def _check_images(module: ModuleText) -> None:
    for line, text in module.prose:
        for match in _IMAGE.finditer(text):
            if not match.group(1).strip():
                module.report.warning(
                    line,
                    f"image '{match.group(2).strip()}' has no alt text; write what it shows "
                    "between the brackets: ![what it shows](file)",
                    kind="alt-text",
                )
        for match in _IMG_TAG.finditer(text):
            alt = _ALT_ATTR.search(match.group(0))
            if alt is None or not alt.group(1).strip("\"' "):
                module.report.warning(
                    line, '<img> has no alt text; add alt="what it shows"', kind="alt-text"
                )


def _check_links(module: ModuleText, course_dir: Path, module_paths: set[Path]) -> None:
    """Warn about links to Markdown files that are not modules: learners cannot open them."""
    for line, text in [*module.prose, *module.quiz_text]:
        for match in _LINK.finditer(text):
            url = match.group(2).partition("#")[0].partition("?")[0]
            if not url.lower().endswith(".md") or re.match(r"^[A-Za-z][\w+.-]*:", url):
                continue
            target = (module.file.parent / url).resolve()
            if target in module_paths or not target.is_file():
                continue  # a module, or a missing file (an error from the format check)
            if not target.is_relative_to(course_dir.resolve()):
                continue  # outside the course: an error from the format check
            module.report.warning(
                line,
                f"link '{match.group(2)}' goes to a Markdown file that is not a module "
                "(README.md, names starting with '_' and files in subfolders are not), "
                "so learners cannot open it",
                kind="link",
            )


def estimated_minutes(module_words: int, questions: int, reflections: int,
                      settings: WritingSettings) -> float:  # fmt: skip
    """Minutes a learner needs: reading at ``words_per_minute``, plus quiz and reflection."""
    return (
        module_words / settings.words_per_minute
        + questions * settings.minutes_per_question
        + reflections * settings.minutes_per_reflection
    )


def _check_reading_time(module: ModuleText, settings: WritingSettings) -> None:
    if module.minutes is None:
        return
    words = sum(
        len(WORD_PATTERN.findall(plain_text(text)))
        for _, text in [*module.prose, *module.quiz_text]
    )
    if words < MIN_WORDS:
        return  # a stub still being written: its estimate means nothing yet
    estimate = estimated_minutes(words, module.questions, module.reflections, settings)
    if module.minutes / 2 <= estimate <= module.minutes * 2 or abs(estimate - module.minutes) < 3:
        return
    module.report.warning(
        module.minutes_line,
        f"minutes: {module.minutes}, but reading {words} words"
        + (
            f" and answering {module.questions} question{'s' * (module.questions != 1)}"
            if module.questions
            else ""
        )
        + f" takes about {_minutes(estimate)}; check the estimate",
        kind="reading-time",
    )


def _minutes(estimate: float) -> str:
    rounded = max(1, round(estimate))
    return f"{rounded} minute{'s' * (rounded != 1)}"


def _check_glossary_use(path: Path, modules: list[ModuleText], report: Report) -> None:
    if not path.is_file():
        return
    try:
        doc = YamlFile(decode(path.read_bytes()))
    except (OSError, SourceError):
        return
    if not isinstance(doc.root, yaml.SequenceNode):
        return
    text = "\n".join(t for m in modules for _, t in [*m.prose, *m.quiz_text]).casefold()
    for item in doc.root.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        words: list[str] = []
        term = None
        for entry in doc.entries(item):
            if entry.key == "term" and is_text(entry.node):
                term = str(doc.value(entry.node)).strip()
                words.append(term)
            elif entry.key == "forms" and isinstance(entry.node, yaml.SequenceNode):
                words.extend(str(doc.value(n)).strip() for n in entry.node.value if is_text(n))
        if not term:
            continue
        if not any(re.search(rf"(?<!\w){re.escape(w.casefold())}(?!\w)", text) for w in words if w):
            report.warning(
                doc.line(item),
                f"glossary term '{term}' is not used in any module; use it, add the form "
                "the modules use to 'forms', or remove it",
                kind="glossary",
            )
