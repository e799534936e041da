"""What the synthetic national register is calibrated to, and the knobs that do it.

Everything here is **illustrative** (rulebook Art. 8) except the report's figures in
:data:`REPORT_FIGURES`: the register is a plausible stand-in for the national one,
with the shares below chosen so that the modelled programs land near the report's
outcomes when evaluated on :data:`REPORT_ON`, the middle of FY 1399.

Counts in :class:`Calibration` are per ``active_cooperatives`` active cooperatives
(95,000 by default) and scale with the register's size.
"""

from __future__ import annotations

import attrs

from coopmodel.records._enums import CoopKind

__all__ = [
    "KINDS",
    "REPORT_1399",
    "REPORT_FIGURES",
    "REPORT_ON",
    "Calibration",
    "KindProfile",
]

#: The default evaluation day of the national register: the middle of FY 1399.
REPORT_ON = "1399-06-15"

#: The report's figures the register is calibrated to (Art. 4, 6, 7, 8 [report]).
REPORT_FIGURES: dict[str, int] = {
    "active_cooperatives": 95_000,
    "employment_cooperatives": 180,
    "employment_jobs": 3_500,
    "employment_approved": 2_760_000_000_000,
    "kb_envelope": 500_000_000_000,
    "wyd_envelope": 2_000_000_000_000,
    "wage_subsidy_cooperatives": 518,
    "wage_subsidy_hires": 2_448,
    "incentive_cooperatives": 733,
    "incentive_hires": 4_435,
}


@attrs.frozen
class KindProfile:
    """How many cooperatives of one kind there are and how large they are.

    A cooperative's counted members are the kind's quorum plus ``floor(X)``, with
    ``X`` log-normal of median ``median_above_quorum`` and shape ``sigma``; with
    probability ``tail_bp`` / 10,000 ``X`` comes instead from a Pareto tail (index
    1.3, from 30, at most 5,000), which gives the few cooperatives with thousands of
    members.
    ``equity_factor`` scales the paid-in capital.
    """

    kind: CoopKind
    share_bp: int
    median_above_quorum: float
    sigma: float
    tail_bp: int
    equity_factor: float


#: Kinds, their shares of the register and their sizes (illustrative).
KINDS: tuple[KindProfile, ...] = (
    KindProfile(CoopKind.AGRICULTURE, 2_450, 3.0, 0.9, 40, 1.0),
    KindProfile(CoopKind.INDUSTRY, 1_350, 2.5, 0.8, 25, 1.5),
    KindProfile(CoopKind.MINING, 200, 2.5, 0.8, 25, 2.0),
    KindProfile(CoopKind.SERVICES, 2_050, 2.5, 0.8, 25, 0.8),
    KindProfile(CoopKind.TRANSPORT, 600, 3.5, 0.9, 40, 1.2),
    KindProfile(CoopKind.HOUSING, 900, 7.0, 1.0, 80, 2.0),
    KindProfile(CoopKind.CONSUMER, 30, 80.0, 0.9, 0, 3.0),
    KindProfile(CoopKind.PRODUCER_SUPPLY, 350, 4.0, 0.9, 40, 1.5),
    KindProfile(CoopKind.RETAILER_SUPPLY, 450, 4.0, 0.8, 40, 1.5),
    KindProfile(CoopKind.CREDIT, 60, 30.0, 0.9, 0, 4.0),
    KindProfile(CoopKind.MULTIPURPOSE, 500, 3.5, 0.9, 40, 1.0),
    KindProfile(CoopKind.DEVELOPMENT_CONSTRUCTION, 300, 2.5, 0.8, 25, 2.0),
    KindProfile(CoopKind.BORDER_DWELLERS, 8, 150.0, 0.8, 0, 2.0),
    KindProfile(CoopKind.OTHER, 752, 2.5, 0.8, 25, 1.0),
)

#: Province weights in thousands of inhabitants (2016 census, rounded; illustrative),
#: in the order of :class:`~coopmodel.records.Province`: population, counties,
#: whether the province has a land border, and its share of less-developed counties
#: in basis points.
PROVINCE_TABLE: tuple[tuple[int, int, bool, int], ...] = (
    (2_712, 6, False, 500),  # alborz
    (1_271, 10, True, 2_500),  # ardabil
    (1_163, 10, False, 2_000),  # bushehr
    (947, 10, False, 3_500),  # chaharmahal_bakhtiari
    (3_909, 21, True, 1_500),  # east_azerbaijan
    (4_851, 36, False, 1_500),  # fars
    (2_530, 17, False, 1_000),  # gilan
    (1_868, 14, True, 2_500),  # golestan
    (1_738, 10, False, 1_500),  # hamadan
    (1_776, 13, False, 3_500),  # hormozgan
    (580, 10, True, 5_000),  # ilam
    (5_120, 24, False, 1_000),  # isfahan
    (3_164, 23, False, 3_000),  # kerman
    (1_952, 14, True, 3_000),  # kermanshah
    (4_710, 27, True, 3_000),  # khuzestan
    (713, 9, False, 5_000),  # kohgiluyeh_boyer_ahmad
    (1_603, 10, True, 4_000),  # kurdistan
    (1_760, 11, False, 3_000),  # lorestan
    (1_429, 12, False, 1_000),  # markazi
    (3_283, 22, False, 800),  # mazandaran
    (864, 8, True, 3_500),  # north_khorasan
    (1_273, 6, False, 800),  # qazvin
    (1_292, 1, False, 500),  # qom
    (6_434, 32, True, 2_500),  # razavi_khorasan
    (702, 8, False, 1_500),  # semnan
    (2_775, 20, True, 7_000),  # sistan_baluchestan
    (768, 11, True, 5_000),  # south_khorasan
    (13_267, 16, False, 300),  # tehran
    (3_265, 17, True, 2_500),  # west_azerbaijan
    (1_138, 10, False, 1_000),  # yazd
    (1_057, 8, False, 1_500),  # zanjan
)

#: Share of a land-border province's counties that are border counties, in bp.
BORDER_COUNTY_BP = 3_500

#: Highest education of an ordinary member: "not recorded" first, then
#: :class:`~coopmodel.records.Education` in order, in bp (illustrative).
EDUCATION_BP: tuple[int, ...] = (1_200, 1_800, 3_300, 1_100, 1_900, 600, 100)


@attrs.frozen
class Calibration:
    """The shares and counts the generator draws with (illustrative, Art. 8).

    Shares are in basis points of cooperatives (or of members where the name says
    so); counts are per ``active_cooperatives`` active cooperatives. The defaults
    put the register near the report's figures on :data:`REPORT_ON`; see the
    synthetic-register guide for the resulting comparison.
    """

    #: The register size the counts below are given for.
    active_cooperatives: int = 95_000
    #: Cooperatives that are not active, per active one, and their split between
    #: inactive, dissolving and dissolved.
    extra_bp: int = 1_500
    extra_split: tuple[int, int, int] = (10, 4, 1)

    # -- groups (Art. 2.4): shares of cooperatives built as a group ---------------
    women_bp: int = 900
    youth_bp: int = 1_000
    disabled_bp: int = 150
    low_income_bp: int = 500
    knowledge_based_bp: int = 100
    #: In a cooperative built as a group, the share of members who belong to it;
    #: elsewhere, the share who happen to.
    group_member_bp: int = 9_000
    female_member_bp: int = 2_200
    disabled_member_bp: int = 150

    # -- size and standing ----------------------------------------------------------
    #: Cooperatives below their kind's quorum (Art. 2.5 C2).
    below_quorum_bp: int = 300
    #: Members who left, per counted member.
    left_member_bp: int = 600
    #: Cooperatives that employ members (before the fiscal year of ``on``).
    employer_bp: int = 4_500
    overdue_debt_bp: int = 600
    insurance_arrears_bp: int = 500
    #: Of active cooperatives, where the last general assembly falls: in the fiscal
    #: year of ``on``, the year before, earlier, never recorded (Art. 2.5 C4).
    assembly_split_bp: tuple[int, int, int, int] = (5_000, 3_300, 1_000, 700)

    # -- hires in the fiscal year of ``on`` (Art. 7.2, 7.3) ------------------------
    #: Cooperatives meeting C1-C3 that hire young graduates (diploma or higher,
    #: aged at most 37 on hiring) in the year; their mean number of such hires and
    #: the share with a bachelor's degree or higher.
    hiring_cooperatives: int = 518
    hires_per_cooperative: float = 9.0
    hires_bachelor_bp: int = 8_700
    #: Of those, the split of the members employed on the first day of the year:
    #: none, one, a few (the wage subsidy is capped at 5 per such member, min 1).
    hiring_employed_split_bp: tuple[int, int, int] = (7_000, 1_500, 1_500)
    #: Cooperatives meeting C1-C3 whose only graduate hires were 38 on hiring:
    #: eligible to the incentive (Art. 7.3), not to the wage subsidy (Art. 7.2).
    graduate_hire_38_cooperatives: int = 215
    #: Cooperatives meeting C1-C3 that hire in the year, but members who qualify
    #: for neither program (older, or without a diploma).
    other_hiring_cooperatives: int = 2_500
    #: Cooperatives failing C1-C3 that hire young graduates anyway.
    ineligible_hiring_cooperatives: int = 150

    # -- applications in the fiscal year of ``on`` (Art. 1.3, 3, 4, 6) ------------
    guarantee_applications: int = 6_900
    #: Employment applications (Art. 4) by sound cooperatives, and by cooperatives
    #: failing a common condition; committed jobs are log-normal (median, sigma).
    employment_sound: int = 180
    employment_failing: int = 120
    jobs_median: float = 18.3
    jobs_sigma: float = 0.35
    #: Requested amount per committed job against the per-job amount, per mille.
    employment_request_permille: tuple[int, int] = (900, 1_100)
    #: Credit lines (Art. 6): applications by sound group cooperatives and by others.
    kb_sound: int = 60
    kb_failing: int = 40
    kb_request: tuple[int, int] = (5_000_000_000, 30_000_000_000)
    wyd_sound: int = 420
    wyd_failing: int = 280
    wyd_request: tuple[int, int] = (2_000_000_000, 15_000_000_000)


#: The calibration of the national register to the FY 1399 report.
REPORT_1399 = Calibration()
