"""The ``handbook`` command: thin verbs over the pipeline; errors become exit codes here."""

from __future__ import annotations

import os

import click

from build_tools.cli import build, editor, review
from build_tools.cli.common import HandbookError, os_error
from build_tools.publish import output


class _Commands(click.Group):
    """Turns refusals and operating-system errors into one line and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from build_tools.printbook.fetch import FetchRefused

        try:
            return super().invoke(ctx)
        except (output.OutputRefused, FetchRefused) as err:
            raise HandbookError(str(err)) from None
        except OSError as err:
            raise HandbookError(os_error(err)) from None
        except RecursionError:  # the limits of build_tools.markup are meant to prevent it
            raise HandbookError(
                "error: the sources nest too deeply to be rendered; run `handbook check`"
            ) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build and check the Social Media Code of Conduct handbook."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


for command in (
    build.check,
    build.markdown,
    build.build,
    build.print_pdf,
    review.cycle,
    review.diff,
    review.review_status,
    editor.lint,
    editor.schema,
    editor.new,
    editor.codeowners,
):
    main.add_command(command)
