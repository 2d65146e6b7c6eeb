/* Normalisers: the canonical text from which identity keys are built.
 *
 * Each function writes its result into out (which it resets first) and
 * returns 0, CG_EPARSE when the input is not a valid value of its kind (out
 * then holds the best cleaned form, so that callers can keep the value and
 * flag it), or CG_ENOMEM. Input is UTF-8 of length n; invalid UTF-8 gives
 * CG_EPARSE with out empty. None of them allocate beyond out. Cost: O(n). */
#ifndef CG_NORMALIZE_H
#define CG_NORMALIZE_H

#include "cg_api.h"
#include "cg_strbuf.h"

#include <stddef.h>

/* 1 when s[0..n) is well-formed UTF-8 without NUL bytes, surrogates or
 * overlong forms, else 0. */
CG_API int cg_utf8_valid(const char *s, size_t n);

/* Generic name text: Unicode NFKC, case folded, accents (combining marks)
 * stripped, '.' and apostrophes removed, other punctuation, symbols and
 * whitespace folded to single spaces, trimmed. Token order is kept. */
CG_API int cg_norm_text(const char *s, size_t n, cg_strbuf *out);

/* Literal text: Unicode NFKC and case folded (ASCII: lower case), control
 * characters dropped, whitespace runs folded to one space, trimmed;
 * punctuation, symbols and accents kept. The key of an identifier its
 * normaliser rejects (an IP "999.1.1.1", an e-mail without "@"): such a
 * value is compared as written, so "999.1.1.1" and "9991.1.1" stay two,
 * where cg_norm_text would make both "999111". CG_EPARSE on invalid UTF-8
 * or a NUL byte. */
CG_API int cg_norm_literal(const char *s, size_t n, cg_strbuf *out);

/* Company name: cg_norm_text, then legal-form designations (LLC, L.L.C., Ltd,
 * Co., Ltd., GmbH, FZE, JSC, OOO ...) removed from the end (and the Russian
 * ones from the start), unless nothing else would remain. */
CG_API int cg_norm_company(const char *s, size_t n, cg_strbuf *out);

/* Postal address: cg_norm_text, street words abbreviated (street -> st,
 * avenue -> ave ...), unit words (suite, ste, apt, unit, room, no) dropped. */
CG_API int cg_norm_address(const char *s, size_t n, cg_strbuf *out);

/* E-mail: defanged forms undone ("[at]", "[.]"), "mailto:" dropped, lower
 * case. CG_EPARSE unless it is local@domain.tld without spaces. */
CG_API int cg_norm_email(const char *s, size_t n, cg_strbuf *out);

/* Phone: "+<country code><number>" (E.164) when the text carries a + or 00
 * prefix or country_a2 (ISO alpha-2, may be NULL) gives the calling code;
 * else the bare digits. Extensions are dropped. CG_EPARSE when fewer than 5
 * or more than 15 digits. */
CG_API int cg_norm_phone(const char *s, size_t n, const char *country_a2, cg_strbuf *out);

/* Domain: defanged forms undone, scheme and path dropped, lower case (Unicode
 * case fold for IDNs), trailing dot and leading "www." removed. CG_EPARSE
 * unless it has at least two labels of letters, digits and hyphens. */
CG_API int cg_norm_domain(const char *s, size_t n, cg_strbuf *out);

/* IP address: the inet_ntop canonical text of an IPv4 or IPv6 address
 * (brackets and defanging undone), with "/prefix" kept for CIDR ranges. */
CG_API int cg_norm_ip(const char *s, size_t n, cg_strbuf *out);

/* URL: defanging undone (hxxp, [.], [:]), scheme and host lower-cased, "/"
 * added when the path is empty. CG_EPARSE without "scheme://host". */
CG_API int cg_norm_url(const char *s, size_t n, cg_strbuf *out);

/* IBAN: spaces, hyphens and dots removed, upper case. 0 when the country
 * length and the mod-97 check digits are right, else CG_EPARSE. */
CG_API int cg_norm_iban(const char *s, size_t n, cg_strbuf *out);

/* Wallet: "<chain>:<address>". EVM addresses (0x + 40 hex) lower case with
 * chain "evm" whatever EVM chain is named; bech32 lower case; chain taken from
 * the chain argument (a name or ticker, may be NULL; XBT is BTC; USDT and USDC,
 * which live on several chains, are ignored) or guessed from the address
 * shape ("btc", "tron"), else "unknown". */
CG_API int cg_norm_wallet(const char *s, size_t n, const char *chain, cg_strbuf *out);

/* Country: ISO 3166 alpha-2 code from a code (alpha-2 or alpha-3, any case)
 * or an English name or common alias ("North Korea", "DPRK", "Korea, North"
 * -> "KP"). CG_EPARSE when unknown (out holds cg_norm_text of the input). */
CG_API int cg_norm_country(const char *s, size_t n, cg_strbuf *out);

/* Minor units of an ISO 4217 currency code (USD 2, JPY 0, KWD 3), or -1 when
 * the code is unknown. code must be upper case. */
CG_API int cg_currency_minor_units(const char *code);

/* The ITU calling code of an alpha-2 country ("1", "44"), or NULL. */
CG_API const char *cg_country_calling_code(const char *alpha2);

#endif
