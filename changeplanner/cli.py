"""The ``changeplanner`` command: open the desktop app, or run one use case headless.

A stable contract (scripts and tests rely on it; the README documents it)::

    changeplanner [PLAN]                 open the desktop app (on PLAN)
    changeplanner --demo                 open the desktop app on a fresh demo copy
    changeplanner demo PLAN [--people N] [--seed S] [--force]
    changeplanner import PLAN people|ties|skills|survey|pilots|goals|ideas FILE
                             [--relation KIND]
    changeplanner analyze PLAN [--json]
    changeplanner board PLAN [--size K] [--quota ROLE=N,...] [--max-per-department N]
                             [--include ID,...] [--exclude ID,...] [--transforming DEPT]
                             [--json] [--save]
    changeplanner brief PLAN -o OUT.pdf
    changeplanner simulate PLAN [--json] [--runs N] [--rounds N] [--seed S] [--board ID]
    changeplanner export PLAN skills OUT.xlsx|OUT.csv [--long] [--include-archived]
    changeplanner skills PLAN --risks|--gaps [--json]
    changeplanner pilots PLAN [--json]
    changeplanner --version | --help,  global option --lang de|en

Exit codes: 0 success; 2 wrong usage; 1 a problem the user can fix (the message goes to
stderr, no traceback) or an internal error (one line on stderr, the traceback in the log
file ``changeplanner.log`` in the user's data folder); 130 interrupted with Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import logging.handlers
import os
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from changeplanner import __version__, domain, i18n, paths
from changeplanner.demo import MAX_PEOPLE, MIN_PEOPLE
from changeplanner.errors import Cancelled, UserError
from changeplanner.i18n import _, ngettext
from changeplanner.progress import Progress

if TYPE_CHECKING:
    from changeplanner.store.db import Plan

#: The subcommands; a first positional argument that is not one of them is a plan path.
COMMANDS = ("demo", "import", "analyze", "board", "brief", "skills", "export", "simulate",
            "survey", "pilots")
#: What ``changeplanner import`` reads.
IMPORT_CHOICES = ("people", "ties", "skills", "survey", "pilots", "goals", "ideas")
#: The log file (in the user's data folder) that receives internal errors.
LOG_FILE_NAME = "changeplanner.log"

log = logging.getLogger(__name__)


# -- entry point ------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (it does not call ``sys.exit``).

    Args:
        argv: the arguments without the program name (default: ``sys.argv[1:]``).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    _use_utf8_streams()
    try:
        return _run(argv)
    except (KeyboardInterrupt, Cancelled):
        return 130
    except UserError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our output went away (``changeplanner analyze x | head``).
        _silence_stdout()
        return 1
    except Exception as exc:  # the one place bugs are caught: log them, say so briefly
        where = _log_internal_error(exc, argv)
        if where is not None:
            message = _("Internal error: {error}. The details were written to {log}; please "
                        "report them.").format(error=_describe(exc), log=where)
        else:
            message = _("Internal error: {error}.").format(error=_describe(exc))
        print(message, file=sys.stderr)
        return 1


def _run(argv: list[str]) -> int:
    i18n.set_language(_requested_language(argv) or i18n.system_language())
    first = _first_positional(argv)
    if first in COMMANDS:
        parser = build_command_parser()
    else:
        parser = build_open_parser()
    try:
        args = parser.parse_args(argv)
        if first not in COMMANDS:
            return _open_app(parser, args)
        return args.handler(parser, args)
    except SystemExit as exc:  # --help, --version, or wrong usage (parser.error: code 2)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)


# -- parsers ----------------------------------------------------------------------------

def _language_option(parser: argparse.ArgumentParser, *, default) -> None:
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), default=default,
                        help=_("language of messages and output (default: the system's)"))


def _version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version",
                        version=f"changeplanner {__version__}",
                        help=_("show the version and exit"))


def _command_lines() -> list[tuple[str, str]]:
    return [
        ("demo", _("write the demo organisation to a new plan")),
        ("import", _("import people, ties, skill levels, pilots, goals or ideas from CSV or "
                     "Excel")),
        ("analyze", _("network metrics and board-role scores per person")),
        ("board", _("propose a balanced change board")),
        ("brief", _("export the change-board brief as PDF")),
        ("simulate", _("simulate how the change spreads from the board")),
        ("skills", _("skill risks (too few experts) or gaps against the targets")),
        ("export", _("export the skills matrix to Excel or CSV")),
        ("survey", _("survey response rate per department, or a blank survey as PDF")),
        ("pilots", _("lighthouse pilots: status, Stacey zone, KPI progress, wins and "
                     "deviations")),
    ]


def build_open_parser() -> argparse.ArgumentParser:
    """The parser of ``changeplanner [PLAN] [--demo]`` (its help lists the commands)."""
    commands = "\n".join(f"  {name:<9} {text}" for name, text in _command_lines())
    parser = argparse.ArgumentParser(
        prog="changeplanner",
        description=_("Plan an agile transformation around people. Without a command, "
                      "the desktop app opens."),
        epilog=_("Commands:") + "\n" + commands + "\n\n" + _(
            "Run “changeplanner COMMAND --help” for the options of a command."),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plan", nargs="?", metavar="PLAN",
                        help=_("the plan file (*.changeplan) to open"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open a fresh copy of the demo organisation (saved as a new "
                               "file in your data folder; nothing is overwritten)"))
    _version_option(parser)
    _language_option(parser, default=None)
    return parser


def build_command_parser() -> argparse.ArgumentParser:
    """The parser of ``changeplanner COMMAND ...``."""
    parser = argparse.ArgumentParser(
        prog="changeplanner",
        description=_("Plan an agile transformation around people."))
    _version_option(parser)
    _language_option(parser, default=None)
    common = argparse.ArgumentParser(add_help=False)
    _language_option(common, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                title=_("commands"))
    help_of = dict(_command_lines())

    demo = sub.add_parser("demo", parents=[common], help=help_of["demo"],
                          description=_("Write a realistic customer-service organisation "
                                        "(people, skills, influence ties, pilots) to a new "
                                        "plan. The same seed always gives the same plan."))
    demo.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file to write"))
    demo.add_argument("--people", metavar="N", type=_whole_number(MIN_PEOPLE, MAX_PEOPLE),
                      default=120,
                      help=_("number of people (default: 120)"))
    demo.add_argument("--seed", metavar="S", type=int, default=1,
                      help=_("random seed (default: 1)"))
    demo.add_argument("--force", action="store_true",
                      help=_("replace PLAN if it exists"))
    demo.set_defaults(handler=_cmd_demo)

    imp = sub.add_parser("import", parents=[common], help=help_of["import"],
                         description=_("Import a CSV (comma, semicolon or tab; UTF-8 or "
                                       "Windows-1252) or XLSX file into PLAN, creating PLAN "
                                       "if it does not exist. Importing again updates instead "
                                       "of duplicating: people by id, pilots by name, goals "
                                       "and measures by title, ideas by date, author and "
                                       "text. A bad row rejects the whole file and leaves the "
                                       "plan unchanged."))
    imp.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    imp.add_argument("kind", choices=IMPORT_CHOICES,
                     help=_("what the file holds"))
    imp.add_argument("file", metavar="FILE", type=Path, help=_("the CSV or XLSX file"))
    imp.add_argument("--relation", metavar="KIND", choices=domain.RELATIONS,
                     help=_("relation of ties without one: {kinds} (default: advice)").format(
                         kinds=", ".join(domain.RELATIONS)))
    imp.set_defaults(handler=_cmd_import)

    analyze = sub.add_parser("analyze", parents=[common], help=help_of["analyze"],
                             description=_("Per person: in-degree, PageRank, ties across "
                                           "departments, brokerage and the four board-role "
                                           "scores, sorted by PageRank."))
    analyze.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    analyze.add_argument("--json", action="store_true", help=_("print JSON"))
    analyze.set_defaults(handler=_cmd_analyze)

    board = sub.add_parser("board", parents=[common], help=help_of["board"],
                           description=_("Propose a change board with at least one skeptic, "
                                         "networker, enthusiast and influential team lead, "
                                         "chosen to reach as many people as possible."))
    board.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    board.add_argument("--size", metavar="K", type=_whole_number(1), default=None,
                       help=_("number of seats (default: about one per 20 people)"))
    board.add_argument("--quota", metavar="ROLE=N,...", type=_quotas, default=None,
                       help=_("minimum seats per role, e.g. skeptic=2,networker=2 (roles: "
                              "{roles}; roles not named keep 1, 0 drops one)").format(
                           roles=", ".join(domain.ROLES)))
    board.add_argument("--max-per-department", metavar="N", type=_whole_number(1),
                       default=None, help=_("at most N members from one department"))
    board.add_argument("--include", metavar="ID,...", type=_id_list, default=(),
                       help=_("people who must sit on the board"))
    board.add_argument("--exclude", metavar="ID,...", type=_id_list, default=(),
                       help=_("people who must not sit on the board"))
    board.add_argument("--transforming", metavar="DEPT", default=None,
                       help=_("the department being transformed (default: the plan's); its "
                              "team leads do not take the lead seat"))
    board.add_argument("--json", action="store_true", help=_("print JSON"))
    board.add_argument("--save", action="store_true",
                       help=_("save the proposal in the plan as a new board version"))
    board.set_defaults(handler=_cmd_board)

    brief = sub.add_parser("brief", parents=[common], help=help_of["brief"],
                           description=_("Write the change-board brief (PDF) of the latest "
                                         "saved board; a plan without one gets a board "
                                         "proposed and saved first."))
    brief.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    brief.add_argument("-o", "--output", metavar="OUT.pdf", type=Path, required=True,
                       help=_("the PDF file to write"))
    brief.set_defaults(handler=_cmd_brief)

    simulate = sub.add_parser(
        "simulate", parents=[common], help=help_of["simulate"],
        description=_("Simulate how the change spreads through the influence network, "
                      "starting from the latest saved change board (or a proposed one): a "
                      "threshold model in which skeptics adopt later and enthusiasts "
                      "earlier. Compares the board with random boards and the board of the "
                      "people most colleagues go to, and names the round in which 25 % of "
                      "all people have adopted (critical mass). The same seed gives the "
                      "same result."))
    simulate.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    simulate.add_argument("--json", action="store_true", help=_("print JSON"))
    simulate.add_argument("--runs", metavar="N", type=_whole_number(1, 10_000), default=50,
                          help=_("Monte-Carlo runs (default: 50)"))
    simulate.add_argument("--rounds", metavar="N", type=_whole_number(1, 1_000), default=20,
                          help=_("rounds to simulate (default: 20)"))
    simulate.add_argument("--seed", metavar="S", type=int, default=1,
                          help=_("random seed (default: 1)"))
    simulate.add_argument("--board", metavar="ID", type=_whole_number(1), default=None,
                          help=_("the saved board version to start from (default: the "
                                 "latest)"))
    simulate.set_defaults(handler=_cmd_simulate)

    skills = sub.add_parser("skills", parents=[common], help=help_of["skills"],
                            description=_("--risks: every skill with fewer than two people at "
                                          "level 3 or above, in the whole plan or in a "
                                          "department that relies on it (an expert works "
                                          "there or somebody there has a target in it), and "
                                          "skills nobody has. --gaps: every person below "
                                          "their target level (their own target, else the "
                                          "requirement of their department or title)."))
    skills.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    what = skills.add_mutually_exclusive_group(required=True)
    what.add_argument("--risks", action="store_true",
                      help=_("list single points of failure and skills nobody has"))
    what.add_argument("--gaps", action="store_true",
                      help=_("list the gaps per person"))
    skills.add_argument("--json", action="store_true", help=_("print JSON"))
    skills.set_defaults(handler=_cmd_skills)

    export = sub.add_parser("export", parents=[common], help=help_of["export"],
                            description=_("Write the skills matrix to OUT: .xlsx gives an Excel "
                                          "workbook with heat colours, a legend and the "
                                          "targets; .csv one row per person and one column "
                                          "per skill (UTF-8 with BOM, separated by “;”, as "
                                          "German Excel opens it), or with --long one row "
                                          "per rating. Importing the XLSX or the long CSV "
                                          "again restores every value."))
    export.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    export.add_argument("what", choices=("skills",), help=_("what to export"))
    export.add_argument("output", metavar="OUT", type=Path,
                        help=_("the file to write (.xlsx or .csv)"))
    export.add_argument("--long", action="store_true",
                        help=_("CSV with one row per rating: id, skill, level, target, "
                               "wants_to_learn"))
    export.add_argument("--include-archived", action="store_true",
                        help=_("also export archived skills"))
    export.set_defaults(handler=_cmd_export)

    survey = sub.add_parser("survey", parents=[common], help=help_of["survey"],
                            description=_("Show the response rate of the relationship survey "
                                          "per department (below 80 % results are only "
                                          "directional), or write a blank printable survey "
                                          "with one questionnaire per department."))
    survey.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    survey.add_argument("--relation", metavar="KIND", choices=domain.RELATIONS,
                        default="advice", help=_("the survey's relation: {kinds} (default: "
                                                 "advice)").format(
                            kinds=", ".join(domain.RELATIONS)))
    survey.add_argument("--json", action="store_true", help=_("print JSON"))
    survey.add_argument("--blank", metavar="OUT.pdf", type=Path, default=None,
                        help=_("write a blank printable survey (PDF) instead"))
    survey.add_argument("--department", metavar="DEPT", default=None,
                        help=_("with --blank: only this department's questionnaire"))
    survey.set_defaults(handler=_cmd_survey)

    pilots = sub.add_parser("pilots", parents=[common], help=help_of["pilots"],
                            description=_("List the lighthouse pilots with status, Stacey zone, "
                                          "KPIs on track, mean KPI progress (0 % at the "
                                          "baseline, 100 % at the target), wins, deviations "
                                          "and milestones, then the warnings (an agile pilot "
                                          "in the simple zone, mostly type-B customers, ...)."))
    pilots.add_argument("plan", metavar="PLAN", type=Path, help=_("the plan file"))
    pilots.add_argument("--json", action="store_true", help=_("print JSON"))
    pilots.set_defaults(handler=_cmd_pilots)
    return parser


def _quotas(text: str) -> dict[str, int]:
    """An argparse type for ``role=N,role=N``."""
    quotas: dict[str, int] = {}
    for part in text.split(","):
        role, sep, number = part.strip().partition("=")
        role = role.strip()
        if not sep or role not in domain.ROLES:
            raise argparse.ArgumentTypeError(_("expected ROLE=N with ROLE one of {roles}: "
                                               "{value}").format(
                roles=", ".join(domain.ROLES), value=part.strip()))
        if role in quotas:
            raise argparse.ArgumentTypeError(_("{role} is given twice").format(role=role))
        try:
            quotas[role] = int(number)
        except ValueError:
            raise argparse.ArgumentTypeError(_("not a whole number: {value}").format(
                value=number.strip())) from None
        if quotas[role] < 0:
            raise argparse.ArgumentTypeError(_("must not be negative: {value}").format(
                value=part.strip()))
    return quotas


def _id_list(text: str) -> tuple[str, ...]:
    """An argparse type for ``ID,ID,...`` (no empty entries)."""
    ids = tuple(part.strip() for part in text.split(","))
    if not all(ids):
        raise argparse.ArgumentTypeError(_("expected ids separated by commas: {value}").format(
            value=text))
    return ids


def _whole_number(low: int, high: int | None = None):
    """An argparse type for a whole number from ``low`` (to ``high``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("not a whole number: {value}").format(
                value=text)) from None
        if high is not None and not low <= value <= high:
            raise argparse.ArgumentTypeError(_("must be between {min} and {max}").format(
                min=low, max=high))
        if value < low:
            raise argparse.ArgumentTypeError(_("must be at least {min}").format(min=low))
        return value

    return parse


def _requested_language(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` (needed before the parsers are built, for their help)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _first_positional(argv: Sequence[str]) -> str | None:
    """The first argument that is not an option (a command name or the plan path)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


# -- commands ---------------------------------------------------------------------------

def _open_app(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.plan and args.demo:
        parser.error(_("give either a PLAN or --demo, not both"))  # exits with 2
    if args.plan and not Path(args.plan).exists():
        # Most often a mistyped command: say so instead of opening a window with an error.
        raise UserError(_("The plan file does not exist. To run a command, use one of: "
                          "{commands}.").format(commands=", ".join(COMMANDS)), file=args.plan)
    try:
        from changeplanner.ui.app import run
    except ImportError as exc:
        raise UserError(_("The desktop app cannot start: {reason}. The commands (see "
                          "“changeplanner --help”) work without it.").format(reason=exc)
                        ) from exc
    return int(run(Path(args.plan) if args.plan else None, demo=args.demo) or 0)


def _cmd_demo(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services.demo import create_demo

    if args.plan.exists() and not args.force:
        raise UserError(_("The file already exists. Choose another name, or add --force to "
                          "replace it."), file=str(args.plan))
    with _progress() as progress:
        path = create_demo(args.plan, people=args.people, seed=args.seed,
                           overwrite=args.force, progress=progress)
    print(ngettext("Created the demo plan {path} with {n} person (seed {seed}).",
                   "Created the demo plan {path} with {n} people (seed {seed}).",
                   args.people).format(path=path, n=args.people, seed=args.seed))
    return 0


def _cmd_import(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services.imports import import_file
    from changeplanner.services.plans import open_or_create

    if args.relation and args.kind not in ("ties", "survey"):
        parser.error(_("--relation applies to ties and surveys only"))
    created = not args.plan.exists()
    plan = open_or_create(args.plan)
    ok = False
    try:
        with _progress() as progress:
            result = import_file(plan, args.kind, args.file, relation=args.relation,
                                 progress=progress)
        ok = True
    finally:
        plan.close()
        if created and not ok:
            # The failed import made nothing: do not leave an empty new plan behind.
            args.plan.unlink(missing_ok=True)
    name = Path(result.file).name
    if result.kind == "people":
        text = ngettext("Imported {rows} person from {file}: {added} added, {updated} updated",
                        "Imported {rows} people from {file}: {added} added, {updated} updated",
                        result.rows)
    elif result.kind == "ties":
        text = ngettext("Imported {rows} tie from {file}: {added} added, {updated} updated",
                        "Imported {rows} ties from {file}: {added} added, {updated} updated",
                        result.rows)
    elif result.kind == "survey":
        text = ngettext("Imported the answers of {rows} respondent from {file}: {added} ties "
                        "added, {updated} updated",
                        "Imported the answers of {rows} respondents from {file}: {added} ties "
                        "added, {updated} updated", result.rows)
    elif result.kind == "pilots":
        text = ngettext("Imported {rows} pilot from {file}: {added} added, {updated} updated",
                        "Imported {rows} pilots from {file}: {added} added, {updated} updated",
                        result.rows)
    elif result.kind == "goals":
        text = ngettext("Imported {rows} row of goals and measures from {file}: {added} added, "
                        "{updated} updated",
                        "Imported {rows} rows of goals and measures from {file}: {added} "
                        "added, {updated} updated", result.rows)
    elif result.kind == "ideas":
        text = ngettext("Imported {rows} idea from {file}: {added} added, {updated} updated",
                        "Imported {rows} ideas from {file}: {added} added, {updated} updated",
                        result.rows)
    elif result.layout == "long":
        text = ngettext("Imported {rows} skill rating from {file}: {added} added, "
                        "{updated} updated",
                        "Imported {rows} skill ratings from {file}: {added} added, "
                        "{updated} updated", result.rows)
    else:
        text = ngettext("Imported skill levels of {rows} person from {file}: {added} added, "
                        "{updated} updated",
                        "Imported skill levels of {rows} people from {file}: {added} added, "
                        "{updated} updated", result.rows)
    print(text.format(rows=result.rows, file=name, added=result.added, updated=result.updated))
    counts = {what: (added, updated) for what, added, updated in result.details}
    if counts:
        print(_("Goals: {goals_added} added, {goals_updated} updated; measures: "
                "{measures_added} added, {measures_updated} updated; impacts: {impacts_added} "
                "added, {impacts_updated} updated").format(
            goals_added=counts["goals"][0], goals_updated=counts["goals"][1],
            measures_added=counts["measures"][0], measures_updated=counts["measures"][1],
            impacts_added=counts["impacts"][0], impacts_updated=counts["impacts"][1]))
    if result.created_skills:
        print(_("New skills in the catalogue: {names}").format(
            names=", ".join(result.created_skills)))
    ignored = getattr(result, "ignored_columns", ())
    if ignored:
        print(_("Ignored columns: {names}").format(names=", ".join(ignored)), file=sys.stderr)
    return 0


def _cmd_analyze(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services.board import analyze_plan

    with _opened(args.plan) as plan, _progress() as progress:
        analyses = analyze_plan(plan, progress=progress)
    analyses = sorted(analyses, key=lambda a: (-a.pagerank, a.id))
    if args.json:
        _print_json([a.to_json() for a in analyses])
        return 0
    headers = [_("Id"), _("Name"), _("Department"), _("In-degree"), _("PageRank"),
               _("Cross-dept. ties"), _("Depts. reached"), _("Brokerage")]
    headers += [_(domain.ROLE_LABELS[role]) for role in domain.ROLES]
    rows = [[a.id, a.name, a.department, str(a.in_degree), f"{a.pagerank:.4f}",
             str(a.cross_department_ties), str(a.departments_reached), f"{a.brokerage:.2f}"]
            + [f"{a.scores.get(role, 0.0):.2f}" for role in domain.ROLES] for a in analyses]
    _print_table(headers, rows, numeric_from=3)
    return 0


def _cmd_board(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services.board import propose, save_proposal

    with _opened(args.plan) as plan:
        with _progress() as progress:
            proposal = propose(plan, size=args.size, progress=progress, quotas=args.quota,
                               max_per_department=args.max_per_department,
                               include=args.include, exclude=args.exclude,
                               transforming_department=args.transforming)
        board_id = save_proposal(plan, proposal) if args.save else None
    if args.json:
        _print_json(proposal.to_json())
    else:
        _print_board(proposal)
    if board_id is not None:
        # With --json stdout holds nothing but the JSON.
        print(_("Saved as change board version {id}.").format(id=board_id),
              file=sys.stderr if args.json else sys.stdout)
    return 0


def _cmd_brief(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services.brief import export_brief

    with _opened(args.plan) as plan, _progress() as progress:
        path = export_brief(plan, args.output, progress=progress)
    print(_("Wrote the change-board brief to {path}.").format(path=path))
    return 0


def _cmd_survey(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services import survey

    if args.department is not None and args.blank is None:
        parser.error(_("--department applies to --blank only"))
    with _opened(args.plan) as plan:
        if args.blank is not None:
            path = survey.export_blank_survey(plan, args.blank, department=args.department,
                                              relation=args.relation)
            print(_("Wrote the blank survey to {path}.").format(path=path))
            return 0
        rates = survey.response_rates(plan, args.relation)
        record = survey.survey_record(plan, args.relation)
    total = survey.overall_rate(rates)
    warning = survey.rate_warning(rates)
    if args.json:
        _print_json({
            "relation": args.relation,
            "date": record.get("date") if record else None,
            "departments": [{"department": r.department, "respondents": r.respondents,
                             "people": r.people, "rate": round(r.rate, 4)} for r in rates],
            "respondents": total.respondents, "people": total.people,
            "rate": round(total.rate, 4), "min_rate": survey.MIN_RESPONSE_RATE,
            "warning": warning})
        return 0
    if record is None:
        print(_("No {relation} survey has been imported yet (changeplanner import PLAN survey "
                "FILE).").format(relation=args.relation))
    _print_table([_("Department"), _("Respondents"), _("People"), _("Rate")],
                 [[r.department or _("(no department)"), str(r.respondents), str(r.people),
                   f"{round(r.rate * 100)}%"] for r in [*rates, total._replace(
                       department=_("All"))]], numeric_from=1)
    if warning:
        print(warning, file=sys.stderr)
    return 0


def _cmd_simulate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services.board import simulate

    with _opened(args.plan) as plan, _progress() as progress:
        result = simulate(plan, board_id=args.board, runs=args.runs, rounds=args.rounds,
                          seed=args.seed, progress=progress)
    if args.json:
        _print_json(result.to_json())
        return 0
    write = sys.stdout.write
    write(_("Adoption simulation of {board}: {members} members, {people} people, {runs} runs, "
            "seed {seed}").format(board=result.board_name, members=len(result.board_members),
                                  people=result.people, runs=args.runs, seed=args.seed)
          + "\n\n")
    headers = [_("Round"), _("Board"), _("Board 10–90 %"), _("Random board"),
               _("Top-degree board")]

    def percent(value: float) -> str:
        return f"{value * 100:.0f} %"

    rows = [[str(r), percent(result.board.mean[r]),
             f"{result.board.low[r] * 100:.0f}–{result.board.high[r] * 100:.0f} %",
             percent(result.random.mean[r]), percent(result.top_degree.mean[r])]
            for r in result.rounds]
    _print_table(headers, rows, numeric_from=0)
    write("\n" + _("Critical mass ({percent} % adopted):").format(percent=25) + "\n")
    for label, curve in ((_("Board"), result.board), (_("Random board"), result.random),
                         (_("Top-degree board"), result.top_degree)):
        if curve.critical_mass_round is None:
            reached = _("not reached in {rounds} rounds").format(rounds=args.rounds)
        else:
            reached = _("round {round}").format(round=curve.critical_mass_round)
        write(f"  {label}: {reached}\n")
    return 0


def _cmd_skills(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.analysis.skills import RISK_KIND_LABELS
    from changeplanner.services import skills

    with _opened(args.plan) as plan:
        found = skills.risks(plan) if args.risks else skills.gaps(plan)
    if args.json:
        _print_json([item.to_json() for item in found])
        return 0
    if args.risks:
        if not found:
            print(_("No skill risks: every skill has at least two experts wherever it is "
                    "needed."))
            return 0
        headers = [_("Skill"), _("Department"), _("Risk"), _("Experts"), _("Holders")]
        rows = [[r.skill, r.department if r.department is not None else _("(whole plan)"),
                 _(RISK_KIND_LABELS[r.kind]), str(r.experts), str(r.holders)] for r in found]
        _print_table(headers, rows, numeric_from=3)
        return 0
    if not found:
        print(_("No gaps: everybody meets their targets."))
        return 0
    headers = [_("Id"), _("Name"), _("Department"), _("Skill"), _("Level"), _("Target"),
               _("Shortfall")]
    rows = [[g.person_id, g.name, g.department, g.skill, str(g.level), str(g.target),
             str(g.shortfall)] for g in found]
    _print_table(headers, rows, numeric_from=4)
    return 0


def _cmd_pilots(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.analysis.pilots import pilot_summary, zone_label
    from changeplanner.services import plans, records

    with _opened(args.plan) as plan:
        details = records.all_pilot_details(plan)
        goals = {g.id: g.title for g in records.list_goals(plan)}
        people = plans.snapshot(plan, skills=False, network=False).people_by_id()
    summaries = [pilot_summary(detail) for detail in details]
    if args.json:
        rows = []
        for summary in summaries:
            pilot = summary.pilot
            sponsor = people.get(pilot.sponsor_id) if pilot.sponsor_id else None
            row = summary.to_json()
            for kpi, status in zip(row["kpis"], summary.kpis, strict=True):
                kpi["lower_is_better"] = status.lower_is_better
            row.update(team=pilot.team, purpose=pilot.purpose, agile=pilot.agile,
                       customer_a_share=pilot.customer_a_share, agreement=pilot.agreement,
                       certainty=pilot.certainty, sponsor_id=pilot.sponsor_id,
                       sponsor=sponsor.name if sponsor else None,
                       goals=[goals[g] for g in pilot.goal_ids if g in goals])
            rows.append(row)
        _print_json(rows)
        return 0
    if not summaries:
        print(_("The plan has no pilots yet. Add one on the Pilots page, or import a file "
                "(changeplanner import PLAN pilots FILE)."))
        return 0
    headers = [_("Id"), _("Pilot"), _("Department"), _("Status"), _("Stacey zone"),
               _("KPIs on track"), _("Progress"), _("Wins"), _("Deviations"), _("Milestones")]
    rows = []
    for s in summaries:
        kpis = (_("{on} of {total}").format(on=s.kpis_on_track, total=len(s.kpis))
                if s.kpis else "–")
        progress = f"{round(s.progress * 100)} %" if s.progress is not None else "–"
        milestones = (f"{s.milestones_done}/{s.milestones_total}" if s.milestones_total
                      else "–")
        rows.append([str(s.pilot.id), s.pilot.name, s.pilot.department,
                     _(domain.PILOT_STATUS_LABELS.get(s.pilot.status, s.pilot.status)),
                     zone_label(s.zone), kpis, progress, str(s.wins), str(s.deviations),
                     milestones])
    _print_table(headers, rows, numeric_from=5)
    warned = [s for s in summaries if s.warnings]
    if warned:
        write = sys.stdout.write
        write("\n" + _("Warnings:") + "\n")
        for s in warned:
            for warning in s.warnings:
                write(textwrap.fill(f"{s.pilot.name}: {warning}", width=96,
                                    initial_indent="  ", subsequent_indent="    ") + "\n")
    return 0


def _cmd_export(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from changeplanner.services.exports import EXPORT_SUFFIXES, export_skills

    suffix = args.output.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        parser.error(_("OUT must end in .xlsx or .csv"))
    if args.long and suffix != ".csv":
        parser.error(_("--long writes CSV; give an OUT ending in .csv"))
    with _opened(args.plan) as plan, _progress() as progress:
        path = export_skills(plan, args.output, long=args.long,
                             include_archived=args.include_archived, progress=progress)
    print(_("Wrote the skills matrix to {path}.").format(path=path))
    return 0


# -- output -----------------------------------------------------------------------------

def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _print_table(headers: list[str], rows: list[list[str]], *, numeric_from: int) -> None:
    """Columns padded to their widest cell; numbers right-aligned."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    # Long names and departments are cut so a line stays readable.
    widths = [min(w, 30) if i < numeric_from else w for i, w in enumerate(widths)]

    def line(cells: list[str]) -> str:
        out = []
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            if len(cell) > width:
                cell = cell[:width - 1] + "…"
            out.append(cell.rjust(width) if i >= numeric_from else cell.ljust(width))
        return "  ".join(out).rstrip()

    write = sys.stdout.write
    write(line(headers) + "\n")
    write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        write(line(row) + "\n")


def _print_board(proposal) -> None:
    write = sys.stdout.write
    write(ngettext("Proposed change board: {n} member, reach {percent} % of all people",
                   "Proposed change board: {n} members, reach {percent} % of all people",
                   len(proposal.members)).format(
        n=len(proposal.members), percent=round(proposal.reach * 100)) + "\n\n")
    headers = ["#", _("Role"), _("Name"), _("Department"), _("Adds reach")]
    rows = [[str(i), _(domain.ROLE_LABELS.get(m.role, m.role)), m.name, m.department,
             f"+{round(m.marginal_reach * 100)} %"]
            for i, m in enumerate(proposal.members, start=1)]
    widths = [max([len(h)] + [len(r[c]) for r in rows]) for c, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.rjust(w) if c in (0, 4) else cell.ljust(w)
                         for c, (cell, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    write(line(headers) + "\n")
    write("  ".join("-" * w for w in widths) + "\n")
    indent = " " * (widths[0] + 2)
    for row, member in zip(rows, proposal.members, strict=True):
        write(line(row) + "\n")
        write(textwrap.fill(member.reasons, width=96, initial_indent=indent,
                            subsequent_indent=indent) + "\n")
    if proposal.unfilled:
        write("\n" + _("Roles not filled:") + "\n")
        for role, reason in proposal.unfilled:
            write(textwrap.fill(f"{_(domain.ROLE_LABELS.get(role, role))}: {reason}", width=96,
                                initial_indent="  ", subsequent_indent="    ") + "\n")


# -- plumbing ---------------------------------------------------------------------------

@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Plan]:
    """Open an existing plan for the length of a ``with`` block."""
    from changeplanner.services.plans import open_plan

    plan = open_plan(path)
    try:
        yield plan
    finally:
        plan.close()


class _ConsoleProgress(Progress):
    """Shows "42 % message" on one line of a terminal, at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self._last = 0.0
        self._shown = False

    def on_update(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self._last < 0.1:
            return
        self._last = now
        text = f"{round(fraction * 100):3d} % {message}"[:78]
        self._stream.write("\r" + text.ljust(78))
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write("\r" + " " * 78 + "\r")
            self._stream.flush()


@contextlib.contextmanager
def _progress() -> Iterator[Progress]:
    """A progress object: a live line on a terminal's stderr, silent otherwise."""
    stream = sys.stderr
    if not (hasattr(stream, "isatty") and stream.isatty()):
        yield Progress()
        return
    progress = _ConsoleProgress(stream)
    try:
        yield progress
    finally:
        progress.clear()


def _use_utf8_streams() -> None:
    """Write UTF-8 whatever the console's code page, so names like "Żółć" never crash."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure: Callable | None = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):  # pragma: no cover - exotic streams
                pass


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - captured streams
        pass


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def log_file() -> Path:
    """The log file internal errors are written to (``changeplanner.log`` in the user's
    data folder)."""
    return paths.user_data_dir() / LOG_FILE_NAME


def _log_internal_error(exc: BaseException, argv: Sequence[str]) -> Path | None:
    """Append the traceback to the log file; return it, or ``None`` if it can't be written."""
    try:
        path = log_file()
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    try:
        log.error("changeplanner %s: internal error running %s", __version__, list(argv),
                  exc_info=(type(exc), exc, exc.__traceback__))
    finally:
        log.removeHandler(handler)
        handler.close()
    return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
