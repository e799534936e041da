"""Every figure of rulebook Art. 2-7 against the bundled file, typed in by hand.

The table below is copied from the rulebook's text, not from default.yaml: it is the
check that the file says what the rulebook says. Each row is (leaf, unit, article,
[(Jalali start, value, source), ...]).
"""

import datetime as dt

import pytest

from coopmodel.parameters import Source, Unit, load_parameters
from coopmodel.records._enums import CoopKind

R, S, I = Source.REPORT, Source.SOURCED, Source.ILLUSTRATIVE  # noqa: E741
START = "1396-01-01"

QUORUM = {
    CoopKind.CONSUMER: 500,
    CoopKind.CREDIT: 50,
    CoopKind.RETAILER_SUPPLY: 20,
    CoopKind.BORDER_DWELLERS: 1_000,
}

RULEBOOK: list[
    tuple[str, Unit, str, list[tuple[str, int | tuple[dt.date, ...], Source]]]
] = [
    # Art. 2.3-2.4: youth ages, group shares; deciles 1-3 (Art. 44 policies)
    ("group.youth.min_age_years", Unit.YEARS, "2.3", [(START, 18, I)]),
    ("group.youth.max_age_years", Unit.YEARS, "2.3", [(START, 35, I)]),
    ("group.women.min_share_bp", Unit.BP, "2.4", [(START, 5_000, I)]),
    ("group.youth.min_share_bp", Unit.BP, "2.4", [(START, 5_000, I)]),
    ("group.disabled.min_share_bp", Unit.BP, "2.4", [(START, 5_000, I)]),
    ("group.low_income.min_share_bp", Unit.BP, "2.4", [(START, 5_000, I)]),
    ("group.low_income.max_income_decile", Unit.DECILE, "2.4", [(START, 3, S)]),
    # Art. 2.5 C2 (every kind) and C4
    *[
        (
            f"quorum.min_members.{kind}",
            Unit.COUNT,
            "2.5",
            [(START, QUORUM.get(kind, 7), S)],
        )
        for kind in CoopKind
    ],
    ("governance.assembly_fiscal_years_back", Unit.YEARS, "2.5", [(START, 1, I)]),
    # Art. 3
    ("guarantee.min_equity", Unit.RIAL, "3.1", [(START, 100_000_000, I)]),
    ("guarantee.equity_multiple", Unit.NUMBER, "3.3", [(START, 5, I)]),
    (
        "guarantee.cap.loan",
        Unit.RIAL,
        "3.3",
        [(START, 10_000_000_000, S), ("1399-01-01", 17_500_000_000, R)],
    ),
    (
        "guarantee.cap.bid",
        Unit.RIAL,
        "3.3",
        [(START, 5_000_000_000, I), ("1399-01-01", 8_750_000_000, R)],
    ),
    (
        "guarantee.cap.performance",
        Unit.RIAL,
        "3.3",
        [(START, 10_000_000_000, I), ("1399-01-01", 17_500_000_000, R)],
    ),
    (
        "guarantee.cap.advance_payment",
        Unit.RIAL,
        "3.3",
        [(START, 10_000_000_000, I), ("1399-01-01", 17_500_000_000, R)],
    ),
    ("guarantee.fee_bp.loan", Unit.BP, "3.4", [(START, 200, I)]),
    ("guarantee.fee_bp.bid", Unit.BP, "3.4", [(START, 100, I)]),
    ("guarantee.fee_bp.performance", Unit.BP, "3.4", [(START, 150, I)]),
    ("guarantee.fee_bp.advance_payment", Unit.BP, "3.4", [(START, 150, I)]),
    # Art. 4
    ("employment.max_jobs", Unit.COUNT, "4.1", [(START, 200, I)]),
    (
        "employment.per_job.standard",
        Unit.RIAL,
        "4.2",
        [(START, 500_000_000, I), ("1399-01-01", 800_000_000, I)],
    ),
    (
        "employment.per_job.less_developed_or_border",
        Unit.RIAL,
        "4.2",
        [(START, 650_000_000, I), ("1399-01-01", 1_000_000_000, I)],
    ),
    ("employment.max_per_project", Unit.RIAL, "4.3", [(START, 20_000_000_000, S)]),
    ("employment.rate_bp.standard", Unit.BP, "4.4", [(START, 1_300, S)]),
    ("employment.rate_bp.border", Unit.BP, "4.4", [(START, 1_100, S)]),
    ("employment.knowledge_based_reduction_bp", Unit.BP, "4.4", [(START, 100, S)]),
    ("employment.market_rate_bp", Unit.BP, "4.4", [(START, 1_800, I)]),
    ("employment.interest_only_months", Unit.MONTHS, "4.4", [(START, 6, I)]),
    ("employment.installment_months", Unit.MONTHS, "4.4", [(START, 60, I)]),
    ("employment.clawback_after_months", Unit.MONTHS, "4.5", [(START, 12, I)]),
    # Art. 5
    ("premium.insurable_ceiling_multiple", Unit.NUMBER, "5.1", [(START, 7, S)]),
    ("premium.share_bp.employee", Unit.BP, "5.1", [(START, 700, S)]),
    ("premium.share_bp.employer", Unit.BP, "5.1", [(START, 2_000, S)]),
    ("premium.share_bp.employer_unemployment", Unit.BP, "5.1", [(START, 300, S)]),
    ("premium.share_bp.government", Unit.BP, "5.1", [(START, 300, S)]),
    ("premium.discount_bp", Unit.BP, "5.2", [(START, 0, I), ("1399-01-01", 2_000, R)]),
    (
        "premium.min_daily_wage",
        Unit.RIAL,
        "5.3",
        [(START, 309_977, I), ("1399-01-01", 611_809, S), ("1400-01-01", 885_165, S)],
    ),
    ("premium.min_wage_days", Unit.DAYS, "5.4", [(START, 30, I)]),
    # Art. 6
    ("credit_line.kb.fiscal_year", Unit.FISCAL_YEAR, "6.1", [(START, 1399, R)]),
    ("credit_line.kb.envelope", Unit.RIAL, "6.1", [(START, 500_000_000_000, R)]),
    ("credit_line.kb.max_per_coop", Unit.RIAL, "6.2", [(START, 20_000_000_000, I)]),
    ("credit_line.wyd.fiscal_year", Unit.FISCAL_YEAR, "6.1", [(START, 1399, R)]),
    ("credit_line.wyd.envelope", Unit.RIAL, "6.1", [(START, 2_000_000_000_000, R)]),
    ("credit_line.wyd.max_per_coop", Unit.RIAL, "6.2", [(START, 10_000_000_000, I)]),
    # Art. 7.1
    ("low_income_aid.per_member", Unit.RIAL, "7.1", [(START, 20_000_000, I)]),
    ("low_income_aid.max_per_coop", Unit.RIAL, "7.1", [(START, 1_000_000_000, I)]),
    # Art. 7.2
    ("wage_subsidy.hire_fiscal_year", Unit.FISCAL_YEAR, "7.2", [(START, 1399, R)]),
    ("wage_subsidy.max_age_years", Unit.YEARS, "7.2", [(START, 37, S)]),
    ("wage_subsidy.cap_multiple", Unit.NUMBER, "7.2", [(START, 5, S)]),
    ("wage_subsidy.rate_bp", Unit.BP, "7.2", [(START, 3_000, S)]),
    ("wage_subsidy.months", Unit.MONTHS, "7.2", [(START, 12, S)]),
    # Art. 7.3
    (
        "insurance_incentive.hire_fiscal_year",
        Unit.FISCAL_YEAR,
        "7.3",
        [(START, 1399, R)],
    ),
    ("insurance_incentive.max_age_years", Unit.YEARS, "7.3", [(START, 38, S)]),
    ("insurance_incentive.rate_bp", Unit.BP, "7.3", [(START, 2_300, S)]),
    ("insurance_incentive.months", Unit.MONTHS, "7.3", [(START, 24, S)]),
    # Art. 7.4
    ("formation.min_founder_age_years", Unit.YEARS, "7.4", [(START, 18, I)]),
    ("formation.min_paid_share.numerator", Unit.NUMBER, "7.4", [(START, 1, S)]),
    ("formation.min_paid_share.denominator", Unit.NUMBER, "7.4", [(START, 3, S)]),
    ("formation.decision_working_days", Unit.WORKING_DAYS, "7.4", [(START, 10, R)]),
    ("holidays.lunar", Unit.DATE, "7.4", [(START, (), I)]),
    # Art. 7.5
    ("top.weight.employment", Unit.NUMBER, "7.5", [(START, 5, I)]),
    ("top.weight.equity", Unit.NUMBER, "7.5", [(START, 3, I)]),
    ("top.weight.governance", Unit.NUMBER, "7.5", [(START, 2, I)]),
    ("top.equity_benchmark_per_member", Unit.RIAL, "7.5", [(START, 1_000_000_000, I)]),
    ("top.national_count", Unit.COUNT, "7.5", [(START, 10, I)]),
    ("top.province_count", Unit.COUNT, "7.5", [(START, 3, I)]),
]


def test_table_has_one_row_per_leaf():
    """The hand-written table names every leaf of the bundled file, once."""
    names = [name for name, _, _, _ in RULEBOOK]
    assert len(names) == len(set(names))
    assert sorted(names) == list(load_parameters().names())


@pytest.mark.parametrize(
    ("name", "unit", "article", "dated"), RULEBOOK, ids=[row[0] for row in RULEBOOK]
)
def test_bundled_leaf_matches_the_rulebook(
    name: str,
    unit: Unit,
    article: str,
    dated: list[tuple[str, int | tuple[dt.date, ...], Source]],
):
    """The leaf's unit, article, dated values and their sources are the rulebook's."""
    params = load_parameters()
    rows = [row for row in params.to_table() if row.name == name]
    assert (unit, article) == (rows[0].unit, rows[0].article)
    assert dated == [(row.start_jalali, row.value, row.source) for row in rows]


@pytest.mark.parametrize(
    ("name", "on", "expected"),
    [
        ("guarantee.cap.loan", "1398-12-29", 10_000_000_000),
        ("guarantee.cap.loan", "1399-01-01", 17_500_000_000),
        ("guarantee.cap.bid", "1402-06-15", 8_750_000_000),
        ("premium.min_daily_wage", "1399-12-30", 611_809),
        ("premium.min_daily_wage", "1400-01-01", 885_165),
        ("premium.discount_bp", "1398-12-29", 0),
        ("premium.discount_bp", "1399-01-01", 2_000),
        ("quorum.min_members.border_dwellers", "1396-01-01", 1_000),
    ],
)
def test_values_change_on_their_start_day(name: str, on: str, expected: int):
    """A dated value is in force from its start day, the previous one until the eve."""
    assert expected == load_parameters().value(name, on)


def test_1399_caps_are_the_base_plus_75_percent():
    """Art. 3.3: every 1399 cap is the 1396 cap times 175 / 100, exactly."""
    params = load_parameters()
    for kind in ("loan", "bid", "performance", "advance_payment"):
        base = params.value(f"guarantee.cap.{kind}", "1396-01-01")
        assert base * 175 == params.value(f"guarantee.cap.{kind}", "1399-01-01") * 100


def test_leaf_metadata_is_complete():
    """Every leaf has one-line text, and a cited URL whenever a value is sourced."""
    for leaf in load_parameters().parameters:
        assert leaf.description.strip()
        assert "\n" not in leaf.description
        if Source.SOURCED in leaf.value_sources:
            assert leaf.citations
        assert all(c.url.startswith(("http://", "https://")) for c in leaf.citations)


def test_unmarked_or_sourced_leaves_cite_the_expected_sources():
    """Sourced leaves cite the public page domain-sources.md lists for their figure."""
    params = load_parameters()
    expected_hosts = {
        "quorum.min_members.consumer": "bargozideha.com",
        "guarantee.cap.loan": "mellatcc.ir",
        "employment.max_per_project": "financialtribune.com",
        "employment.rate_bp.border": "darmian.kj-agrijahad.ir",
        "premium.share_bp.employer": "markazi.sso.ir",
        "wage_subsidy.max_age_years": "iaurmia.ac.ir",
        "insurance_incentive.rate_bp": "agriengs.ir",
        "formation.min_paid_share.denominator": "ilawyou.ir",
        "group.low_income.max_income_decile": "cigf.ir",
    }
    for name, host in expected_hosts.items():
        assert any(host in c.url for c in params.leaf(name).citations), name
    wage = params.leaf("premium.min_daily_wage").citations
    assert {"shenasname.ir", "atiyehman.com"} <= {c.url.split("/")[2] for c in wage}
