"""Plan section 三 as the task force runs it, on SQLite and PostgreSQL: task targets reported
and judged, milestones and work items, reporting timeliness, surveys, alerts that raise
problems, the departments' problem workflow and the full scoreboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from qyx_platform import LOCAL_OPERATOR, ObservationInput, Platform, Role, ValidationError
from qyx_platform.evaluation import State
from qyx_platform.evaluation.task_targets import required
from qyx_platform.i18n import use_language
from qyx_platform.model import Period
from qyx_platform.services.auth import Actor
from qyx_platform.services.milestones import MilestoneService, MilestoneState, NewMilestone, milestone_state
from qyx_platform.services.problems import NewProblem, ProblemService, ProblemStatus
from qyx_platform.services.readings import Readings
from qyx_platform.services.scoreboard import build_scoreboard
from qyx_platform.services.surveys import NewSurvey, SurveyService
from qyx_platform.services.task_targets import TaskTargetStatus
from qyx_platform.services.timeliness import TimelinessService
from qyx_platform.services.unit_of_work import UnitOfWork
from qyx_platform.store.tables import MilestoneRow, ObservationRow, ProblemEventRow, ProblemRow, SurveyRow

HEALTH, LABOUR, CIVIL = "县卫生健康局", "县人力社保局", "县民政局"
HOME = "331126"
T = TypeVar("T")


class Clock:
    """A settable county date."""

    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


@pytest.fixture
def clock() -> Clock:
    return Clock(date(2026, 3, 1))


@pytest.fixture
def sup(db_url: str, clock: Clock) -> Iterator[Platform]:
    p = Platform(db_url, today=clock)
    yield p
    p.close()


def reporter(department: str) -> Actor:
    return Actor(f"reporter of {department}", Role.REPORTER, department)


SUPERVISOR = Actor("task force", Role.SUPERVISOR)


def act(p: Platform, actor: Actor, step: Callable[[UnitOfWork], T]) -> T:
    """One write by ``actor``, through the platform's unit of work."""
    with p.write(actor) as work:
        return step(work)


def report(
    p: Platform,
    rows: list[tuple[str, str, str]] | list[tuple[str, str, str, str]],
    who: Actor = LOCAL_OPERATOR,
) -> None:
    p.report([ObservationInput(r[0], r[1], r[2], note=r[3] if len(r) > 3 else None) for r in rows], actor=who)


def problems(p: Platform) -> list[ProblemRow]:
    with p.sessions() as s:
        return list(s.scalars(select(ProblemRow).order_by(ProblemRow.id)))


# -- task targets ---------------------------------------------------------------------------


def _meeting(p: Platform, code: str) -> tuple[str, str | None]:
    _, target = p.plan.task_target(code) or (None, None)
    assert target is not None
    comparator, value = required(target)
    from qyx_platform import Comparator

    v = {Comparator.ABOVE: value + 1, Comparator.BELOW: value / 2}.get(comparator, value)
    return str(v), ("验收文件：县政府办〔2025〕12号" if target.yes_no else None)


def test_every_task_target_is_reported_and_judged_like_an_indicator(sup: Platform) -> None:
    plan = sup.plan
    rows = []
    for _, target in plan.task_targets:
        value, note = _meeting(sup, target.code)
        rows.append(ObservationInput(target.code, "2025", value, note=note))
    stored = sup.report(rows, actor=SUPERVISOR)
    assert len(stored) == 66
    status = TaskTargetStatus(plan, Readings(sup))
    for _, target in plan.task_targets:
        state = status.status(target.code, Period.year_of(2025), HOME).state
        due = target.recurring or target.year <= 2025
        assert state is (State.ACHIEVED if due else State.ON_TRACK), target.code
    # revisions, audit and scope as for an indicator: a second report (a new note) is revision 2
    note = f"{rows[0].note or ''} (revised)"
    again = sup.report(
        [ObservationInput(plan.task_targets[0][1].code, "2025", rows[0].value, note=note)], actor=SUPERVISOR
    )
    assert again[0].revision == 2


def test_a_due_target_short_of_it_is_behind_and_scope_applies(sup: Platform) -> None:
    arbitration = "laoyoudeyou.arbitration_closure_rate"  # 保持在92％以上: judged every year
    report(sup, [(arbitration, "2024", "90")], reporter(LABOUR))
    status = TaskTargetStatus(sup.plan, Readings(sup))
    assert status.status(arbitration, Period.year_of(2024), HOME).state is State.BEHIND
    with pytest.raises(ValidationError) as denied:
        report(sup, [(arbitration, "2024", "95")], reporter(HEALTH))
    assert denied.value.errors[0].field == "indicator"


def test_yes_no_targets_take_one_or_zero_with_evidence(sup: Platform) -> None:
    consortium = "ruoyou.aid_consortium_established"  # 到2023年，建成县级社会救助服务联合体
    with pytest.raises(ValidationError) as bad:
        report(sup, [(consortium, "2023", "0.5"), (consortium, "2024", "1")], reporter(CIVIL))
    fields = {(e.index, e.field) for e in bad.value.errors}
    assert fields == {(0, "value"), (1, "note")}
    with sup.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ObservationRow)) == 0, "nothing partly written"
    report(sup, [(consortium, "2023", "1", "民政局文件〔2023〕5号：联合体挂牌")], reporter(CIVIL))
    status = TaskTargetStatus(sup.plan, Readings(sup))
    assert status.status(consortium, Period.year_of(2023), HOME).state is State.ACHIEVED


# -- milestones -----------------------------------------------------------------------------


def test_plan_milestones_and_work_items(sup: Platform, clock: Clock) -> None:
    service = MilestoneService(sup.plan)
    with sup.sessions() as s:
        plan_rows = list(s.scalars(select(MilestoneRow).where(MilestoneRow.origin == "plan")))
    assert {r.code for r in plan_rows} == {
        f"{p.code}.m{n}" for p in sup.plan.projects for n in range(1, len(p.milestones) + 1)
    }
    assert all(r.due_date == date(r.due_date.year, 12, 31) for r in plan_rows)
    project = "bingyou.体育中心项目"
    soon = act(
        sup,
        reporter(HEALTH),
        lambda w: service.add(w, NewMilestone(project, "主体封顶", date(2026, 3, 20)), clock.today),
    )
    later = act(
        sup,
        SUPERVISOR,
        lambda w: service.add(w, NewMilestone(project, "场馆验收", date(2026, 9, 30), CIVIL), clock.today),
    )
    dropped = act(
        sup,
        SUPERVISOR,
        lambda w: service.add(w, NewMilestone(project, "临时任务", date(2026, 6, 1)), clock.today),
    )
    codes = soon.code, later.code, dropped.code
    assert codes == (f"{project}.w1", f"{project}.w2", f"{project}.w3")
    with sup.sessions() as s:
        rows = {r.code: r for r in s.scalars(select(MilestoneRow))}
        assert milestone_state(rows[codes[0]], clock.today) is MilestoneState.DUE_SOON
        assert milestone_state(rows[codes[1]], clock.today) is MilestoneState.PLANNED
        assert rows[codes[1]].department == CIVIL and rows[codes[0]].department == HEALTH
    with pytest.raises(ValidationError) as bad:
        act(
            sup,
            SUPERVISOR,
            lambda w: service.add(w, NewMilestone("nope", " ", date(2020, 1, 1), "某局"), clock.today),
        )
    assert {e.field for e in bad.value.errors} == {"project", "title", "dueDate", "department"}
    from qyx_platform import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        act(
            sup,
            reporter("县教育局"),
            lambda w: service.add(w, NewMilestone(project, "越权", date(2026, 5, 1)), clock.today),
        )
    clock.today = date(2026, 3, 19)
    act(
        sup,
        reporter(HEALTH),
        lambda w: service.complete(w, codes[0], date(2026, 3, 18), "封顶验收记录", clock.today),
    )
    act(sup, SUPERVISOR, lambda w: service.cancel(w, codes[2], "并入场馆验收"))
    clock.today = date(2026, 10, 5)
    with sup.sessions() as s:
        rows = {r.code: r for r in s.scalars(select(MilestoneRow))}
        states = {c: milestone_state(rows[c], clock.today) for c in codes}
        history = service.history(s, codes[2])
    assert states == {
        codes[0]: MilestoneState.DONE,
        codes[1]: MilestoneState.OVERDUE,
        codes[2]: MilestoneState.CANCELLED,
    }
    assert [e.action for e in history] == ["added", "cancelled"], "a cancelled item keeps its history"
    act(sup, SUPERVISOR, lambda w: service.complete(w, codes[1], date(2026, 10, 2), "验收报告", clock.today))
    with sup.sessions() as s:
        assert milestone_state(s.get(MilestoneRow, codes[1]), clock.today) is MilestoneState.DONE_LATE  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as again:
        act(sup, SUPERVISOR, lambda w: service.complete(w, codes[1], date(2026, 12, 1), "", clock.today))
    assert {e.field for e in again.value.errors} == {"code", "doneDate", "evidence"}


# -- timeliness -----------------------------------------------------------------------------


def _backdate(p: Platform, code: str, period: str, at: datetime) -> None:
    """The report of ``code`` for ``period`` was sent at ``at`` (the test cannot wait a year)."""
    with p.sessions.begin() as s:
        s.execute(
            update(ObservationRow)
            .where(ObservationRow.indicator_code == code, ObservationRow.period == period)
            .values(reported_at=at)
        )


def test_on_time_late_and_missing_departments_are_told_apart(sup: Platform, clock: Clock) -> None:
    clock.today = date(2025, 9, 1)
    report(
        sup,
        [
            ("laoyoudeyou.urban_registered_unemployment_rate", "2025-07", "2.1"),
            ("laoyoudeyou.wage_arrears_resolution_rate", "2025-07", "96"),
            ("laoyoudeyou.vocational_skills_training_cumulative", "2025-07", "1.1"),
            ("bingyou.free_health_checkups_per_year", "2025-07", "2.1"),
        ],
    )
    for code in (
        "urban_registered_unemployment_rate",
        "wage_arrears_resolution_rate",
        "vocational_skills_training_cumulative",
    ):
        _backdate(sup, f"laoyoudeyou.{code}", "2025-07", datetime(2025, 8, 5, 9, tzinfo=UTC))
    _backdate(sup, "bingyou.free_health_checkups_per_year", "2025-07", datetime(2025, 8, 20, 9, tzinfo=UTC))
    result = TimelinessService(sup.plan, sup.engine, sup.deadlines).cycle(
        Period.parse("2025-07"), clock.today
    )
    assert result.deadline == date(2025, 8, 10)
    rows = {d.department: d for d in result.departments}
    assert (rows[LABOUR].expected, rows[LABOUR].on_time, rows[LABOUR].late, rows[LABOUR].missing) == (
        3,
        3,
        0,
        0,
    )
    assert (rows[HEALTH].on_time, rows[HEALTH].late, rows[HEALTH].missing) == (0, 1, 0)
    assert (rows[CIVIL].on_time, rows[CIVIL].late, rows[CIVIL].missing) == (0, 0, 1)
    assert rows[CIVIL].missing_items == [("laoyou.basic_pension_insured", "2025-07")]
    # the deadline at 23:59 county time is on time: 2025-08-10 15:59 UTC
    _backdate(
        sup, "bingyou.free_health_checkups_per_year", "2025-07", datetime(2025, 8, 10, 15, 59, tzinfo=UTC)
    )
    again = TimelinessService(sup.plan, sup.engine, sup.deadlines).cycle(Period.parse("2025-07"), clock.today)
    assert {d.department: d.on_time for d in again.departments}[HEALTH] == 1
    # before the deadline nothing is missing yet: pending
    early = TimelinessService(sup.plan, sup.engine, sup.deadlines).cycle(
        Period.parse("2025-07"), date(2025, 8, 3)
    )
    assert {d.department: (d.missing, d.pending) for d in early.departments}[CIVIL] == (0, 1)


def test_a_report_counts_at_its_first_accepted_revision(db_url: str, clock: Clock) -> None:
    clock.today = date(2025, 9, 1)
    p = Platform(db_url, today=clock, require_approval=True)
    try:
        code = "laoyou.basic_pension_insured"
        report(p, [(code, "2025-07", "4.1")], reporter(CIVIL))
        _backdate(p, code, "2025-07", datetime(2025, 8, 1, tzinfo=UTC))
        service = TimelinessService(p.plan, p.engine, p.deadlines)
        pending = {d.department: d for d in service.cycle(Period.parse("2025-07"), clock.today).departments}
        assert pending[CIVIL].missing == 1, "a value waiting for approval is not accepted yet"
        with p.sessions.begin() as s:
            s.execute(
                update(ObservationRow).values(approved=True, approved_at=datetime(2025, 8, 12, tzinfo=UTC))
            )
        late = {d.department: d for d in service.cycle(Period.parse("2025-07"), clock.today).departments}
        assert (late[CIVIL].late, late[CIVIL].missing) == (1, 0)
    finally:
        p.close()


def test_timeliness_ignores_revisions_later_rejected_or_withdrawn(sup: Platform, clock: Clock) -> None:
    """A revision rejected or withdrawn after it was accepted was never a report: the item is
    missing again, and a resubmission counts at its own time (late after the deadline)."""
    clock.today = date(2025, 9, 1)
    rejected, withdrawn = "laoyou.basic_pension_insured", "bingyou.free_health_checkups_per_year"
    report(sup, [(rejected, "2025-07", "4.1"), (withdrawn, "2025-07", "2.1")])
    for code in (rejected, withdrawn):
        _backdate(sup, code, "2025-07", datetime(2025, 8, 5, 9, tzinfo=UTC))

    def cycle() -> dict[str, Any]:
        service = TimelinessService(sup.plan, sup.engine, sup.deadlines)
        return {d.department: d for d in service.cycle(Period.parse("2025-07"), clock.today).departments}

    before = cycle()
    assert (before[CIVIL].on_time, before[HEALTH].on_time) == (1, 1)
    with sup.sessions() as s:
        rows = s.scalars(select(ObservationRow).where(ObservationRow.period == "2025-07")).all()
        ids = {r.indicator_code: r.id for r in rows}
    sup.reject(ids[rejected], "wrong base year", SUPERVISOR)
    sup.withdraw(ids[withdrawn], "sent for the wrong month", LOCAL_OPERATOR)
    after = cycle()
    assert (after[CIVIL].on_time, after[CIVIL].missing) == (0, 1)
    assert (after[HEALTH].on_time, after[HEALTH].missing) == (0, 1)
    report(sup, [(rejected, "2025-07", "4.2")])  # resubmitted after the deadline (2025-08-10)
    with sup.write(LOCAL_OPERATOR) as work:  # the clock says 2025-09-01: date the resubmission
        work.session.execute(
            update(ObservationRow)
            .where(ObservationRow.indicator_code == rejected, ObservationRow.id != ids[rejected])
            .values(reported_at=datetime(2025, 8, 20, 9, tzinfo=UTC))
        )
    again = cycle()
    assert (again[CIVIL].on_time, again[CIVIL].late, again[CIVIL].missing) == (0, 1, 0)


# -- surveys --------------------------------------------------------------------------------


def test_surveys_margins_changes_and_typed_errors(sup: Platform, clock: Clock) -> None:
    service = SurveyService(sup.plan)
    act(sup, SUPERVISOR, lambda w: service.record(w, NewSurvey("youyou", "2025Q1", "86.5", 400), clock.today))
    act(
        sup,
        reporter(HEALTH),
        lambda w: service.record(w, NewSurvey("幼有善育", "2025Q2", Decimal("80"), 400), clock.today),
    )
    with sup.sessions() as s:
        first, second = service.list(s, "youyou")
    assert abs(first.margin - Decimal("3.35")) < Decimal("0.1") and abs(
        second.margin - Decimal("3.92")
    ) < Decimal("0.1")
    assert (
        second.change is not None
        and second.change.significant
        and second.change.difference == Decimal("-6.5")
    )
    cases: list[tuple[dict[str, Any], str]] = [
        ({"satisfied": "100.5"}, "satisfied"),
        ({"satisfied": "-1"}, "satisfied"),
        ({"satisfied": "很满意"}, "satisfied"),
        ({"sample_size": 0}, "sampleSize"),
        ({"domain": "huoyou"}, "domain"),
        ({"period": "2026Q4"}, "period"),  # not begun on 2026-03-01
        ({"period": "2025Q1"}, "period"),  # already recorded
        ({"jurisdiction": "110101"}, "jurisdiction"),
        ({"note": "x" * 5000}, "note"),
    ]
    base = {"domain": "youyou", "period": "2025Q3", "satisfied": "90", "sample_size": 300}
    for change, field in cases:
        with pytest.raises(ValidationError) as bad:
            act(sup, SUPERVISOR, lambda w, c=change: service.record(w, NewSurvey(**(base | c)), clock.today))
        assert [e.field for e in bad.value.errors] == [field], change
    with sup.sessions() as s:
        assert s.scalar(select(func.count()).select_from(SurveyRow)) == 2, "nothing written by a bad survey"


# -- alerts ---------------------------------------------------------------------------------


def test_two_behind_checkpoints_raise_exactly_one_problem(sup: Platform) -> None:
    rate = "laoyoudeyou.urban_registered_unemployment_rate"  # monthly, target <3
    report(sup, [(rate, "2025-05", "5.0")], reporter(LABOUR))
    assert problems(sup) == [], "one BEHIND checkpoint is not yet a problem"
    report(sup, [(rate, "2025-06", "5.2")], reporter(LABOUR))
    report(sup, [(rate, "2025-06", "5.1")], reporter(LABOUR))  # reported again
    report(sup, [(rate, "2025-07", "5.3")], reporter(LABOUR))  # the same run goes on
    assert sup.run_alerts() == []
    (problem,) = problems(sup)
    assert problem.source == "rule:behind_twice" and problem.department == LABOUR
    assert problem.indicator_code == rate and problem.status == "open"
    report(sup, [(rate, "2025-08", "2.5")], reporter(LABOUR))  # recovered
    report(sup, [(rate, "2025-09", "4.0"), (rate, "2025-10", "4.1")], reporter(LABOUR))  # a new run
    assert [p.cause for p in problems(sup)][1].endswith(":2025-09")


def test_yearly_task_target_behind_twice(sup: Platform) -> None:
    arbitration = "laoyoudeyou.arbitration_closure_rate"
    report(sup, [(arbitration, "2023", "80"), (arbitration, "2024", "85")], reporter(LABOUR))
    (problem,) = problems(sup)
    assert problem.task_target_code == arbitration and problem.domain_code == "laoyoudeyou"


def test_an_alerts_problem_is_written_in_the_installations_language(
    sup: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The problem list is shared: an alert's problem is stored in the installation's language
    (QYX_LANG, else Chinese), whatever the language of the request whose write raised it."""
    monkeypatch.setenv("QYX_LANG", "zh_CN")
    arbitration = "laoyoudeyou.arbitration_closure_rate"  # yearly
    with use_language("en"):  # an English-speaking reporter's write
        report(sup, [(arbitration, "2023", "80"), (arbitration, "2024", "85")], reporter(LABOUR))
    (problem,) = problems(sup)
    assert problem.description and "连续 2 个年度节点落后" in problem.description, problem.description
    assert "BEHIND" not in problem.title and "yearly" not in problem.description


def test_missing_reports_overdue_milestones_and_satisfaction_drops_raise_problems(
    sup: Platform, clock: Clock
) -> None:
    clock.today = date(2025, 8, 1)
    assert sup.run_alerts() == []  # the first run starts watching deadlines from today
    clock.today = date(2025, 8, 11)  # the 2025-07 deadline (08-10) has passed
    raised = sup.run_alerts()
    found = {p.cause: p for p in problems(sup)}
    assert len(raised) == len(found) and f"report_missing:{CIVIL}:2025-07" in found
    assert found[f"report_missing:{CIVIL}:2025-07"].indicator_code == "laoyou.basic_pension_insured"
    assert sup.run_alerts() == [], "never twice for the same cause"
    act(
        sup,
        SUPERVISOR,
        lambda w: MilestoneService(sup.plan).add(
            w,
            NewMilestone("youyou.国家儿童早期发展项目", "年度评估", date(2025, 8, 20)),
            clock.today,
        ),
    )
    act(
        sup,
        SUPERVISOR,
        lambda w: SurveyService(sup.plan).record(w, NewSurvey("zhuyou", "2025-05", "90", 1000), clock.today),
    )
    act(
        sup,
        SUPERVISOR,
        lambda w: SurveyService(sup.plan).record(w, NewSurvey("zhuyou", "2025-06", "85", 1000), clock.today),
    )
    clock.today = date(2025, 8, 21)
    sup.run_alerts()
    sources = {p.source for p in problems(sup)}
    assert {"rule:milestone_overdue", "rule:satisfaction_drop", "rule:report_missing"} <= sources
    overdue = next(p for p in problems(sup) if p.source == "rule:milestone_overdue")
    assert overdue.department == HEALTH and overdue.milestone_code == "youyou.国家儿童早期发展项目.w1"
    count = len(problems(sup))
    sup.run_alerts()
    assert len(problems(sup)) == count


# -- problems -------------------------------------------------------------------------------


def test_the_department_owns_its_problem_and_every_transition_is_kept(sup: Platform, clock: Clock) -> None:
    service = ProblemService(sup.plan)
    new = NewProblem(
        "托育机构备案滞后",
        HEALTH,
        date(2026, 4, 1),
        domain="youyou",
        indicator="youyou.childcare_places_per_1000",
    )
    pid = act(sup, SUPERVISOR, lambda w: service.raise_problem(w, new, clock.today)).id
    from qyx_platform import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        act(sup, reporter(LABOUR), lambda w: service.move(w, pid, ProblemStatus.RECTIFYING))
    act(sup, reporter(HEALTH), lambda w: service.move(w, pid, ProblemStatus.RECTIFYING, note="已部署整改"))
    act(sup, reporter(HEALTH), lambda w: service.submit_evidence(w, pid, "备案台账（3月）"))
    act(sup, reporter(HEALTH), lambda w: service.comment(w, pid, "请专班审核"))
    with pytest.raises(PermissionDeniedError):
        act(sup, reporter(HEALTH), lambda w: service.move(w, pid, ProblemStatus.CLOSED, evidence="自行销号"))
    with pytest.raises(ValidationError) as no_reason:
        act(sup, SUPERVISOR, lambda w: service.move(w, pid, ProblemStatus.REOPENED))
    assert no_reason.value.errors[0].field == "reason"
    act(sup, SUPERVISOR, lambda w: service.move(w, pid, ProblemStatus.REOPENED, note="台账缺乡镇数据"))
    act(sup, reporter(HEALTH), lambda w: service.move(w, pid, ProblemStatus.RECTIFYING))
    act(sup, SUPERVISOR, lambda w: service.move(w, pid, ProblemStatus.CLOSED, evidence="台账完整，销号"))
    with sup.sessions() as s:
        events = service.history(s, [pid])[pid]
        comments = service.comments(s, [pid])[pid]
    steps = [(e.from_status, e.to_status) for e in events]
    assert steps == [
        (None, "open"),
        ("open", "rectifying"),
        ("rectifying", "rectifying"),
        ("rectifying", "reopened"),
        ("reopened", "rectifying"),
        ("rectifying", "closed"),
    ]
    assert events[3].note == "台账缺乡镇数据" and events[3].actor == "task force"
    assert [c.text for c in comments] == ["请专班审核"]


def test_problem_links_and_due_dates_are_checked(sup: Platform, clock: Clock) -> None:
    service = ProblemService(sup.plan)
    bad = NewProblem(
        "x",
        HEALTH,
        date(2026, 2, 1),
        domain="youyou",
        indicator="laoyoudeyou.urban_registered_unemployment_rate",
        task_target="zhuyou.elevator_retrofits",
        project="ruoyou.残疾人康复中心项目",
    )
    with pytest.raises(ValidationError) as errors:
        act(sup, SUPERVISOR, lambda w: service.raise_problem(w, bad, clock.today))
    assert {e.field for e in errors.value.errors} == {"dueDate", "indicator", "taskTarget", "project"}
    with sup.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ProblemRow)) == 0
        assert s.scalar(select(func.count()).select_from(ProblemEventRow)) == 0


# -- scoreboard -----------------------------------------------------------------------------


def test_scoreboard_counts_missing_reports_and_shows_coverage(sup: Platform, clock: Clock) -> None:
    clock.today = date(2026, 3, 1)
    report(sup, [("laoyoudeyou.urban_registered_unemployment_rate", "2025", "2.0")])
    board = build_scoreboard(sup.plan, Readings(sup), 2025, HOME)
    work = next(s for s in board.domains if s.key == "laoyoudeyou")
    counts = work.overall.counts
    assert counts.achieved == 1 and counts.no_data == counts.total - 1
    assert work.coverage == (Decimal(1) / Decimal(counts.total)).quantize(Decimal("0.0001"))
    assert work.score is not None and work.score < 100, "one report of several is not full marks"
    assert work.timeliness is not None and work.timeliness == 0, "no monthly report arrived"


def test_city_scoreboard_rolls_up_its_counties(sup: Platform) -> None:
    counties = [j.code for j in sup.plan.children("331100")]
    assert len(counties) == 9
    rows = [
        ObservationInput("youyou.affordable_childcare_place_share", "2025", "64", jurisdiction=c)
        for c in counties
    ]
    sup.report(rows, actor=LOCAL_OPERATOR)
    board = build_scoreboard(sup.plan, Readings(sup), 2025, "331100")
    youyou = next(s for s in board.domains if s.key == "youyou")
    assert youyou.overall.counts.achieved == 1 and youyou.rank == 1
    province = build_scoreboard(sup.plan, Readings(sup), 2025, "330000")
    assert next(s for s in province.domains if s.key == "youyou").overall.counts.achieved == 1


def test_rank_change_against_the_previous_year(sup: Platform, clock: Clock) -> None:
    clock.today = date(2026, 3, 1)
    report(
        sup,
        [
            ("youyou.affordable_childcare_place_share", "2024", "61"),
            ("zhuyou.property_management_coverage", "2025", "91"),
        ],
    )
    board = build_scoreboard(sup.plan, Readings(sup), 2025, HOME)
    rows = {s.key: s for s in board.domains}
    assert rows["zhuyou"].rank == 1 and rows["youyou"].rank is not None
    assert rows["zhuyou"].rank_change is not None and rows["zhuyou"].rank_change > 0
    assert rows["youyou"].rank_change is not None and rows["youyou"].rank_change < 0


def test_month_scoreboard_and_rank_change_against_the_month_before(sup: Platform) -> None:
    report(
        sup,
        [
            ("laoyoudeyou.urban_registered_unemployment_rate", "2025-01", "2.0"),
            ("zhuyou.affordable_rental_housing_cumulative", "2025Q1", "450"),
            ("zhuyou.property_management_coverage", "2025Q1", "91"),
        ],
    )
    february = {s.key: s for s in build_scoreboard(sup.plan, Readings(sup), 2025, HOME, month=2).domains}
    march = {s.key: s for s in build_scoreboard(sup.plan, Readings(sup), 2025, HOME, month=3).domains}
    assert february["laoyoudeyou"].rank == 1 and february["zhuyou"].overall.counts.achieved == 0
    assert march["zhuyou"].rank == 1 and march["zhuyou"].overall.counts.achieved == 2
    assert march["zhuyou"].rank_change is not None and march["zhuyou"].rank_change > 0
    assert march["laoyoudeyou"].rank_change == february["laoyoudeyou"].rank - march["laoyoudeyou"].rank  # type: ignore[operator]
    # the reports arrived in 2026: as of March 2025 the monthly one was not there yet
    assert march["laoyoudeyou"].timeliness == 0
    with pytest.raises(Exception, match="month"):
        build_scoreboard(sup.plan, Readings(sup), 2025, HOME, month=13)


# -- statements stay flat ---------------------------------------------------------------------


def _statements(p: Platform, run: Callable[[], object]) -> int:
    from tools.statements import driver_statements, is_query

    p.cache.clear()
    with driver_statements(p.engine) as seen:
        run()
    return len([s for s in seen if is_query(s)])


def test_scoreboard_and_timeliness_statements_do_not_grow_with_the_data(sup: Platform) -> None:
    """The SQL a scoreboard or a timeliness table costs is the same for 3 counties' values as
    for 9, and for a month's reports as for a year's (the benchmarks time them at scale)."""
    counties = [j.code for j in sup.plan.children("331100")]
    month = Period.parse("2025-07")

    def board(where: str) -> Callable[[], object]:
        return lambda: build_scoreboard(sup.plan, Readings(sup), 2025, where)

    def table() -> object:
        return TimelinessService(sup.plan, sup.engine, sup.deadlines).cycle(month, date(2025, 9, 1))

    def load(places: list[str], months: range) -> None:
        rows = [
            ObservationInput(code, f"2025-{m:02d}", value, jurisdiction=place)
            for place in places
            for m in months
            for code, value in (("9", "2.5"), ("laoyou.basic_pension_insured", "4.2"))
        ]
        sup.report(rows, actor=LOCAL_OPERATOR)

    load(counties[:3], range(7, 8))
    few = (_statements(sup, board("331100")), _statements(sup, board(HOME)), _statements(sup, table))
    load(counties, range(1, 13))
    many = (_statements(sup, board("331100")), _statements(sup, board(HOME)), _statements(sup, table))
    assert few == many
    assert all(0 < n <= 12 for n in many), many


# -- arbitrary input --------------------------------------------------------------------------

texts = st.text(max_size=12) | st.sampled_from(["youyou", "2025Q1", "86.5", "-1", "1e400", "NaN", "331126"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(domain=texts, period=texts, satisfied=texts, size=st.integers(-5, 10**9), place=st.none() | texts)
def test_any_survey_input_is_stored_whole_or_refused_naming_fields(
    sqlite_url: str, domain: str, period: str, satisfied: str, size: int, place: str | None
) -> None:
    p = _shared(sqlite_url)
    service = SurveyService(p.plan)
    with p.sessions() as s:
        before = s.scalar(select(func.count()).select_from(SurveyRow))
    new = NewSurvey(domain, period, satisfied, size, place)
    try:
        act(p, SUPERVISOR, lambda w: service.record(w, new, date(2026, 3, 1)))
    except ValidationError as exc:
        assert {e.field for e in exc.errors} <= {
            "domain",
            "period",
            "satisfied",
            "sampleSize",
            "jurisdiction",
        }
        with p.sessions() as s:
            assert s.scalar(select(func.count()).select_from(SurveyRow)) == before
    else:
        with p.sessions() as s:
            assert s.scalar(select(func.count()).select_from(SurveyRow)) == before + 1


_PLATFORMS: dict[str, Platform] = {}


def _shared(url: str) -> Platform:
    """One platform per test database across hypothesis examples (opening one migrates)."""
    if url not in _PLATFORMS:
        _PLATFORMS.clear()
        _PLATFORMS[url] = Platform(url)
    return _PLATFORMS[url]
