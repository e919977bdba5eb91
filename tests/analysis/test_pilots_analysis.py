"""Pilot analysis: Stacey zones at corners and borders, warnings, KPI progress and on-track,
and the pilot summary, checked against answers worked out by hand."""

import datetime as dt
import json
import math

import pytest

from changeplanner.analysis.pilots import (
    BANDS,
    FAR_FROM,
    NEAR_BELOW,
    ON_TRACK_TOLERANCE,
    ZONE_RECOMMENDATIONS,
    band,
    elapsed_share,
    kpi_progress,
    kpi_status,
    parse_date,
    pilot_summary,
    pilot_warnings,
    stacey_zone,
    zone_cells,
    zone_label,
)
from changeplanner.domain import (
    STACEY_ZONES,
    Deviation,
    Kpi,
    Measurement,
    Milestone,
    Pilot,
    PilotDetail,
    PilotMember,
    Win,
)

EPS = 1e-9


# -- Stacey --------------------------------------------------------------------------------

@pytest.mark.parametrize(("agreement", "certainty", "zone"), [
    (0.0, 0.0, "simple"),
    (1.0, 1.0, "chaotic"),
    (0.0, 1.0, "complex"),   # clear goal, unknown way
    (1.0, 0.0, "complex"),   # known way, nobody agrees on the goal
    (0.5, 0.5, "complex"),
    (0.0, 0.5, "complicated"),
    (0.5, 0.0, "complicated"),
    (0.5, 1.0, "complex"),
    (1.0, 0.5, "complex"),
])
def test_stacey_corners_and_centres(agreement, certainty, zone):
    assert stacey_zone(agreement, certainty) == zone


@pytest.mark.parametrize(("agreement", "certainty", "zone"), [
    # simple ends just below 1/3 on both scales
    (NEAR_BELOW - EPS, NEAR_BELOW - EPS, "simple"),
    (NEAR_BELOW, 0.0, "complicated"),
    (0.0, NEAR_BELOW, "complicated"),
    (NEAR_BELOW - EPS, FAR_FROM - EPS, "complicated"),
    # 2/3 belongs to "far"
    (FAR_FROM, 0.0, "complex"),
    (0.0, FAR_FROM, "complex"),
    (NEAR_BELOW, NEAR_BELOW, "complex"),
    (FAR_FROM - EPS, FAR_FROM, "complex"),
    (FAR_FROM, FAR_FROM - EPS, "complex"),
    (FAR_FROM, FAR_FROM, "chaotic"),
])
def test_stacey_borders_belong_to_the_farther_band(agreement, certainty, zone):
    assert stacey_zone(agreement, certainty) == zone


def test_percent_inputs_from_a_slider():
    assert stacey_zone(0.33, 0.33) == "simple"
    assert stacey_zone(0.34, 0.0) == "complicated"
    assert stacey_zone(0.66, 0.0) == "complicated"
    assert stacey_zone(0.67, 0.0) == "complex"
    assert stacey_zone(0.67, 0.67) == "chaotic"


def test_stacey_clamps_and_survives_bad_numbers():
    assert stacey_zone(-3.0, -0.1) == "simple"
    assert stacey_zone(5.0, 1.5) == "chaotic"
    assert stacey_zone(math.nan, 0.0) == "complicated"  # NaN counts as the middle
    assert stacey_zone(math.inf, -math.inf) == "complex"
    assert band(-1) == 0 and band(0.5) == 1 and band(2) == 2


def test_stacey_is_symmetric_and_covers_all_zones():
    values = [i / 20 for i in range(21)]
    seen = set()
    for a in values:
        for c in values:
            zone = stacey_zone(a, c)
            assert zone == stacey_zone(c, a)
            seen.add(zone)
    assert seen == set(STACEY_ZONES)


def test_zone_cells_tile_the_square_and_agree_with_stacey_zone():
    cells = zone_cells()
    assert len(cells) == 9
    assert sum((a1 - a0) * (c1 - c0) for _z, a0, a1, c0, c1 in cells) == pytest.approx(1.0)
    for zone, a0, a1, c0, c1 in cells:
        assert stacey_zone((a0 + a1) / 2, (c0 + c1) / 2) == zone
        assert stacey_zone(a0, c0) == zone  # the lower edges belong to the cell
    counts = {z: sum(1 for cell in cells if cell[0] == z) for z in STACEY_ZONES}
    assert counts == {"simple": 1, "complicated": 2, "complex": 5, "chaotic": 1}
    assert BANDS == (0.0, NEAR_BELOW, FAR_FROM, 1.0)


def test_every_zone_has_a_recommendation():
    assert set(ZONE_RECOMMENDATIONS) == set(STACEY_ZONES)
    assert "best practice" in ZONE_RECOMMENDATIONS["simple"]
    assert "overkill" in ZONE_RECOMMENDATIONS["simple"]
    assert "experts" in ZONE_RECOMMENDATIONS["complicated"]
    assert "probe, sense, respond" in ZONE_RECOMMENDATIONS["complex"]
    assert "lighthouse" in ZONE_RECOMMENDATIONS["complex"]
    assert "Act first" in ZONE_RECOMMENDATIONS["chaotic"]
    assert zone_label("complex") == "complex"
    assert zone_label("nonsense") == "nonsense"


# -- warnings ------------------------------------------------------------------------------

def pilot(**fields):
    base = {"id": 1, "name": "Hotline squad", "agreement": 0.5, "certainty": 0.5,
            "customer_a_share": 0.7}
    base.update(fields)
    return Pilot(**base)


def test_a_well_placed_pilot_has_no_warnings():
    assert pilot_warnings(pilot(start="2024-01-01", end="2024-06-30")) == []


def test_agile_pilot_in_the_simple_zone_is_a_warning_sign():
    warnings = pilot_warnings(pilot(agreement=0.1, certainty=0.2))
    assert len(warnings) == 1 and "simple zone" in warnings[0]
    # the same routine work done the classic way is fine
    assert pilot_warnings(pilot(agreement=0.1, certainty=0.2, agile=False)) == []


def test_mostly_type_b_customers():
    warnings = pilot_warnings(pilot(customer_a_share=0.3))
    assert len(warnings) == 1
    assert "type-B" in warnings[0] and "(70 %)" in warnings[0]
    assert pilot_warnings(pilot(customer_a_share=0.5)) == []  # half and half is fine
    assert "(100 %)" in pilot_warnings(pilot(customer_a_share=-1))[0]
    assert pilot_warnings(pilot(customer_a_share=math.nan)) == []


def test_end_before_start_and_bad_dates():
    warnings = pilot_warnings(pilot(start="2024-05-01", end="2024-04-30"))
    assert warnings == ["The pilot ends (2024-04-30) before it starts (2024-05-01)."]
    assert pilot_warnings(pilot(start="2024-05-01", end="2024-05-01")) == []
    assert pilot_warnings(pilot(start="soon", end="2024-04-30")) == []


def test_chaotic_zone_and_order_of_warnings():
    warnings = pilot_warnings(pilot(agreement=0.9, certainty=0.8, customer_a_share=0.2,
                                    start="2024-02-01", end="2024-01-01"))
    assert len(warnings) == 3
    assert "type-B" in warnings[0]
    assert "before it starts" in warnings[1]
    assert "chaotic zone" in warnings[2]


# -- KPIs ----------------------------------------------------------------------------------

HANDLING = Kpi(1, 1, "Handling time", "s", baseline=300.0, target=240.0)
SATISFACTION = Kpi(2, 1, "Satisfaction", "%", baseline=70.0, target=80.0)


def m(mid, kpi, date, value):
    return Measurement(mid, kpi.id, date, value)


def test_no_measurement_means_no_judgement():
    status = kpi_status(HANDLING, [m(1, SATISFACTION, "2024-01-01", 75.0)])
    assert status.latest is None and status.latest_date == ""
    assert status.progress is None and status.on_track is None
    assert status.lower_is_better is True
    assert kpi_status(SATISFACTION, []).lower_is_better is False


def test_target_below_baseline():
    # handling time should go down from 300 s to 240 s
    assert kpi_progress(HANDLING, 270.0) == pytest.approx(0.5)
    assert kpi_progress(HANDLING, 240.0) == pytest.approx(1.0)
    assert kpi_progress(HANDLING, 210.0) == pytest.approx(1.5)
    assert kpi_progress(HANDLING, 320.0) == pytest.approx(-1 / 3)
    assert kpi_progress(SATISFACTION, 75.0) == pytest.approx(0.5)
    assert kpi_progress(SATISFACTION, 65.0) == pytest.approx(-0.5)


def test_latest_is_by_date_not_by_input_order():
    points = [m(3, HANDLING, "2024-03-01", 260.0), m(1, HANDLING, "2024-01-01", 300.0),
              m(2, HANDLING, "2024-02-01", 280.0), m(9, SATISFACTION, "2024-04-01", 90.0)]
    status = kpi_status(HANDLING, points)
    assert status.latest == 260.0 and status.latest_date == "2024-03-01"
    assert status.progress == pytest.approx(40 / 60)
    assert [p.id for p in status.measurements] == [1, 2, 3]


def test_equal_baseline_and_target_means_hold_the_level():
    hold = Kpi(3, 1, "Error rate", "%", baseline=2.0, target=2.0)
    held = kpi_status(hold, [m(1, hold, "2024-01-01", 2.0)])
    assert held.progress == 1.0 and held.on_track is True and not held.lower_is_better
    slipped = kpi_status(hold, [m(1, hold, "2024-01-01", 2.5)])
    assert slipped.progress == 0.0 and slipped.on_track is False


def test_on_track_against_the_elapsed_time():
    kpi = Kpi(4, 1, "Calls solved", "", baseline=0.0, target=10.0)
    frame = {"start": "2024-01-01", "end": "2024-01-11"}  # ten days
    # measured on day 5: half the time is gone, so 0.5 - 0.1 = 0.4 is still on track
    on = kpi_status(kpi, [m(1, kpi, "2024-01-06", 4.0)], **frame)
    assert on.expected == pytest.approx(0.5)
    assert on.progress == pytest.approx(0.4) and on.on_track is True
    off = kpi_status(kpi, [m(1, kpi, "2024-01-06", 3.9)], **frame)
    assert off.on_track is False
    # before the start nothing is expected yet; a small dip is tolerated
    early = kpi_status(kpi, [m(1, kpi, "2023-12-20", -0.5)], **frame)
    assert early.expected == 0.0 and early.on_track is True
    assert kpi_status(kpi, [m(1, kpi, "2023-12-20", -2.0)], **frame).on_track is False
    # after the end the target is due
    late = kpi_status(kpi, [m(1, kpi, "2024-02-01", 9.0)], **frame)
    assert late.expected == 1.0 and late.on_track is True
    assert kpi_status(kpi, [m(1, kpi, "2024-02-01", 8.9)], **frame).on_track is False
    assert ON_TRACK_TOLERANCE == 0.1


def test_on_track_works_downwards_too():
    frame = {"start": "2024-01-01", "end": "2024-01-11"}
    # on day 5 handling time should be about half way from 300 to 240: 270; 276 is 0.4
    assert kpi_status(HANDLING, [m(1, HANDLING, "2024-01-06", 276.0)],
                      **frame).on_track is True
    assert kpi_status(HANDLING, [m(1, HANDLING, "2024-01-06", 280.0)],
                      **frame).on_track is False


def test_reaching_the_target_is_always_on_track():
    frame = {"start": "2024-01-01", "end": "2024-12-31"}
    status = kpi_status(SATISFACTION, [m(1, SATISFACTION, "2024-01-02", 81.0)], **frame)
    assert status.progress == pytest.approx(1.1) and status.on_track is True


def test_undated_measurement_is_judged_at_today():
    kpi = Kpi(4, 1, "Calls solved", "", baseline=0.0, target=10.0)
    frame = {"start": "2024-01-01", "end": "2024-01-11"}
    points = [m(1, kpi, "", 2.0)]
    assert kpi_status(kpi, points, today="2024-01-02", **frame).on_track is True
    assert kpi_status(kpi, points, today=dt.date(2024, 1, 10), **frame).on_track is False


def test_without_a_time_frame_halfway_or_improving_is_on_track():
    assert kpi_status(SATISFACTION, [m(1, SATISFACTION, "2024-01-01", 75.0)]).on_track is True
    assert kpi_status(SATISFACTION, [m(1, SATISFACTION, "2024-01-01", 72.0)]).on_track is False
    rising = [m(1, SATISFACTION, "2024-01-01", 71.0), m(2, SATISFACTION, "2024-02-01", 72.0)]
    assert kpi_status(SATISFACTION, rising).on_track is True
    falling = [m(1, SATISFACTION, "2024-01-01", 73.0), m(2, SATISFACTION, "2024-02-01", 72.0)]
    assert kpi_status(SATISFACTION, falling).on_track is False
    # downwards: 300 -> 290 -> 285 s improves towards 240 s
    down = [m(1, HANDLING, "2024-01-01", 290.0), m(2, HANDLING, "2024-02-01", 285.0)]
    assert kpi_status(HANDLING, down).on_track is True
    # an end before the start is no time frame
    assert kpi_status(SATISFACTION, [m(1, SATISFACTION, "2024-01-01", 72.0)],
                      start="2024-06-01", end="2024-01-01").expected is None


def test_bad_numbers_do_not_crash():
    points = [m(1, SATISFACTION, "2024-01-01", 75.0), m(2, SATISFACTION, "2024-02-01", math.nan)]
    status = kpi_status(SATISFACTION, points)
    assert status.latest == 75.0 and len(status.measurements) == 1
    broken = Kpi(5, 1, "Broken", baseline=math.inf, target=1.0)
    status = kpi_status(broken, [m(1, broken, "2024-01-01", 1.0)])
    assert status.latest == 1.0 and status.progress is None and status.on_track is None


def test_date_helpers():
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_date("2024-02-29T10:00:00") == dt.date(2024, 2, 29)
    assert parse_date("2023-02-29") is None
    assert parse_date("") is None and parse_date(None) is None
    assert elapsed_share("2024-01-01", "2024-01-05", "2024-01-02") == pytest.approx(0.25)
    assert elapsed_share("2024-01-01", "2024-01-01", "2024-01-02") is None
    assert elapsed_share("", "2024-01-05", "2024-01-02") is None


# -- summary -------------------------------------------------------------------------------

def detail(**pilot_fields):
    the_pilot = pilot(status="running", start="2024-01-01", end="2024-01-11", **pilot_fields)
    solved = Kpi(4, 1, "Calls solved", "", baseline=0.0, target=10.0)
    unmeasured = Kpi(6, 1, "NPS", "", baseline=10.0, target=30.0)
    return PilotDetail(
        pilot=the_pilot,
        members=(PilotMember(1, "p1"), PilotMember(1, "p2")),
        kpis=(HANDLING, solved, unmeasured),
        measurements=(m(1, HANDLING, "2024-01-06", 225.0),   # beyond target: 1.25
                      m(2, solved, "2024-01-06", 2.0)),      # 0.2 at half time: off
        milestones=(Milestone(1, 1, "2024-01-03", "Kick-off", done=True),
                    Milestone(2, 1, "2024-01-08", "Review"),
                    Milestone(3, 1, "2024-01-05", "Training")),
        wins=(Win(1, 1, "2024-01-04", "First call solved end to end", "Anna"),),
        deviations=(Deviation(1, 1, "2024-01-05", "Queue overflowed", "Cap the queue"),
                    Deviation(2, 1, "2024-01-07", "Tool outage", "Keep the old line")),
    )


def test_pilot_summary_counts_and_progress():
    summary = pilot_summary(detail(), today="2024-01-06")
    assert summary.zone == "complex"
    assert [s.on_track for s in summary.kpis] == [True, False, None]
    assert (summary.kpis_on_track, summary.kpis_off_track, summary.kpis_unmeasured) == (1, 1, 1)
    # mean of min(1, 1.25) and 0.2
    assert summary.progress == pytest.approx(0.6)
    assert (summary.wins, summary.deviations, summary.members) == (1, 2, 2)
    assert (summary.milestones_done, summary.milestones_total) == (1, 3)
    assert summary.milestones_overdue == 1  # "Training" on the 5th is open
    assert summary.next_milestone.title == "Training"
    assert summary.warnings == ()
    assert "lighthouse" in summary.recommendation


def test_pilot_summary_warnings():
    summary = pilot_summary(detail(agreement=0.0, certainty=0.0), today="2024-02-01")
    assert summary.zone == "simple"
    assert len(summary.warnings) == 2
    assert "simple zone" in summary.warnings[0]
    assert summary.warnings[1] == ("The pilot was due to end on 2024-01-11: mark it as "
                                   "succeeded or stopped, or extend it.")
    planned = PilotDetail(pilot=pilot(status="planned"))
    assert pilot_summary(planned).warnings == (
        "No KPI yet: define how you will see that the pilot works.",)
    idea = PilotDetail(pilot=pilot(status="idea"))
    result = pilot_summary(idea, today=dt.date(2024, 1, 1))
    assert result.warnings == () and result.progress is None and result.next_milestone is None


def test_pilot_summary_to_json_is_plain_data():
    data = pilot_summary(detail(), today="2024-01-06").to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["zone"] == "complex" and data["wins"] == 1 and data["deviations"] == 2
    assert data["kpis"][0]["name"] == "Handling time"
    assert data["kpis"][0]["progress"] == pytest.approx(1.25)
    assert data["kpis"][2]["on_track"] is None
