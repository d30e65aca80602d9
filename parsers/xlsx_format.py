"""A spreadsheet cell's value as Excel displays it, from the value and its number format.

The readers downstream work on text as a person sees it: `1,082.00`, `96%`, `2022年5月13日`.
openpyxl gives the stored value (1082.0, 0.96, a datetime) and the format code; this module
renders the common codes: General, 0 / 0.00 / #,##0.00 (thousands separators, decimals),
percentages, scientific, literal text in quotes or after a backslash, `@`, sections
`positive;negative;zero;text`, colours and conditions in brackets (ignored), currency and
locale tags (`[$¥-804]`), `_x` padding and `*x` fills, and date/time codes. A code it cannot
render falls back to what General would show, so a figure is never lost.
"""
from __future__ import annotations

import datetime as dt
import re

BRACKET = re.compile(r"\[[^\]]*\]")
DATE_TOKEN = re.compile(r"(yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p)", re.I)
CURRENCY = re.compile(r"\[\$([^\]-]*)(?:-[^\]]*)?\]")  # [$¥-804]: the symbol is printed
GENERAL_DIGITS = 11


def display(value, number_format: str | None) -> str:
    """The text Excel shows for `value` formatted with `number_format`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return _text_section(value, number_format)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return format_date(value, number_format or "")
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(float(value), number_format or "General")
    return str(value)


def general(x: float) -> str:
    """Excel's General format: up to 11 significant digits, no trailing zeros."""
    if x == 0:
        return "0"
    if abs(x) >= 1e11 or abs(x) < 1e-9:
        mantissa, exp = f"{x:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{int(exp):+03d}"
    digits = max(0, GENERAL_DIGITS - len(str(int(abs(x)))))
    text = f"{x:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _sections(code: str) -> list:
    """The format code split at ';' outside quotes and brackets."""
    out, cur, quoted, bracket, i = [], [], False, False, 0
    while i < len(code):
        ch = code[i]
        if ch == "\\" and i + 1 < len(code):
            cur.append(code[i:i + 2])
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == "[" and not quoted:
            bracket = True
        elif ch == "]" and not quoted:
            bracket = False
        if ch == ";" and not quoted and not bracket:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _text_section(value: str, code: str | None) -> str:
    if not code or code in ("General", "@"):
        return value
    sections = _sections(code)
    if len(sections) >= 4 and "@" in sections[3]:
        return _literal(sections[3]).replace("@", value)
    return value


def _is_date_code(code: str) -> bool:
    plain = _strip_literals(BRACKET.sub("", code)).lower()
    return bool(re.search(r"[ymdhs]", plain)) and not re.search(r"[0#?]", plain)


def _strip_literals(code: str) -> str:
    return re.sub(r'"[^"]*"|\\.', "", code)


def format_number(x: float, code: str) -> str:
    if code in ("", "General", "@"):
        return general(x)
    sections = _sections(code)
    add_sign = False
    if len(sections) == 1 or x > 0 or (x == 0 and len(sections) < 3):
        section, add_sign = sections[0], x < 0  # one section: Excel adds the minus sign
    elif x < 0:
        section = sections[1]  # the negative section prints its own sign, if any
    else:
        section = sections[2]
    section = BRACKET.sub("", CURRENCY.sub(lambda m: '"%s"' % m.group(1), section))
    try:
        if _is_date_code(section):
            return format_date(_from_serial(x), section)
        body = _render_number(abs(x), section)
    except (ValueError, OverflowError, AttributeError):
        return general(x)
    if add_sign and re.search(r"[1-9]", body):
        body = "-" + body
    return body


def _render_number(x: float, section: str) -> str:
    """Render x (already signed as the section wants) with one number section."""
    if section.strip().lower() == "general":
        return general(x)
    plain = _strip_literals(section)
    if not re.search(r"[0#?]", plain):
        return _literal(section)
    percent = plain.count("%")
    x = x * (100 ** percent)
    if re.search(r"[eE][+-]", plain):
        return _render_scientific(x, section)
    # trailing commas after the last digit placeholder scale by 1000 each
    scale = len(re.search(r"[0#?](,*)[^0#?]*$", plain).group(1))
    x = x / (1000 ** scale)
    number_part = re.search(r"[0#?,.]+", _mask_literals(section))
    if number_part is None:
        raise ValueError(section)
    pattern = number_part.group(0)
    rendered = _render_pattern(x, pattern.rstrip(",") if scale else pattern)
    before, after = section[:number_part.start()], section[number_part.end():]
    return _literal(before) + rendered + _literal(after)


def _mask_literals(section: str) -> str:
    """The section with quoted text and escaped characters replaced by spaces (same length)."""
    return re.sub(r'"[^"]*"|\\.|_.|\*.', lambda m: " " * len(m.group(0)), section)


def _render_pattern(x: float, pattern: str) -> str:
    int_pat, _, frac_pat = pattern.partition(".")
    decimals = len(re.findall(r"[0#?]", frac_pat))
    text = f"{abs(x):.{decimals}f}"
    int_text, _, frac_text = text.partition(".")
    if frac_text:
        keep = len(frac_text)
        # trailing '#' decimals drop zeros, '0' decimals keep them
        while keep > 0 and frac_pat.replace(",", "")[keep - 1] == "#" and frac_text[keep - 1] == "0":
            keep -= 1
        frac_text = frac_text[:keep]
    min_int = len(re.findall(r"0", int_pat))
    if int_text == "0" and min_int == 0:
        int_text = ""
    int_text = int_text.rjust(min_int, "0")
    if "," in int_pat and int_text:
        int_text = f"{int(int_text):,}"
    sign = "-" if x < 0 and re.search(r"[1-9]", int_text + frac_text) else ""
    return sign + int_text + ("." + frac_text if "." in pattern and (frac_text or decimals == 0) else "")


def _render_scientific(x: float, section: str) -> str:
    plain = _strip_literals(section)
    mant = re.search(r"[0#?.]+(?=[eE])", plain)
    decimals = len(mant.group(0).partition(".")[2]) if mant else 2
    mantissa, exp = f"{x:.{decimals}E}".split("E")
    exp_digits = len(re.search(r"[eE][+-]([0#]+)", plain).group(1))
    sign = "+" if "E+" in plain.upper() or int(exp) < 0 else ""
    e = int(exp)
    return f"{mantissa}E{'-' if e < 0 else sign}{abs(e):0{exp_digits}d}"


def _literal(text: str) -> str:
    """Format-code text with quotes, escapes, padding and fills resolved."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            end = len(text) if end < 0 else end
            out.append(text[i + 1:end])
            i = end + 1
        elif ch == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        elif ch == "_" and i + 1 < len(text):
            out.append(" ")
            i += 2
        elif ch == "*" and i + 1 < len(text):
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _from_serial(x: float) -> dt.datetime:
    return EXCEL_EPOCH + dt.timedelta(days=x)


def format_date(value, code: str) -> str:
    """A date/time with an Excel date code; ISO text when the code is not a date code."""
    code = BRACKET.sub("", _sections(code)[0]) if code else ""
    if not code or not _is_date_code(code):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1899, 12, 30), value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(0))
    return _render_date(value, code)


def _render_date(value: dt.datetime, code: str) -> str:
    twelve = bool(re.search(r"am/pm|a/p", code, re.I))
    out, i, last = [], 0, ""
    tokens = []
    while i < len(code):
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            end = len(code) if end < 0 else end
            tokens.append(("lit", code[i + 1:end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(code):
            tokens.append(("lit", code[i + 1]))
            i += 2
            continue
        m = DATE_TOKEN.match(code, i)
        if m:
            tokens.append(("tok", m.group(0)))
            i = m.end()
            continue
        tokens.append(("lit", ch))
        i += 1
    for k, (kind, tok) in enumerate(tokens):
        if kind == "lit":
            out.append(tok)
            continue
        low = tok.lower()
        if low.startswith("m") and len(low) <= 2:
            # m/mm is minutes after an hour or before a second, else the month
            nxt = next((t for kd, t in tokens[k + 1:] if kd == "tok"), "")
            minute = last.startswith("h") or nxt.lower().startswith("s")
            num = value.minute if minute else value.month
            out.append(f"{num:02d}" if len(low) == 2 else str(num))
        else:
            out.append(_date_part(value, low, twelve))
        last = low
    return "".join(out)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _date_part(v: dt.datetime, tok: str, twelve: bool) -> str:
    hour = (v.hour % 12 or 12) if twelve else v.hour
    parts = {
        "yyyy": f"{v.year:04d}", "yy": f"{v.year % 100:02d}",
        "mmmm": MONTHS[v.month - 1], "mmm": MONTHS[v.month - 1][:3],
        "dddd": DAYS[v.weekday()], "ddd": DAYS[v.weekday()][:3],
        "dd": f"{v.day:02d}", "d": str(v.day),
        "hh": f"{hour:02d}", "h": str(hour),
        "ss": f"{v.second:02d}", "s": str(v.second),
        "am/pm": "AM" if v.hour < 12 else "PM", "a/p": "A" if v.hour < 12 else "P",
    }
    return parts.get(tok, tok)
