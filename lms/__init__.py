"""Steg: a small, fast learning site for health and care work.

Importing ``lms`` (and so any ``lms.*`` module) runs no Flask code: the pure cores
(``lms.content``, ``lms.tiers.engine``) load without Flask, SQLAlchemy or the models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from config import Config


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI, error pages."""
    from flask import Flask

    from config import config_from_env

    config_class = config_class or config_from_env()
    # Duck-typed: a reloaded config module (tests) makes new classes with the same rules.
    validate = getattr(config_class, "validate", None)
    if validate is not None:
        validate()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    register_request_handling(app)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    register_error_handlers(app)
    report_missing_system_libraries(app)
    return app


def register_request_handling(app: Flask) -> None:
    """Trust exactly the configured proxies; ids in URLs stay within the database's range."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    from lms.ids import IdConverter

    hops = app.config.get("TRUSTED_PROXY_HOPS", 0)
    if hops:
        # X-Forwarded-For and -Proto only: the Host never decides a URL we hand out.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    app.url_map.converters["int"] = IdConverter


def register_extensions(app: Flask) -> None:
    from lms import i18n
    from lms.extensions import babel, csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    from lms.database import configure_sqlite

    configure_sqlite(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from lms.auth.services import load_user

    login_manager.user_loader(lambda user_id: load_user(db.session, user_id))


def register_blueprints(app: Flask) -> None:
    from lms.account.routes import bp as account_bp
    from lms.admin.routes import bp as admin_bp
    from lms.auth.routes import bp as auth_bp
    from lms.author.routes import bp as author_bp
    from lms.cards.routes import bp as cards_bp
    from lms.favicon import bp as favicon_bp
    from lms.health import bp as health_bp
    from lms.learn.routes import bp as learn_bp
    from lms.privacy.routes import bp as privacy_bp
    from lms.proof.routes import bp as proof_bp
    from lms.supervise.routes import bp as supervise_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(favicon_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(proof_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(supervise_bp, url_prefix="/supervise")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(author_bp, url_prefix="/author")
    if app.config.get("CONTENT_PREVIEW"):  # only the app `flask content preview` serves
        from lms.author.live import bp as live_bp

        app.register_blueprint(live_bp, url_prefix="/preview")
    app.register_blueprint(cards_bp, url_prefix="/cards")


def register_cli(app: Flask) -> None:
    from lms.auth.cli import users_cli
    from lms.backup import backup_cli
    from lms.content.cli import content_cli
    from lms.demo import demo_command

    app.cli.add_command(backup_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(demo_command)


def report_missing_system_libraries(app: Flask) -> None:
    """Log once if PDFs cannot be made here; the rest of the site works without them."""
    from lms.proof.pdf import log_if_unavailable

    log_if_unavailable(app.logger)


def register_error_handlers(app: Flask) -> None:
    from lms import errors, security

    errors.register(app)
    security.register(app)
