/*
 * Money in minor units: formatting, parsing and exact ratios.
 */
#include "core/money.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

bool
currency_valid(const char *code)
{
    if (!code || strlen(code) != 3)
        return false;
    for (int i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return false;
    return true;
}

int
currency_exponent(const char *code)
{
    /* ISO 4217 minor units where they are not 2. */
    static const char zero[][4] = { "BIF", "CLP", "DJF", "GNF", "ISK", "JPY",
                                    "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
                                    "VND", "VUV", "XAF", "XOF", "XPF" };
    static const char three[][4] = { "BHD", "IQD", "JOD", "KWD",
                                     "LYD", "OMR", "TND" };
    if (!code)
        return 2;
    for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
        if (strcmp(code, zero[i]) == 0)
            return 0;
    for (size_t i = 0; i < ARRAY_SIZE(three); i++)
        if (strcmp(code, three[i]) == 0)
            return 3;
    return 2;
}

int64_t
currency_unit(const char *code)
{
    int64_t unit = 1;
    for (int e = currency_exponent(code); e > 0; e--)
        unit *= 10;
    return unit;
}

void
money_format(struct buf *out, int64_t minor, const char *code)
{
    int64_t unit = currency_unit(code);
    uint64_t abs = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t major = abs / (uint64_t)unit, frac = abs % (uint64_t)unit;
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)major);
    if (minor < 0)
        buf_addc(out, '-');
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            buf_addc(out, ',');
        buf_addc(out, digits[i]);
    }
    int exp = currency_exponent(code);
    if (exp)
        buf_addf(out, ".%0*llu", exp, (unsigned long long)frac);
    if (code && *code)
        buf_addf(out, " %s", code);
}

const char *
money_str(char *out, size_t size, int64_t minor, const char *code)
{
    struct buf b = BUF_INIT;
    money_format(&b, minor, code);
    snprintf(out, size, "%s", b.len ? b.s : "");
    buf_release(&b);
    return out;
}

int
money_parse(const char *s, const char *code, bool allow_negative, int64_t *out,
            const char *field, struct err *err)
{
    int exp = currency_exponent(code);
    const char *p = s ? s : "";
    while (isspace((unsigned char)*p))
        p++;
    bool neg = false;
    if (*p == '-') {
        if (!allow_negative)
            return err_set(err, ERR_INVALID, field,
                           "Enter an amount of zero or more.");
        neg = true;
        p++;
    }
    uint64_t major = 0, frac = 0;
    int ndigits = 0, nfrac = -1; /* -1: no decimal point seen */
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= '0' && c <= '9') {
            if (nfrac >= 0) {
                if (++nfrac > exp)
                    return err_set(err, ERR_INVALID, field,
                                   "Use at most %d decimal places.", exp);
                frac = frac * 10 + (c - '0');
            } else {
                /* MONEY_MAX has 16 digits (a JPY amount); 18 cannot
                 * overflow major, and the check below refuses the rest. */
                if (++ndigits > 18)
                    return err_set(err, ERR_INVALID, field,
                                   "The amount is too large.");
                major = major * 10 + (c - '0');
            }
            continue;
        }
        if (c == ' ' || c == '\'' || c == '_') {
            if (nfrac >= 0)
                break;
            continue;
        }
        if ((c == '.' || c == ',') && nfrac < 0 && ndigits) {
            /* A comma is a decimal comma only when 1..exp digits end the
             * text; otherwise it groups thousands. */
            size_t rest = strspn(p + 1, "0123456789");
            bool ends = p[1 + rest] == '\0' ||
                        strspn(p + 1 + rest, " \t\r\n") == strlen(p + 1 + rest);
            if (c == '.' ||
                (ends && rest >= 1 && (int)rest <= exp && rest != 3)) {
                nfrac = 0;
                continue;
            }
            if (c == ',' && rest == 3)
                continue;
        }
        break;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p || !ndigits || nfrac == 0)
        return err_set(err, ERR_INVALID, field,
                       "Enter an amount such as 1500 or 1,500.00.");
    for (int i = nfrac < 0 ? 0 : nfrac; i < exp; i++)
        frac *= 10;
    uint64_t unit = (uint64_t)currency_unit(code);
    if (major > (uint64_t)MONEY_MAX / unit)
        return err_set(err, ERR_INVALID, field, "The amount is too large.");
    uint64_t v = major * unit + frac;
    if (v > (uint64_t)MONEY_MAX)
        return err_set(err, ERR_INVALID, field, "The amount is too large.");
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

int64_t
money_ratio(int64_t a, int64_t num, int64_t den)
{
    /* __int128 keeps a * num exact for every amount we accept. */
    __int128 p = (__int128)a * num;
    __int128 q = p / den, r = p % den;
    if (r < 0)
        r = -r;
    if (2 * r >= den)
        q += p < 0 ? -1 : 1;
    return (int64_t)q;
}
