"""Iran's 31 provinces with a stable code, an English and a Persian name (Art. 1.1)."""

from __future__ import annotations

from enum import StrEnum

import attrs

__all__ = ["PROVINCES", "Province", "ProvinceInfo", "province_info"]


class Province(StrEnum):
    """One of Iran's 31 provinces; the value is a stable ASCII slug."""

    ALBORZ = "alborz"
    ARDABIL = "ardabil"
    BUSHEHR = "bushehr"
    CHAHARMAHAL_BAKHTIARI = "chaharmahal_bakhtiari"
    EAST_AZERBAIJAN = "east_azerbaijan"
    FARS = "fars"
    GILAN = "gilan"
    GOLESTAN = "golestan"
    HAMADAN = "hamadan"
    HORMOZGAN = "hormozgan"
    ILAM = "ilam"
    ISFAHAN = "isfahan"
    KERMAN = "kerman"
    KERMANSHAH = "kermanshah"
    KHUZESTAN = "khuzestan"
    KOHGILUYEH_BOYER_AHMAD = "kohgiluyeh_boyer_ahmad"
    KURDISTAN = "kurdistan"
    LORESTAN = "lorestan"
    MARKAZI = "markazi"
    MAZANDARAN = "mazandaran"
    NORTH_KHORASAN = "north_khorasan"
    QAZVIN = "qazvin"
    QOM = "qom"
    RAZAVI_KHORASAN = "razavi_khorasan"
    SEMNAN = "semnan"
    SISTAN_BALUCHESTAN = "sistan_baluchestan"
    SOUTH_KHORASAN = "south_khorasan"
    TEHRAN = "tehran"
    WEST_AZERBAIJAN = "west_azerbaijan"
    YAZD = "yazd"
    ZANJAN = "zanjan"


@attrs.frozen
class ProvinceInfo:
    """A province's stable numeric code (1-31, alphabetical) and its names."""

    province: Province
    code: int
    name_en: str
    name_fa: str


_NAMES: dict[Province, tuple[str, str]] = {
    Province.ALBORZ: ("Alborz", "البرز"),
    Province.ARDABIL: ("Ardabil", "اردبیل"),
    Province.BUSHEHR: ("Bushehr", "بوشهر"),
    Province.CHAHARMAHAL_BAKHTIARI: ("Chaharmahal and Bakhtiari", "چهارمحال و بختیاری"),
    Province.EAST_AZERBAIJAN: ("East Azerbaijan", "آذربایجان شرقی"),
    Province.FARS: ("Fars", "فارس"),
    Province.GILAN: ("Gilan", "گیلان"),
    Province.GOLESTAN: ("Golestan", "گلستان"),
    Province.HAMADAN: ("Hamadan", "همدان"),
    Province.HORMOZGAN: ("Hormozgan", "هرمزگان"),
    Province.ILAM: ("Ilam", "ایلام"),
    Province.ISFAHAN: ("Isfahan", "اصفهان"),
    Province.KERMAN: ("Kerman", "کرمان"),
    Province.KERMANSHAH: ("Kermanshah", "کرمانشاه"),
    Province.KHUZESTAN: ("Khuzestan", "خوزستان"),
    Province.KOHGILUYEH_BOYER_AHMAD: (
        "Kohgiluyeh and Boyer-Ahmad",
        "کهگیلویه و بویراحمد",
    ),
    Province.KURDISTAN: ("Kurdistan", "کردستان"),
    Province.LORESTAN: ("Lorestan", "لرستان"),
    Province.MARKAZI: ("Markazi", "مرکزی"),
    Province.MAZANDARAN: ("Mazandaran", "مازندران"),
    Province.NORTH_KHORASAN: ("North Khorasan", "خراسان شمالی"),
    Province.QAZVIN: ("Qazvin", "قزوین"),
    Province.QOM: ("Qom", "قم"),
    Province.RAZAVI_KHORASAN: ("Razavi Khorasan", "خراسان رضوی"),
    Province.SEMNAN: ("Semnan", "سمنان"),
    Province.SISTAN_BALUCHESTAN: ("Sistan and Baluchestan", "سیستان و بلوچستان"),
    Province.SOUTH_KHORASAN: ("South Khorasan", "خراسان جنوبی"),
    Province.TEHRAN: ("Tehran", "تهران"),
    Province.WEST_AZERBAIJAN: ("West Azerbaijan", "آذربایجان غربی"),
    Province.YAZD: ("Yazd", "یزد"),
    Province.ZANJAN: ("Zanjan", "زنجان"),
}

#: Every province's information, in code order.
PROVINCES: tuple[ProvinceInfo, ...] = tuple(
    ProvinceInfo(province=p, code=i + 1, name_en=_NAMES[p][0], name_fa=_NAMES[p][1])
    for i, p in enumerate(Province)
)


def province_info(province: Province) -> ProvinceInfo:
    """Return a province's code and names.

    >>> province_info(Province.TEHRAN).name_fa
    'تهران'
    """
    return PROVINCES[list(Province).index(province)]
