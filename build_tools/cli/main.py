"""The ``handbook`` command: its verbs, and the one place where errors become messages and
exit statuses (0 done, 1 the sources or the build failed, 2 the command was used wrongly)."""

from __future__ import annotations

import os

import click

from build_tools.cli import build, editor, hr, review, translations
from build_tools.cli.common import os_error, report
from build_tools.source.errors import HandbookError, UsageError
from build_tools.source.problems import SourceError


class _Failed(click.ClickException):
    """One message on stderr, no traceback, exit 1."""

    def show(self, file: object = None) -> None:
        click.echo(self.format_message(), err=True)


class _Misused(_Failed):
    """One message on stderr, exit 2."""

    exit_code = 2


def _ended(err: HandbookError) -> _Failed:
    return _Misused(str(err)) if err.status == 2 else _Failed(str(err))


class _Commands(click.Group):
    """Turns every error of a verb into its message and exit status, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SourceError as err:
            report(list(err.problems))
            raise SystemExit(err.status) from None
        except UsageError as err:
            if err.option is not None and err.location is None:
                raise click.BadParameter(err.message, param_hint=err.option) from None
            raise _ended(err) from None
        except HandbookError as err:
            raise _ended(err) from None
        except OSError as err:
            raise _Failed(os_error(err)) from None
        except RecursionError:  # the limits of build_tools.source.markup are meant to prevent it
            message = "error: the sources nest too deeply to be rendered; run `handbook check`"
            raise _Failed(message) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build and check the Social Media Code of Conduct handbook."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


for command in (
    build.check,
    build.markdown,
    build.build,
    build.print_pdf,
    build.card,
    review.cycle,
    review.diff,
    review.review_status,
    review.as_of,
    review.redline,
    editor.lint,
    editor.schema,
    editor.new,
    editor.codeowners,
    hr.onboarding,
    hr.ack,
    translations.translations,
):
    main.add_command(command)
