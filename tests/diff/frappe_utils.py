"""The Frappe helpers a condition may call, modelled in Python for the differential reference.

crier's conditions see dates as ISO strings (docs/template-compat.md); these functions follow
frappe/utils/data.py (v15) for string inputs, where Frappe itself returns strings, and return ISO
strings where Frappe would return a date object. `now` is fixed per evaluation (crier --now).
"""
import calendar
import datetime
import math
import re

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M:%S.%f"
DATETIME_FORMAT = DATE_FORMAT + " " + TIME_FORMAT

# frappe.utils.data.number_format_info: format -> (decimal separator, group separator, precision).
NUMBER_FORMATS = {
    "#,###.##": (".", ",", 2),
    "#.###,##": (",", ".", 2),
    "# ###.##": (".", " ", 2),
    "# ###,##": (",", " ", 2),
    "#'###.##": (".", "'", 2),
    "#, ###.##": (".", ", ", 2),
    "#,##,###.##": (".", ",", 2),
    "#,###.###": (".", ",", 3),
    "#.###": ("", ".", 0),
    "#,###": ("", ",", 0),
    "#.########": (".", "", 8),
}

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$")
_HTML_TAGS = re.compile(r"\<[^>]*\>")


def _parse(value):
    """Returns (datetime, has_time) for an ISO date or datetime string; ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value, True
    if not isinstance(value, str):
        raise TypeError(f"expected a date string, got {type(value).__name__}")
    m = _DATE_RE.match(value.strip())
    if not m:
        raise ValueError(f"{value} is not a valid date string")
    y, mo, d, hh, mi, ss, frac = m.groups()
    micro = int((frac or "0").ljust(6, "0"))
    dt = datetime.datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), micro)
    return dt, hh is not None


def _add_months(dt, months):
    """relativedelta(months=n): the day is clamped to the last day of the target month."""
    total = dt.year * 12 + (dt.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return dt.replace(year=year, month=month, day=day)


def _cint(s, default=0):
    try:
        return int(float(s))
    except Exception:
        return default


def _bankers_rounding_legacy(num, precision):
    # frappe.utils.data._bankers_rounding_legacy, the default `rounding_method`.
    precision = _cint(precision)
    multiplier = 10**precision
    num = round(num * multiplier if precision else num, 8)
    floor_num = math.floor(num)
    decimal_part = num - floor_num
    if not precision and decimal_part == 0.5:
        num = floor_num if (floor_num % 2 == 0) else floor_num + 1
    elif decimal_part == 0.5:
        num = floor_num + 1
    else:
        num = round(num)
    return (num / multiplier) if precision else num


class Helpers:
    """The helper functions bound to one fixed `now` (a naive datetime)."""

    def __init__(self, now):
        self.now_dt = now

    def nowdate(self):
        return self.now_dt.strftime(DATE_FORMAT)

    def today(self):
        return self.nowdate()

    def now(self):
        return self.now_dt.strftime(DATETIME_FORMAT)

    def nowtime(self):
        return self.now_dt.strftime(TIME_FORMAT)

    def getdate(self, string_date=None):
        if not string_date:
            return self.nowdate()
        dt, _ = _parse(string_date)
        return dt.strftime(DATE_FORMAT)

    def _add(self, date, days=0, months=0):
        if date is None:
            date = self.nowdate()
        dt, has_time = _parse(date)
        if months:
            dt = _add_months(dt, months)
        dt = dt + datetime.timedelta(days=days)
        return dt.strftime(DATETIME_FORMAT if has_time else DATE_FORMAT)

    def add_days(self, date, days):
        return self._add(date, days=days)

    def add_months(self, date, months):
        return self._add(date, months=months)

    def add_years(self, date, years):
        return self._add(date, months=12 * years)

    def date_diff(self, string_ed_date, string_st_date):
        end, _ = _parse(self.getdate(string_ed_date))
        start, _ = _parse(self.getdate(string_st_date))
        return (end - start).days

    @staticmethod
    def flt(s, precision=None):
        if isinstance(s, str):
            s = s.replace(",", "")
        try:
            num = float(s)
            if precision is not None:
                num = _bankers_rounding_legacy(num, precision)
        except Exception:
            num = 0.0
        return num

    @staticmethod
    def cint(s, default=0):
        return _cint(s, default)

    @staticmethod
    def cstr(s):
        if isinstance(s, str):
            return s
        if s is None:
            return ""
        return str(s)

    def fmt_money(self, amount, precision=None, currency=None, format=None):
        number_format = format or "#,###.##"
        decimal_str, comma_str, number_format_precision = NUMBER_FORMATS.get(
            number_format, (".", ",", 2)
        )
        if precision is None:
            precision = number_format_precision
        if isinstance(amount, str):
            amount = self.flt(amount, precision)
        if amount is None:
            amount = 0
        if decimal_str:
            decimals_after = str(round(amount % 1, precision))
            parts = decimals_after.split(".")
            decimals = parts[1] if len(parts) > 1 else parts[0]
            if precision > 2:
                if len(decimals) < 3:
                    precision = 2 if currency else number_format_precision
                elif len(decimals) < precision:
                    precision = len(decimals)
        amount = "%.*f" % (precision, round(self.flt(amount), precision))
        decimals = "" if amount.find(".") == -1 else amount.split(".")[1]
        minus = "-" if self.flt(amount) < 0 else ""
        amount = self.cstr(abs(self.flt(amount))).split(".")[0]
        parts = []
        if len(amount) > 3:
            parts.append(amount[-3:])
            amount = amount[:-3]
            val = 2 if number_format == "#,##,###.##" else 3
            while len(amount) > val:
                parts.append(amount[-val:])
                amount = amount[:-val]
        parts.append(amount)
        parts.reverse()
        amount = comma_str.join(parts) + ((precision and decimal_str) and (decimal_str + decimals) or "")
        if amount != "0":
            amount = minus + amount
        if currency:
            amount = currency + " " + amount
        return amount

    def formatdate(self, string_date=None, format_string=None):
        if not string_date:
            return ""
        dt, _ = _parse(self.getdate(string_date))
        fmt = (format_string or "dd-mm-yyyy").replace("mm", "MM").replace("Y", "y")
        out = []
        i = 0
        while i < len(fmt):
            ch = fmt[i]
            j = i
            while j < len(fmt) and fmt[j] == ch:
                j += 1
            run = j - i
            if ch == "d":
                out.append(str(dt.day).zfill(run))
            elif ch == "M" and run <= 2:
                out.append(str(dt.month).zfill(run))
            elif ch == "y":
                out.append(str(dt.year % 100).zfill(2) if run == 2 else str(dt.year).zfill(run))
            elif ch.isalpha():
                raise ValueError(f"unsupported date format field {fmt[i:j]!r}")
            else:
                out.append(fmt[i:j])
            i = j
        return "".join(out)

    @staticmethod
    def strip_html(text):
        return _HTML_TAGS.sub("", text)

    NAMES = (
        "nowdate today now nowtime getdate add_days add_months add_years date_diff flt cint cstr "
        "fmt_money formatdate strip_html"
    ).split()

    def namespace(self):
        """name -> bound function, for the evaluation globals and `frappe.utils`."""
        return {name: getattr(self, name) for name in self.NAMES}
