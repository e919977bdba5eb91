"""The main window: navigation, pages, menus, status bar with background-task progress.

Every change is committed to the plan file when it is made, so there is no "Save" and no
unsaved state; Undo/Redo work through the session's undo stack. "Save As" writes a copy
and continues in the copy.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from changeplanner import __version__, domain
from changeplanner.errors import PlanFileError
from changeplanner.i18n import LANGUAGES, N_, _, ngettext
from changeplanner.paths import user_data_dir
from changeplanner.services import plans
from changeplanner.store.db import SUFFIX
from changeplanner.ui import settings as cfg
from changeplanner.ui.board_page import BoardPage
from changeplanner.ui.context import AppContext
from changeplanner.ui.dashboard_page import RISKS_TAB, DashboardPage
from changeplanner.ui.goals_page import GoalsPage
from changeplanner.ui.ideas_page import IdeasPage
from changeplanner.ui.language import apply_language
from changeplanner.ui.network_page import NetworkPage
from changeplanner.ui.page import Page
from changeplanner.ui.people_page import PeoplePage
from changeplanner.ui.pilots_page import PilotsPage
from changeplanner.ui.runner import Task, wait_responsively
from changeplanner.ui.settings_dialog import SettingsDialog
from changeplanner.ui.skills_page import SkillsPage

#: Kinds of import and their menu entries.
IMPORT_KINDS: tuple[tuple[str, str], ...] = (
    ("people", N_("&People…")),
    ("ties", N_("&Ties…")),
    ("skills", N_("&Skills…")),
    ("survey", N_("Relationship s&urvey…")),
    ("pilots", N_("P&ilots…")),
    ("goals", N_("&Goals and measures…")),
    ("ideas", N_("I&deas…")),
)
#: Pages that Ctrl+1 … Ctrl+9 switch to (the first nine).
MAX_PAGE_SHORTCUTS = 9


class WelcomePanel(QWidget):
    """What the window shows while no plan is open: three ways to start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.demo_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.new_button = QPushButton(self)
        for button in (self.demo_button, self.open_button, self.new_button):
            button.setMinimumWidth(220)
        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addSpacing(12)
        for button in (self.demo_button, self.open_button, self.new_button):
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addLayout(box)
        column.addStretch(2)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def retranslate_ui(self) -> None:
        """Set every text in the current language."""
        self.title.setText("<h1>" + _("Change Planner") + "</h1>")
        self.text.setText(_(
            "Plan an agile transformation around people: who can do what, who listens to "
            "whom, a balanced change board and first lighthouse pilots. Everything stays on "
            "this computer."))
        self.demo_button.setText(_("Open the demo organisation"))
        self.open_button.setText(_("Open a plan…"))
        self.new_button.setText(_("Create a new plan…"))


class MainWindow(QMainWindow):
    """The application window for one open plan at a time.

    Args:
        context: Shared state (plan, undo stack, runner, settings) handed to every page.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = context.settings
        self.setObjectName("main_window")
        context.runner.task_started.connect(self._task_started)
        self._tasks: dict[Task, str] = {}
        self._plan_name = ""
        self._settings_dialog: SettingsDialog | None = None

        self.dashboard = DashboardPage(context)
        self.pages: list[Page] = [self.dashboard, PeoplePage(context), SkillsPage(context),
                                  NetworkPage(context), BoardPage(context),
                                  PilotsPage(context), GoalsPage(context),
                                  IdeasPage(context)]
        self.dashboard.navigate.connect(self.show_item)
        self._build_central()
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._add_skills_panels()

        context.plan_changed.connect(self._plan_changed)
        context.status_message.connect(self.show_status)
        context.undo_stack.canUndoChanged.connect(self.action_undo.setEnabled)
        context.undo_stack.canRedoChanged.connect(self.action_redo.setEnabled)
        context.undo_stack.undoTextChanged.connect(self._update_undo_texts)
        context.undo_stack.redoTextChanged.connect(self._update_undo_texts)

        self.resize(1280, 800)
        self.retranslate_ui()
        self._plan_changed(context.plan)
        self.restore_window()

    # -- building ---------------------------------------------------------------------

    def _build_central(self) -> None:
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(0, 0))
        self.navigation.setSpacing(2)
        self.navigation.setStyleSheet("QListWidget#navigation::item { padding: 8px 12px; }")
        for page in self.pages:
            item = QListWidgetItem(page.nav_title())
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.navigation.addItem(item)
        self.page_stack = QStackedWidget(self)
        self.page_stack.setObjectName("pages")
        for page in self.pages:
            self.page_stack.addWidget(page)
        self.navigation.setCurrentRow(0)
        self.navigation.currentRowChanged.connect(self._navigate)

        self.welcome = WelcomePanel(self)
        self.welcome.setObjectName("welcome")
        self.content = QStackedWidget(self)
        self.content.addWidget(self.welcome)
        self.content.addWidget(self.page_stack)

        self.splitter = QSplitter(self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.content)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([150, 1130])
        self.setCentralWidget(self.splitter)

    def _action(self, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.action_new = self._action(self.new_plan, QKeySequence(keys.New))
        self.action_open = self._action(self.open_plan_dialog, QKeySequence(keys.Open))
        self.action_open_demo = self._action(self.open_demo)
        self.action_save_as = self._action(self.save_as_dialog, QKeySequence(keys.SaveAs))
        self.import_actions: dict[str, QAction] = {
            kind: self._action(lambda k=kind: self.import_dialog(k)) for kind, _label
            in IMPORT_KINDS}
        self.action_export_brief = self._action(self.export_brief)
        self.action_export_skills = self._action(self.export_skills_dialog)
        self.action_catalogue = self._action(self.open_catalogue)
        self.action_staffing = self._action(self.open_staffing)
        self.action_ties = self._action(self.open_ties)
        self.action_derive_lines = self._action(self.derive_reporting_lines)
        self.action_survey_rates = self._action(self.show_survey_rates)
        self.action_blank_survey = self._action(self.blank_survey_dialog)
        self.action_quit = self._action(self.close, _standard_key(keys.Quit, "Ctrl+Q"))
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)

        redo_keys = [QKeySequence(keys.Redo)]
        for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.action_undo = self._action(self.context.undo_stack.undo, QKeySequence(keys.Undo))
        self.action_redo = self._action(self.context.undo_stack.redo, redo_keys)
        self.action_undo.setEnabled(False)
        self.action_redo.setEnabled(False)
        self.action_settings = self._action(self.show_settings,
                                            _standard_key(keys.Preferences, "Ctrl+,"))
        self.action_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action_about = self._action(self.show_about)
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)

        self.page_actions: list[QAction] = []
        for number, page in enumerate(self.pages, start=1):
            action = self._action(lambda p=page: self.show_page(p.key),
                                  QKeySequence(f"Ctrl+{number}")
                                  if number <= MAX_PAGE_SHORTCUTS else None)
            self.page_actions.append(action)
        self.addActions([self.action_undo, self.action_redo, *self.page_actions])

        self.welcome.demo_button.clicked.connect(self.open_demo)
        self.welcome.open_button.clicked.connect(self.open_plan_dialog)
        self.welcome.new_button.clicked.connect(self.new_plan)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.action_new)
        self.file_menu.addAction(self.action_open)
        self.file_menu.addAction(self.action_open_demo)
        self.recent_menu = QMenu(self.file_menu)
        self.recent_menu.setObjectName("recent_menu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.action_save_as)
        self.file_menu.addSeparator()
        self.import_menu = QMenu(self.file_menu)
        for kind, _label in IMPORT_KINDS:
            self.import_menu.addAction(self.import_actions[kind])
        self.file_menu.addMenu(self.import_menu)
        self.file_menu.addAction(self.action_export_brief)
        self.file_menu.addAction(self.action_export_skills)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.action_quit)

        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.action_undo)
        self.edit_menu.addAction(self.action_redo)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.action_settings)

        self.skills_menu = bar.addMenu("")
        self.skills_menu.addAction(self.action_catalogue)
        self.skills_menu.addAction(self.action_staffing)

        self.network_menu = bar.addMenu("")
        self.network_menu.setObjectName("network_menu")
        self.network_menu.addAction(self.action_ties)
        self.network_menu.addAction(self.action_derive_lines)
        self.network_menu.addSeparator()
        self.network_menu.addAction(self.action_survey_rates)
        self.network_menu.addAction(self.action_blank_survey)

        self.view_menu = bar.addMenu("")
        for action in self.page_actions:
            self.view_menu.addAction(action)

        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.action_about)
        self._fill_recent_menu()

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress_label = QLabel(self)
        self.progress_label.setMaximumWidth(420)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("task_progress")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("task_cancel")
        self.cancel_button.clicked.connect(self.cancel_tasks)
        status.addPermanentWidget(self.progress_label)
        status.addPermanentWidget(self.progress_bar)
        status.addPermanentWidget(self.cancel_button)
        self._show_progress(False)

    # -- texts ------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        """Set every text of the window and its pages in the current language."""
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.action_new.setText(_("&New…"))
        self.action_new.setStatusTip(_("Create an empty plan file"))
        self.action_open.setText(_("&Open…"))
        self.action_open.setStatusTip(_("Open a plan file"))
        self.action_open_demo.setText(_("Open &demo"))
        self.action_open_demo.setStatusTip(_(
            "Open a fresh copy of the demo organisation (your files are never touched)"))
        self.recent_menu.setTitle(_("&Recent"))
        self.action_save_as.setText(_("Save &As…"))
        self.action_save_as.setStatusTip(_("Write a copy of the plan and continue in the copy"))
        self.import_menu.setTitle(_("&Import"))
        for kind, label in IMPORT_KINDS:
            self.import_actions[kind].setText(_(label))
        self.action_export_brief.setText(_("Export &brief (PDF)…"))
        self.action_export_skills.setText(_("Export s&kills matrix…"))
        self.action_export_skills.setStatusTip(_(
            "Write the skills matrix to Excel (with heat colours) or CSV"))
        self.skills_menu.setTitle(_("&Skills"))
        self.action_catalogue.setText(_("Skills &catalogue…"))
        self.action_staffing.setText(_("&Staffing helper…"))
        self.action_staffing.setStatusTip(_(
            "Propose the smallest team that covers the skills a pilot needs"))
        self.network_menu.setTitle(_("&Network"))
        self.action_ties.setText(_("&Ties…"))
        self.action_ties.setStatusTip(_("Add, edit and delete ties between people"))
        self.action_derive_lines.setText(_("&Derive reporting lines from managers"))
        self.action_derive_lines.setStatusTip(_(
            "Add a “reports to” tie from each person to their manager (undoable)"))
        self.action_survey_rates.setText(_("Survey &response rates…"))
        self.action_blank_survey.setText(_("&Print blank survey…"))
        self.action_blank_survey.setStatusTip(_(
            "Write a blank relationship survey (PDF), one questionnaire per department"))
        self.action_quit.setText(_("&Quit"))
        self.action_settings.setText(_("&Settings…"))
        self.action_about.setText(_("&About Change Planner"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop the running task"))
        for action, page in zip(self.page_actions, self.pages, strict=True):
            action.setText(page.nav_title())
        for row, page in enumerate(self.pages):
            self.navigation.item(row).setText(page.nav_title())
        self.welcome.retranslate_ui()
        for page in self.pages:
            page.retranslate_ui()
        self._update_undo_texts()
        self._fill_recent_menu()
        self._update_title()

    def _update_undo_texts(self, *_args: Any) -> None:
        stack = self.context.undo_stack
        undo, redo = stack.undoText(), stack.redoText()
        self.action_undo.setText(_("&Undo {action}").format(action=undo) if undo
                                 else _("&Undo"))
        self.action_redo.setText(_("&Redo {action}").format(action=redo) if redo
                                 else _("&Redo"))

    def _update_title(self) -> None:
        plan = self.context.plan
        if plan is None:
            self.setWindowTitle(_("Change Planner"))
            self.setWindowFilePath("")
            return
        self.setWindowFilePath(str(plan.path))
        self.setWindowTitle(_("{plan} ({file}) – Change Planner").format(
            plan=self._plan_name or plan.path.stem, file=plan.path.name))

    # -- pages ------------------------------------------------------------------------

    def page(self, key: str) -> Page:
        """The page with ``key`` ("dashboard", "people", "skills", "network", "board",
        "pilots", "goals", "ideas").

        Raises:
            KeyError: no such page.
        """
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(key)

    def current_page(self) -> Page:
        """The page shown now."""
        return self.pages[self.page_stack.currentIndex()]

    def show_page(self, key: str) -> None:
        """Show the page with ``key`` (as the navigation and Ctrl+1..9 do)."""
        row = self.pages.index(self.page(key))
        self.navigation.setCurrentRow(row)

    def show_item(self, key: str, item: Any = None) -> None:
        """Show the page with ``key`` and select ``item`` there where the page can (the
        overview's tiles and links lead here).

        Args:
            key: The page.
            item: A board version, pilot, goal or idea id; for "skills" the tuple
                ``("risks", skill name or "")`` opens the Risks tab filtered to the skill;
                ``None`` shows the page as it is.
        """
        self.show_page(key)
        if item is None:
            return
        page = self.page(key)
        if key == "skills":
            self._show_skill_risks(*item)
        elif key == "board":
            # Until the board page has read its versions it shows the latest one, which is
            # the one the overview shows.
            index = page.version_combo.findData(item)
            if index >= 0:
                page.version_combo.setCurrentIndex(index)
        elif key == "pilots":
            page.open_pilot(item)  # the pilot's detail: KPI charts, wins, deviations
        elif key == "goals":
            page.tabs.setCurrentIndex(0)
            page.goals_section.select_ids([item])
        elif key == "ideas":
            page.select_idea(item)

    def _show_skill_risks(self, tab: str, skill: str = "") -> None:
        from changeplanner.ui.skills_risks import RisksPanel

        tabs = self.page("skills").tabs
        panel = next((tabs.widget(i) for i in range(tabs.count())
                      if isinstance(tabs.widget(i), RisksPanel)), None)
        if tab != RISKS_TAB or panel is None:
            return
        tabs.setCurrentWidget(panel)
        panel.filter_edit.setText(skill)

    def _navigate(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.page_stack.setCurrentIndex(row)

    # -- plan files -------------------------------------------------------------------

    def open_plan_file(self, path: str | os.PathLike, *, overview: bool = True) -> bool:
        """Open the plan at ``path``; on a problem show it and keep the current plan.

        Args:
            path: The plan file.
            overview: Show the Overview page, the first page of an opened plan (Save As
                continues on the page the user is on).

        Returns:
            Whether the plan is now open.
        """
        path = Path(path)
        current = self.context.plan
        if current is not None and _same_file(current.path, path):
            return True
        try:
            # Checking a large file takes a moment: the window keeps painting meanwhile.
            plan = wait_responsively(plans.open_plan, path)
        except PlanFileError as exc:
            self._message_box(_("Cannot open the plan"), str(exc))
            if not path.exists():
                cfg.remove_recent_file(self.settings, path)
                self._fill_recent_menu()
            return False
        self._switch_to(plan, overview=overview)
        return True

    def _switch_to(self, plan: plans.Plan, *, overview: bool = True) -> None:
        self.cancel_tasks()
        if overview:
            # Before the plan is set, so that only the overview reads it at once.
            self.show_page("dashboard")
        self.context.set_plan(plan)
        cfg.add_recent_file(self.settings, plan.path)
        cfg.remember_folder(self.settings, plan.path)
        self._fill_recent_menu()
        self.show_status(_("Opened {file}").format(file=str(plan.path)))

    def new_plan(self) -> None:
        """Ask for a file name and create an empty plan there."""
        path = self._save_file_name(_("New plan"), _("new plan") + SUFFIX)
        if path is None:
            return
        try:
            plan = plans.create_plan(path)
        except PlanFileError as exc:
            self._message_box(_("Cannot create the plan"), str(exc))
            return
        self._switch_to(plan)

    def open_plan_dialog(self) -> None:
        """Ask for a plan file and open it."""
        path, _selected = QFileDialog.getOpenFileName(
            self, _("Open plan"), cfg.last_folder(self.settings), self._plan_filter())
        if path:
            self.open_plan_file(path)

    def open_demo(self) -> None:
        """Create a fresh copy of the demo organisation in the user's data folder; open it."""
        from changeplanner.services import demo

        self.run_task(demo.create_demo, demo.demo_copy_path(),
                      title=_("Creating the demo organisation…"),
                      on_finished=self.open_plan_file)

    def save_as_dialog(self) -> None:
        """Ask for a file name, write a copy of the plan there and continue in the copy."""
        plan = self.context.plan
        if plan is None:
            return
        suggestion = str(Path(cfg.last_folder(self.settings)) / (plan.path.stem + " copy"
                                                                   + SUFFIX))
        path = self._save_file_name(_("Save plan as"), suggestion, allow_existing=True)
        if path is not None:
            self.save_as(path)

    def save_as(self, path: str | os.PathLike) -> bool:
        """Write a copy of the open plan to ``path`` and switch to it.

        Returns:
            Whether the copy is now open.
        """
        plan = self.context.plan
        if plan is None:
            return False
        path = Path(path)
        if _same_file(plan.path, path):
            self.show_status(_("This is the plan that is open; every change is already "
                               "saved."))
            return True
        self.context.runner.wait()
        try:
            plans.save_copy(plan, path)
        except PlanFileError as exc:
            self._message_box(_("Cannot save a copy"), str(exc))
            return False
        return self.open_plan_file(path, overview=False)

    def _save_file_name(self, title: str, suggestion: str, *,
                        allow_existing: bool = False) -> Path | None:
        start = suggestion if os.path.isabs(suggestion) else str(
            Path(cfg.last_folder(self.settings)) / suggestion)
        options = QFileDialog.Option(0)
        if not allow_existing:
            # New never replaces a file: create_plan refuses and says so.
            options |= QFileDialog.Option.DontConfirmOverwrite
        path, _selected = QFileDialog.getSaveFileName(self, title, start, self._plan_filter(),
                                                      options=options)
        if not path:
            return None
        path = Path(path)
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        return path

    def _plan_filter(self) -> str:
        return _("Change plans (*{suffix})").format(suffix=SUFFIX) + ";;" + _(
            "All files (*)")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = cfg.recent_files(self.settings)
        for number, file in enumerate(files, start=1):
            action = self.recent_menu.addAction(f"&{number} {Path(file).name}")
            action.setToolTip(file)
            action.setStatusTip(file)
            action.setData(file)
            action.triggered.connect(lambda _checked=False, f=file: self.open_plan_file(f))
        if files:
            self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(_("Clear list"))
        clear.setEnabled(bool(files))
        clear.triggered.connect(self._clear_recent)
        self.recent_menu.setEnabled(True)

    def _clear_recent(self) -> None:
        cfg.set_value(self.settings, "files/recent", [])
        self._fill_recent_menu()

    def _plan_changed(self, plan: plans.Plan | None) -> None:
        has_plan = plan is not None
        self._plan_name = plans.plan_name(plan) if plan is not None else ""
        self.content.setCurrentIndex(1 if has_plan else 0)
        self.navigation.setEnabled(has_plan)
        for action in (self.action_save_as, self.action_export_brief,
                       self.action_export_skills, self.action_catalogue, self.action_staffing,
                       self.action_ties, self.action_derive_lines, self.action_survey_rates,
                       self.action_blank_survey,
                       self.import_menu.menuAction(), *self.import_actions.values(),
                       *self.page_actions):
            action.setEnabled(has_plan)
        self._update_title()

    # -- import and export ------------------------------------------------------------

    def import_dialog(self, kind: str) -> None:
        """Ask for a CSV or Excel file and import it as ``kind`` (one of
        :data:`IMPORT_KINDS`: "people", "ties", "skills", "survey", "pilots", "goals",
        "ideas")."""
        if self.context.plan is None:
            return
        titles = {"people": _("Import people"), "ties": _("Import ties"),
                  "skills": _("Import skills"), "survey": _("Import relationship survey"),
                  "pilots": _("Import pilots"), "goals": _("Import goals and measures"),
                  "ideas": _("Import ideas and customer voices")}
        path, _selected = QFileDialog.getOpenFileName(
            self, titles[kind], cfg.last_folder(self.settings),
            _("Tables (*.csv *.tsv *.txt *.xlsx)") + ";;" + _("All files (*)"))
        if path:
            cfg.remember_folder(self.settings, path)
            self.import_preview(kind, path)

    def import_preview(self, kind: str, path: str | os.PathLike) -> QDialog:
        """Show what importing ``path`` would do (mapping, rows, every error) and import
        only when the user confirms; the plan is untouched until then."""
        from changeplanner.ui.import_preview import ImportPreviewDialog

        dialog = ImportPreviewDialog(self.context, kind, path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda result: self.show_status(_(
            "Imported {file}: {added} added, {updated} updated.").format(
            file=Path(path).name, added=result.added, updated=result.updated)))
        dialog.open()
        return dialog

    def import_file(self, kind: str, path: str | os.PathLike) -> Task | None:
        """Import ``path`` in the background; report the result or the rejected row."""
        from changeplanner.services import imports

        plan = self.context.plan
        if plan is None:
            return None
        name = Path(path).name

        def done(result: Any) -> None:
            message = _("Imported {file}: {added} added, {updated} updated.").format(
                file=name, added=result.added, updated=result.updated)
            if result.created_skills:
                message += " " + _("New skills: {skills}.").format(
                    skills=", ".join(result.created_skills))
            self.show_status(message)
            self.context.data_changed.emit("ties" if kind == "survey" else kind)
            if result.ignored_columns:
                self._message_box(_("Import finished"), message + "\n\n" + _(
                    "These columns were not imported because Change Planner does not know "
                    "them: {columns}").format(columns=", ".join(result.ignored_columns)),
                    QMessageBox.Icon.Information)

        def failed(message: str, user_error: bool) -> None:
            if user_error:
                self._message_box(_("Import rejected"), message + "\n\n" + _(
                    "The plan was not changed."), icon=QMessageBox.Icon.Warning)
            else:
                self._bug_box(message)

        return self.run_task(imports.import_file, plan, kind, str(path),
                             title=_("Importing {file}…").format(file=name),
                             on_finished=done, on_failed=failed)

    def export_brief(self) -> None:
        """Export the change-board brief as PDF (the Change board page asks where)."""
        if self.context.plan is None:
            return
        self.show_page("board")
        self.page("board").export_brief()

    # -- ties and surveys ---------------------------------------------------------------

    def open_ties(self, person_id: str | None = None) -> QDialog | None:
        """Show the ties dialog (all ties, or those of ``person_id``)."""
        from changeplanner.ui.ties_dialog import TiesDialog

        if self.context.plan is None:
            return None
        dialog = TiesDialog(self.context, person_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def derive_reporting_lines(self) -> int:
        """Add "reports to" ties from the managers (one undoable step); return how many."""
        from changeplanner.ui.commands import DeriveReportingLines

        plan = self.context.plan
        if plan is None:
            return 0
        command = DeriveReportingLines(
            plan, done=lambda: self.context.data_changed.emit("ties"),
            failed=lambda message: self._message_box(_("Reporting lines"), message,
                                                     QMessageBox.Icon.Warning))
        self.context.undo_stack.push(command)
        added = len(command.added)
        self.show_status(ngettext("Added {n} reporting line from the managers.",
                                  "Added {n} reporting lines from the managers.",
                                  added).format(n=added))
        return added

    def survey_rates_text(self) -> str:
        """The response rate per department of every imported survey, as plain text."""
        from changeplanner.services import survey

        plan = self.context.plan
        lines = []
        for relation in domain.RELATIONS:
            record = survey.survey_record(plan, relation)
            if record is None:
                continue
            rates = survey.response_rates(plan, relation)
            total = survey.overall_rate(rates)
            lines.append(_("{relation} survey of {date}: {answered} of {people} answered "
                           "({rate}%)").format(
                relation=_(domain.RELATION_LABELS[relation]), date=record.get("date", ""),
                answered=total.respondents, people=total.people,
                rate=round(total.rate * 100)))
            lines += [f"   {r.department or _('(no department)')}: {r.respondents} / "
                      f"{r.people} ({round(r.rate * 100)}%)" for r in rates]
            warning = survey.rate_warning(rates)
            if warning:
                lines.append("⚠ " + warning)
            lines.append("")
        return "\n".join(lines).strip() or _(
            "No relationship survey has been imported yet (File ▸ Import ▸ Relationship "
            "survey).")

    def show_survey_rates(self) -> None:
        """Show the survey response rate per department (warns below 80 %)."""
        if self.context.plan is None:
            return
        self._message_box(_("Survey response rates"), self.survey_rates_text(),
                          QMessageBox.Icon.Information)

    def blank_survey_dialog(self) -> None:
        """Ask where to write the blank survey (PDF) and write it in the background."""
        if self.context.plan is None:
            return
        suggested = str(Path(cfg.last_folder(self.settings)) / _("Survey.pdf"))
        path, _selected = QFileDialog.getSaveFileName(
            self, _("Print blank survey"), suggested, _("PDF files (*.pdf)"))
        if path:
            cfg.remember_folder(self.settings, path)
            self.export_blank_survey(path)

    def export_blank_survey(self, path: str | os.PathLike, *,
                            department: str | None = None) -> Task | None:
        """Write the blank survey (one questionnaire per department) in the background."""
        from changeplanner.services import survey

        plan = self.context.plan
        if plan is None:
            return None
        return self.run_task(
            survey.export_blank_survey, plan, str(path), department=department,
            title=_("Writing the survey…"),
            on_finished=lambda written: self.show_status(
                _("Blank survey written to {path}").format(path=written)))

    # -- skills -----------------------------------------------------------------------

    def _add_skills_panels(self) -> None:
        from changeplanner.ui.requirements_panel import RequirementsPanel
        from changeplanner.ui.skills_gaps import GapsPanel
        from changeplanner.ui.skills_risks import RisksPanel

        skills = self.page("skills")
        for panel in (GapsPanel(self.context), RisksPanel(self.context),
                      RequirementsPanel(self.context)):
            skills.add_panel(panel, panel.title)
        skills.catalogue_requested.connect(self.open_catalogue)

    def open_catalogue(self) -> QDialog | None:
        """Show the skills catalogue (add, rename, merge, archive, level descriptions)."""
        from changeplanner.ui.catalogue_dialog import CatalogueDialog

        if self.context.plan is None:
            return None
        dialog = CatalogueDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_staffing(self) -> QDialog | None:
        """Show the staffing helper (smallest team covering required skills)."""
        from changeplanner.ui.staffing_dialog import StaffingDialog

        if self.context.plan is None:
            return None
        dialog = StaffingDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_skills_dialog(self) -> None:
        """Ask where to write the skills matrix (XLSX or CSV) and write it in the background."""
        plan = self.context.plan
        if plan is None:
            return
        xlsx, csv_wide, csv_long = (_("Excel workbook (*.xlsx)"),
                                    _("CSV for Excel, one column per skill (*.csv)"),
                                    _("CSV, one row per rating (*.csv)"))
        suggested = str(Path(cfg.last_folder(self.settings)) / _("Skills matrix.xlsx"))
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Export skills matrix"), suggested, ";;".join((xlsx, csv_wide, csv_long)))
        if path:
            cfg.remember_folder(self.settings, path)
            self.export_skills(path, long=chosen == csv_long)

    def export_skills(self, path: str | os.PathLike, *, long: bool = False) -> Task | None:
        """Write the skills matrix to ``path`` in the background."""
        from changeplanner.services import exports

        plan = self.context.plan
        if plan is None:
            return None
        return self.run_task(
            exports.export_skills, plan, str(path), long=long,
            title=_("Exporting the skills matrix…"),
            on_finished=lambda written: self.show_status(
                _("Skills matrix written to {path}").format(path=written)))

    # -- background tasks -------------------------------------------------------------

    def run_task(self, fn: Callable[..., Any], *args: Any, title: str,
                 on_finished: Callable[[Any], None] | None = None,
                 on_failed: Callable[[str, bool], None] | None = None,
                 **kwargs: Any) -> Task:
        """Run ``fn(*args, progress=..., **kwargs)`` in the background with status-bar progress.

        Args:
            fn: A plain function from services/ or analysis/ taking ``progress``.
            title: What the status bar says while it runs.
            on_finished: Gets the result (on the GUI thread).
            on_failed: Gets ``(message, is_user_error)``; by default a message box.
        """
        if on_failed is None:
            def on_failed(message: str, user_error: bool) -> None:
                if user_error:
                    self._message_box(title, message)
                else:
                    self._bug_box(message)
        task = self.context.runner.start(fn, *args, on_finished=on_finished,
                                         on_failed=on_failed,
                                         on_cancelled=lambda: self.show_status(
                                             _("Cancelled.")), **kwargs)
        self._tasks[task] = title
        self._refresh_progress()
        return task

    def _task_started(self, task: Task) -> None:
        self._tasks.setdefault(task, "")
        task.signals.progress.connect(lambda fraction, message, t=task:
                                      self._task_progress(t, fraction, message))
        for signal in (task.signals.finished, task.signals.failed, task.signals.cancelled):
            signal.connect(lambda *_args, t=task: self._task_ended(t))
        self._refresh_progress()

    def _task_progress(self, task: Task, fraction: float, message: str) -> None:
        if task not in self._tasks:
            return
        if message:
            self._tasks[task] = message
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(int(fraction * 1000))
        self.progress_label.setText(self._tasks[task])

    def _task_ended(self, task: Task) -> None:
        self._tasks.pop(task, None)
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        busy = bool(self._tasks)
        self._show_progress(busy)
        if busy:
            task = next(reversed(self._tasks))
            self.progress_label.setText(self._tasks[task] or _("Working…"))
            if task.progress.fraction == 0:
                self.progress_bar.setRange(0, 0)  # busy indicator until the first update

    def _show_progress(self, visible: bool) -> None:
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.setVisible(visible)

    @property
    def busy(self) -> bool:
        """Whether a background task is running."""
        return bool(self._tasks) or self.context.runner.busy

    def cancel_tasks(self) -> None:
        """Ask every running background task to stop."""
        self.context.runner.cancel_all()
        for task in self._tasks:
            task.cancel()

    # -- messages and dialogs ---------------------------------------------------------

    def show_status(self, message: str) -> None:
        """Show a short message in the status bar."""
        self.statusBar().showMessage(message, 10000)

    def _message_box(self, title: str, message: str,
                     icon: QMessageBox.Icon = QMessageBox.Icon.Critical) -> None:
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("message_box")
        box.exec()

    def _bug_box(self, message: str) -> None:
        # The runner has logged the traceback already.
        self._message_box(_("Unexpected error"), _(
            "Something went wrong: {message}\n\nThe details were written to the log file in "
            "{folder}. Your plan file is safe.").format(message=message,
                                                        folder=str(user_data_dir())))

    def show_settings(self) -> None:
        """Open the Settings dialog (changes apply at once)."""
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self.settings, self.set_language, self)
        dialog = self._settings_dialog
        if dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
        else:
            dialog.load()
            dialog.show()

    def set_language(self, language: str) -> str:
        """Store the language setting ("" follows the system) and translate the window.

        Returns:
            The language now in use.
        """
        cfg.set_value(self.settings, "ui/language", language)
        used = apply_language(cfg.effective_language(self.settings))
        self.retranslate_ui()
        if self._settings_dialog is not None:
            self._settings_dialog.retranslate_ui()
        return used

    def show_about(self) -> None:
        """Show version, the saving model and the font licence."""
        QMessageBox.about(self, _("About Change Planner"), _(
            "<h3>Change Planner {version}</h3>"
            "<p>Plan an agile transformation around people: skills matrix, influence "
            "network, balanced change board, lighthouse pilots and a PDF brief for "
            "management. Everything stays on this computer.</p>"
            "<p><b>Saving:</b> every change is written to the plan file the moment you make "
            "it; there is no unsaved state. Undo and Redo work within a session. Save As "
            "writes a copy and continues in the copy.</p>"
            "<p>PDF briefs use the DejaVu fonts (Bitstream Vera licence; DejaVu changes are "
            "in the public domain), embedded so that every name prints.</p>"
            "<p>Languages: {languages}.</p>").format(
                version=__version__, languages=", ".join(LANGUAGES.values())))

    # -- window state -----------------------------------------------------------------

    def restore_window(self) -> None:
        """Restore geometry, dock state and navigation width (a plan always opens on the
        Overview page)."""
        geometry = cfg.get_value(self.settings, "window/geometry")
        if geometry and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:  # first start: 1280 × 800, but never larger than the screen (1366 × 768 laptops)
            screen = self.screen().availableGeometry()
            self.resize(min(1280, int(screen.width() * 0.95)),
                        min(800, int(screen.height() * 0.92)))
        state = cfg.get_value(self.settings, "window/state")
        if state and not state.isEmpty():
            self.restoreState(state)
        splitter = cfg.get_value(self.settings, "window/splitter")
        if splitter and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def save_window(self) -> None:
        """Remember geometry, dock state and navigation width."""
        cfg.set_value(self.settings, "window/geometry", self.saveGeometry())
        cfg.set_value(self.settings, "window/state", self.saveState())
        cfg.set_value(self.settings, "window/splitter", self.splitter.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop background work (it is cancelled, then waited for) and remember the window."""
        self.cancel_tasks()
        self.context.runner.wait()
        self.save_window()
        if self._settings_dialog is not None:
            self._settings_dialog.close()
        super().closeEvent(event)


def _standard_key(key: QKeySequence.StandardKey, fallback: str) -> QKeySequence:
    """The platform's shortcut for ``key``, or ``fallback`` where the platform has none."""
    sequence = QKeySequence(key)
    return sequence if not sequence.isEmpty() else QKeySequence(fallback)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
