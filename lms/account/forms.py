"""The reading preferences form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice

from lms.content.first_languages import FIRST_LANGUAGES, text_direction

TEXT_SIZES = {"normal": _l("Normal"), "large": _l("Large"), "larger": _l("Very large")}
LINE_SPACINGS = {"normal": _l("Normal"), "wide": _l("More space between lines and words")}


class ReadingForm(FlaskForm):
    first_language = SelectField(
        _l("Your first language"),
        # Each language named in itself, marked with its language and direction.
        choices=[SelectChoice("", _l("No other language"))]
        + [
            SelectChoice(code, name, render_kw={"lang": code, "dir": text_direction(code)})
            for code, name in sorted(FIRST_LANGUAGES.items())
        ],
    )
    text_size = RadioField(
        _l("Text size"), choices=[SelectChoice(k, v) for k, v in TEXT_SIZES.items()]
    )
    line_spacing = RadioField(
        _l("Line spacing"), choices=[SelectChoice(k, v) for k, v in LINE_SPACINGS.items()]
    )
    next = HiddenField()
