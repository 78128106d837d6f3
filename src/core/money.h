/*
 * Money: an integer count of minor units with the cluster's ISO 4217
 * currency code. Nothing here uses floating point.
 */
#ifndef CD_MONEY_H
#define CD_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* The largest amount accepted anywhere: 10^15 minor units. */
#define MONEY_MAX INT64_C(1000000000000000)

/* True for three upper-case ASCII letters. */
bool currency_valid(const char *code);
/* Digits after the decimal point: 0 for JPY, KRW, ...; 3 for BHD, KWD,
 * ...; 2 for every other code. */
int currency_exponent(const char *code);
/* 10^currency_exponent(code): minor units in one major unit. */
int64_t currency_unit(const char *code);

/*
 * Appends "15,000.00 EUR" (grouped by commas, the currency's decimals, a
 * minus sign for negative amounts). With code NULL or "", no code.
 */
void money_format(struct buf *out, int64_t minor, const char *code);
/* The same into a fixed array (at least 40 bytes); returns out. */
const char *money_str(char *out, size_t size, int64_t minor, const char *code);

/*
 * Parses an amount typed by a person: "15000", "15 000", "15,000.50",
 * "15000,5" (a comma followed by 1..exponent digits and nothing else is a
 * decimal comma), with no more decimals than the currency has. A leading
 * minus only when allow_negative. Fails with ERR_INVALID on `field`.
 */
int money_parse(const char *s, const char *code, bool allow_negative,
                int64_t *out, const char *field, struct err *err);

/* round(a * num / den), halves away from zero; den > 0 and no overflow
 * for amounts up to MONEY_MAX and num, den up to 10^6. */
int64_t money_ratio(int64_t a, int64_t num, int64_t den);

#endif
