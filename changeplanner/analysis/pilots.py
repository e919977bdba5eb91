"""Lighthouse pilots: Stacey zone, warnings, KPI progress and a pilot's summary.

Pure functions over the pilot dataclasses of :mod:`changeplanner.domain`: no Qt, no SQL.

The rules, in one place:

- **Stacey zone.** Both scales run from 0 to 1 and measure a *distance*: ``agreement`` how
  far the requirements are from agreement, ``certainty`` how far the approach (technology,
  method) is from certainty; 0 is "close", 1 is "far". Values outside 0..1 are clamped to
  it; a value that is not a number (NaN) counts as the middle, 0.5. Each scale is cut in
  thirds (:data:`BANDS`):

  - *close*: below 1/3 (:data:`NEAR_BELOW`),
  - *moderate*: from 1/3 (inclusive) to below 2/3,
  - *far*: from 2/3 (:data:`FAR_FROM`, inclusive) up to 1.

  The zone follows from the two bands (a 3 × 3 grid; the diagram is symmetric):

  ==========  ==========  ===========
  one scale   other scale zone
  ==========  ==========  ===========
  close       close       simple
  close       moderate    complicated
  far         far         chaotic
  anything else           complex
  ==========  ==========  ===========

  So *simple* is the corner square near agreement and certainty, *complicated* the two cells
  beside it (one scale close, the other moderately far), *chaotic* the far corner square,
  and *complex* the broad band in between: five of the nine cells, including "close on one
  scale, far on the other" (a clear goal with an unknown way, or a known way nobody agrees
  on). A value exactly on a border belongs to the farther band: (1/3, 0) is complicated,
  (2/3, 2/3) chaotic. :func:`zone_cells` lists the nine cells for drawing.
- **KPI progress** is ``(latest - baseline) / (target - baseline)``: 0 at the baseline, 1
  at the target, below 0 when the figure moved away from the target, above 1 beyond it. It
  works in both directions: a target below the baseline (handling time should go down)
  means lower is better. When baseline and target are equal the KPI asks to *hold* the
  level: progress is 1 when the latest value equals the target (within 1e-9), else 0.
  Measurements are taken in date order (then by id); measurements of other KPIs and values
  that are not finite numbers are ignored.
- **On track** (``None`` without a measurement):

  - target reached (progress >= 1): on track;
  - the pilot has a time frame (valid start and end dates, end after start): on track when
    progress >= *expected* - :data:`ON_TRACK_TOLERANCE`, where *expected* is the share of
    the time frame elapsed at the date of the latest measurement (0 before the start, 1
    after the end; ``today`` when the measurement has no valid date). The latest
    measurement is judged against the time at which it was taken, not against today, so
    an old figure is not condemned for being old;
  - without a time frame: on track when progress >= :data:`UNDATED_ON_TRACK` (halfway) or
    the latest measurement improved on the one before (progress strictly higher).

  A KPI whose baseline or target is not a finite number cannot be judged (progress and
  on-track ``None``).
- **Warnings** for a pilot (:func:`pilot_warnings`): an agile pilot in the simple zone; a
  pilot serving mostly type-B customers (``customer_a_share`` below
  :data:`MIN_A_SHARE`); an end date before the start date; a pilot in the chaotic zone.
  :func:`pilot_summary` adds, for planned and running pilots, "no KPI yet" and, for a
  running pilot, "past its end date". Dates that are not valid ISO dates count as missing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from changeplanner.domain import (
    STACEY_ZONE_LABELS,
    Kpi,
    Measurement,
    Milestone,
    Pilot,
    PilotDetail,
)
from changeplanner.i18n import N_, _

#: Values below this are "close" to agreement / certainty.
NEAR_BELOW = 1 / 3
#: Values from this on are "far" from agreement / certainty.
FAR_FROM = 2 / 3
#: Band edges of both Stacey scales: close [0, 1/3), moderate [1/3, 2/3), far [2/3, 1].
BANDS: tuple[float, float, float, float] = (0.0, NEAR_BELOW, FAR_FROM, 1.0)

#: Zone by (band of agreement, band of certainty); 0 close, 1 moderate, 2 far.
_GRID: tuple[tuple[str, str, str], ...] = (
    ("simple", "complicated", "complex"),
    ("complicated", "complex", "complex"),
    ("complex", "complex", "chaotic"),
)

#: What fits in each zone (translate with ``_()`` when showing).
ZONE_RECOMMENDATIONS: dict[str, str] = {
    "simple": N_("Simple: requirements and approach are clear. Use best practice and a "
                 "standard process, automate the routine. An agile pilot is overkill here."),
    "complicated": N_("Complicated: one side is clear, the other needs analysis. Let experts "
                      "analyse, then plan and execute with good practice."),
    "complex": N_("Complex: neither the requirements nor the way are settled. Work agile: "
                  "probe, sense, respond with small experiments. This is the place for "
                  "lighthouse pilots."),
    "chaotic": N_("Chaotic: far from agreement and far from certainty. Act first to "
                  "stabilise the situation, then move it into the complex zone. Not a place "
                  "for a first pilot."),
}

#: Below this share of type-A customers a pilot serves mostly type B.
MIN_A_SHARE = 0.5
#: How far (in progress, 0..1) a KPI may lag behind the elapsed time and still be on track.
ON_TRACK_TOLERANCE = 0.1
#: Without a time frame, progress from which a KPI is on track regardless of its trend.
UNDATED_ON_TRACK = 0.5
#: Guards the on-track borders against rounding (0.5 - 0.1 must still admit 0.4).
_EPSILON = 1e-9
#: Pilot statuses for which a missing KPI is worth a warning.
_ACTIVE = ("planned", "running")


# -- Stacey ------------------------------------------------------------------------------

def _clamp(value: float) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.5
    if math.isnan(value):
        return 0.5
    return min(1.0, max(0.0, value))


def band(value: float) -> int:
    """The band of one Stacey scale: 0 close (< 1/3), 1 moderate (< 2/3), 2 far (>= 2/3).

    ``value`` is clamped to 0..1 first; NaN counts as 0.5.
    """
    value = _clamp(value)
    if value < NEAR_BELOW:
        return 0
    if value < FAR_FROM:
        return 1
    return 2


def stacey_zone(agreement: float, certainty: float) -> str:
    """The Stacey zone of a placement (see the module docstring for the borders).

    Args:
        agreement: How far the requirements are from agreement, 0 (close) .. 1 (far).
        certainty: How far the approach is from certainty, 0 (close) .. 1 (far).

    Returns:
        One of :data:`~changeplanner.domain.STACEY_ZONES`.
    """
    return _GRID[band(agreement)][band(certainty)]


def zone_cells() -> list[tuple[str, float, float, float, float]]:
    """The nine cells of the zone grid, for drawing the diagram.

    Returns:
        ``(zone, agreement_from, agreement_to, certainty_from, certainty_to)`` per cell,
        agreement bands outer, certainty bands inner, both from close to far.
    """
    return [(_GRID[a][c], BANDS[a], BANDS[a + 1], BANDS[c], BANDS[c + 1])
            for a in range(3) for c in range(3)]


# -- dates ---------------------------------------------------------------------------------

def parse_date(text: str | dt.date | None) -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``; a time part is ignored) or ``None`` when missing or
    invalid. ``datetime.date`` values pass through."""
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    if not text or not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _today(today: str | dt.date | None) -> dt.date:
    return parse_date(today) or dt.date.today()


# -- warnings ------------------------------------------------------------------------------

def pilot_warnings(pilot: Pilot) -> list[str]:
    """Translated warnings about a pilot's placement, customers and dates.

    In this order: an agile pilot in the simple zone; mostly type-B customers
    (``customer_a_share`` below :data:`MIN_A_SHARE`); end before start; chaotic zone.
    """
    warnings = []
    zone = stacey_zone(pilot.agreement, pilot.certainty)
    if zone == "simple" and pilot.agile:
        warnings.append(_("An agile pilot in the simple zone is a warning sign: requirements "
                          "and approach are clear, so a standard process does the job. Choose "
                          "a complex problem for a lighthouse."))
    share = pilot.customer_a_share
    try:
        share = float(share)
    except (TypeError, ValueError):
        share = math.nan
    if not math.isnan(share) and share < MIN_A_SHARE:
        b_share = round((1.0 - min(1.0, max(0.0, share))) * 100)
        warnings.append(_("This pilot serves mostly type-B customers ({percent} %) who want one "
                          "fixed contact. Serve them in the familiar structure and start pilots "
                          "where customers enjoy an agile team (type A).").format(
            percent=b_share))
    start, end = parse_date(pilot.start), parse_date(pilot.end)
    if start and end and end < start:
        warnings.append(_("The pilot ends ({end}) before it starts ({start}).").format(
            end=end.isoformat(), start=start.isoformat()))
    if zone == "chaotic":
        warnings.append(_("The pilot sits in the chaotic zone: act first to stabilise the "
                          "situation. This is not a place for a first pilot."))
    return warnings


# -- KPIs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class KpiStatus:
    """Where a KPI stands.

    Attributes:
        kpi: The KPI.
        latest: The latest measured value, ``None`` without a measurement.
        latest_date: The date of that measurement (``""`` without one).
        progress: 0 at the baseline, 1 at the target (also when the target is below the
            baseline); may be below 0 or above 1; ``None`` without a measurement or when
            baseline or target is not a number.
        on_track: See the module docstring; ``None`` = no measurement yet (or not judgeable).
        lower_is_better: The target is below the baseline.
        expected: Progress expected at the latest measurement's date from the elapsed share
            of the pilot's time frame (0..1), ``None`` without a time frame or measurement.
        measurements: The KPI's usable measurements in date order (for charts).
    """

    kpi: Kpi
    latest: float | None
    latest_date: str
    progress: float | None
    on_track: bool | None
    lower_is_better: bool
    expected: float | None = None
    measurements: tuple[Measurement, ...] = ()

    def to_json(self) -> dict:
        """``{"id", "name", "unit", "baseline", "target", "latest", "latest_date",
        "progress", "on_track"}``."""
        return {"id": self.kpi.id, "name": self.kpi.name, "unit": self.kpi.unit,
                "baseline": self.kpi.baseline, "target": self.kpi.target,
                "latest": self.latest, "latest_date": self.latest_date,
                "progress": self.progress, "on_track": self.on_track}


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def kpi_progress(kpi: Kpi, value: float) -> float | None:
    """Progress of ``value`` from the KPI's baseline (0) to its target (1).

    ``None`` when baseline, target or value is not a finite number. Equal baseline and
    target: 1 when the value holds that level, else 0.
    """
    if not (_finite(kpi.baseline) and _finite(kpi.target) and _finite(value)):
        return None
    span = kpi.target - kpi.baseline
    if span == 0:
        return 1.0 if math.isclose(value, kpi.target, rel_tol=1e-9, abs_tol=1e-9) else 0.0
    return (value - kpi.baseline) / span


def elapsed_share(start: str | dt.date | None, end: str | dt.date | None,
                  when: str | dt.date | None) -> float | None:
    """Share (0..1) of the time frame ``start``..``end`` elapsed on ``when``.

    ``None`` when a date is missing or invalid or the end is not after the start.
    """
    first, last, day = parse_date(start), parse_date(end), parse_date(when)
    if first is None or last is None or day is None or last <= first:
        return None
    share = (day - first).days / (last - first).days
    return min(1.0, max(0.0, share))


def kpi_status(kpi: Kpi, measurements: Iterable[Measurement], *, start: str = "",
               end: str = "", today: str | dt.date | None = None) -> KpiStatus:
    """Latest value, progress and on-track flag of a KPI.

    Args:
        kpi: The KPI.
        measurements: Its measurements in any order; those of other KPIs are ignored.
        start: The pilot's start date (ISO) or ``""``.
        end: The pilot's end date (ISO) or ``""``.
        today: Reference date when the latest measurement has no valid date (default: the
            current date).

    Returns:
        The :class:`KpiStatus` (see the module docstring for the rules).
    """
    points = tuple(sorted((m for m in measurements
                           if m.kpi_id == kpi.id and _finite(m.value)),
                          key=lambda m: (m.date or "", m.id)))
    lower = _finite(kpi.baseline) and _finite(kpi.target) and kpi.target < kpi.baseline
    if not points:
        return KpiStatus(kpi, None, "", None, None, lower)
    latest = points[-1]
    progress = kpi_progress(kpi, latest.value)
    when = parse_date(latest.date) or _today(today)
    expected = elapsed_share(start, end, when)
    if progress is None:
        on_track = None
    elif progress >= 1.0 - _EPSILON:
        on_track = True
    elif expected is not None:
        on_track = progress >= expected - ON_TRACK_TOLERANCE - _EPSILON
    else:
        previous = kpi_progress(kpi, points[-2].value) if len(points) > 1 else None
        improving = previous is not None and progress > previous
        on_track = progress >= UNDATED_ON_TRACK - _EPSILON or improving
    return KpiStatus(kpi, latest.value, latest.date, progress, on_track, lower, expected,
                     points)


# -- summary -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PilotSummary:
    """Everything a portfolio row, the dashboard or the command line shows of a pilot.

    Attributes:
        pilot: The pilot.
        zone: Its Stacey zone (one of :data:`~changeplanner.domain.STACEY_ZONES`).
        kpis: The status of every KPI, in the order of ``detail.kpis``.
        kpis_on_track: KPIs on track.
        kpis_off_track: KPIs off track.
        kpis_unmeasured: KPIs without a (judgeable) measurement.
        progress: Mean progress of the measured KPIs, each clamped to 0..1 (so one KPI far
            beyond its target does not hide another that lags); ``None`` without any.
        wins: Wins logged.
        deviations: Deviations logged.
        milestones_done: Milestones marked done.
        milestones_total: All milestones.
        milestones_overdue: Open milestones dated before ``today``.
        next_milestone: The earliest open milestone (by date, then id), or ``None``.
        members: People on the team.
        warnings: Translated warnings: :func:`pilot_warnings` plus "no KPI yet" (planned or
            running pilot) and "past its end date" (running pilot).
    """

    pilot: Pilot
    zone: str
    kpis: tuple[KpiStatus, ...]
    kpis_on_track: int
    kpis_off_track: int
    kpis_unmeasured: int
    progress: float | None
    wins: int
    deviations: int
    milestones_done: int
    milestones_total: int
    milestones_overdue: int
    next_milestone: Milestone | None
    members: int
    warnings: tuple[str, ...]

    @property
    def recommendation(self) -> str:
        """What fits in the pilot's zone (translated)."""
        return _(ZONE_RECOMMENDATIONS[self.zone])

    def to_json(self) -> dict:
        """Plain data for ``changeplanner pilots --json``: id, name, department, status,
        zone, progress, KPI counts and statuses, wins, deviations, milestones, warnings."""
        return {"id": self.pilot.id, "name": self.pilot.name,
                "department": self.pilot.department, "status": self.pilot.status,
                "zone": self.zone, "start": self.pilot.start, "end": self.pilot.end,
                "progress": self.progress, "kpis_on_track": self.kpis_on_track,
                "kpis_off_track": self.kpis_off_track,
                "kpis_unmeasured": self.kpis_unmeasured,
                "kpis": [k.to_json() for k in self.kpis], "wins": self.wins,
                "deviations": self.deviations, "milestones_done": self.milestones_done,
                "milestones_total": self.milestones_total, "members": self.members,
                "warnings": list(self.warnings)}


def zone_label(zone: str) -> str:
    """The translated name of a zone (the key itself when unknown)."""
    return _(STACEY_ZONE_LABELS[zone]) if zone in STACEY_ZONE_LABELS else zone


def pilot_summary(detail: PilotDetail, today: str | dt.date | None = None) -> PilotSummary:
    """Summarise a pilot: zone, KPI statuses and counts, logs, milestones and warnings.

    Args:
        detail: The pilot with everything recorded about it.
        today: The reference date for overdue milestones and the end date (default: the
            current date).
    """
    pilot = detail.pilot
    day = _today(today)
    statuses = tuple(kpi_status(kpi, detail.measurements, start=pilot.start, end=pilot.end,
                                today=day) for kpi in detail.kpis)
    on_track = sum(1 for s in statuses if s.on_track is True)
    off_track = sum(1 for s in statuses if s.on_track is False)
    measured = [min(1.0, max(0.0, s.progress)) for s in statuses if s.progress is not None]
    progress = sum(measured) / len(measured) if measured else None
    open_milestones = sorted((m for m in detail.milestones if not m.done),
                             key=lambda m: (m.date or "9999", m.id))
    overdue = sum(1 for m in open_milestones
                  if (when := parse_date(m.date)) is not None and when < day)
    warnings = pilot_warnings(pilot)
    if pilot.status in _ACTIVE and not detail.kpis:
        warnings.append(_("No KPI yet: define how you will see that the pilot works."))
    end = parse_date(pilot.end)
    if pilot.status == "running" and end is not None and end < day:
        warnings.append(_("The pilot was due to end on {end}: mark it as succeeded or stopped, "
                          "or extend it.").format(end=end.isoformat()))
    return PilotSummary(
        pilot=pilot, zone=stacey_zone(pilot.agreement, pilot.certainty), kpis=statuses,
        kpis_on_track=on_track, kpis_off_track=off_track,
        kpis_unmeasured=len(statuses) - on_track - off_track, progress=progress,
        wins=len(detail.wins), deviations=len(detail.deviations),
        milestones_done=sum(1 for m in detail.milestones if m.done),
        milestones_total=len(detail.milestones), milestones_overdue=overdue,
        next_milestone=open_milestones[0] if open_milestones else None,
        members=len(detail.members), warnings=tuple(warnings))
