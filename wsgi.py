"""Entry point for gunicorn and the flask CLI: ``gunicorn wsgi:app``.

Production unless ``STEG_ENV`` says otherwise: a server started without settings must
refuse to run rather than serve with DEBUG on and a public key (``make run`` sets
``STEG_ENV=development``).
"""

from config import config_from_env
from lms import create_app

app = create_app(config_from_env(default="production"))
