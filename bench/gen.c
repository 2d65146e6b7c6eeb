/*
 * cg-gen: synthetic graph-CSV generator for casegraph benchmarks.
 *
 * Usage: cg-gen [--entities N] [--cases C] [--seed S] [--shared-pct P]
 *               [--facilitators F] -o DIR
 *   N  total node rows (default 10000)
 *   C  number of cases (default max(3, N/2000), at most N), named case-0001...
 *   S  PRNG seed (default 1); output is a pure function of (N, C, S, P)
 *   P  percent of identifier entities (bank accounts, e-mails, phones,
 *      addresses, domains) that are re-appearances of an identifier from an
 *      earlier case, with a new local id and written differently (default 3)
 *   F  planted facilitators (default 0): F phone numbers, each in about a
 *      fifth of the cases (exactly; at least 2, at most 15: under the analyses'
 *      default --max-cases of 20), written the same way in each, with 3
 *      entities of every case it is in linked to it ("uses"); once merged
 *      each is one entity bridging many cases, a known top broker. Their
 *      node ids are f1..fF in every case they are in; the canonical phones
 *      are listed on stderr. F = 0 leaves the output byte for byte as before
 *      (the facilitators draw from their own random stream).
 *
 * Writes DIR/nodes.csv and DIR/links.csv (DIR is created if missing).
 *
 * nodes.csv: id,type,name,case,role,aliases,dob,nationality,
 *            registration_number,jurisdiction,iban,bank,email,phone,address
 * links.csv: source,target,type,case,amount,currency,date
 *
 * Every case is a sequence of groups of 20-50 entities. Inside a group each
 * identifier is attached to an owner (holds_account, uses, located_in,
 * registered_at, resolves_to), then further links (pays with amount/currency/
 * date, associate_of, employee_of...) bring the total to about 2.5 links per
 * entity; about 6% of the links go to an entity of an earlier group of the
 * same case. Link endpoints are always ids of the same case.
 *
 * Identifiers are unique: each is derived from a per-type serial number
 * through a bijection (so no two distinct entities collide), and a shared
 * re-appearance regenerates the same canonical value from the same serial
 * before rewriting it:
 *   e-mail  : upper case, or Capitalised parts
 *   IBAN    : groups of 4 separated by spaces, and/or lower case
 *   phone   : other separators (+999-123-456-789, +999 (123) 456-789, ...)
 *   address : upper case with USPS abbreviations (ST, AVE, STE...) and no
 *             commas; or "St." / "Ste. #12" forms; or lower case with extra
 *             spaces (the unit designator Suite/Apt/Unit is always kept)
 *   domain  : upper case or Capitalised labels
 * A normaliser that lower-cases, strips spaces and punctuation and expands
 * (or folds) street abbreviations merges them back.
 *
 * Names of people, companies, banks, streets and cities are built from
 * syllables and never come from a list of real names. Phones use the ITU
 * spare country code +999; domains end in .test or .example; IPs are in
 * 10.0.0.0/8; IBANs are German-format (DE, 18-digit BBAN) with correct
 * mod-97 check digits.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ------------------------------------------------------------------ PRNG */

typedef struct {
	uint64_t s[4];
} Rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t mix64(uint64_t a, uint64_t b)
{
	uint64_t x = a ^ (b * 0xD6E8FEB86659FD93ULL);
	splitmix64(&x);
	return splitmix64(&x);
}

static void rng_seed(Rng *r, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(Rng *r) /* xoshiro256** */
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* uniform in [0, n), n < 2^32 */
static uint32_t rng_below(Rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* uniform in [0, 1) */
static double rng_unit(Rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* ------------------------------------------------------- output buffering */

typedef struct {
	FILE *f;
	const char *path;
	char *buf;
	size_t len, cap;
} Out;

static void die(const char *msg, const char *arg)
{
	if (arg)
		fprintf(stderr, "cg-gen: %s: %s\n", msg, arg);
	else
		fprintf(stderr, "cg-gen: %s\n", msg);
	exit(1);
}

static void out_flush(Out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len)
		die("write failed", o->path);
	o->len = 0;
}

static void out_open(Out *o, const char *path)
{
	o->path = path;
	o->f = fopen(path, "wb");
	if (!o->f)
		die(strerror(errno), path);
	o->cap = 1u << 20;
	o->len = 0;
	o->buf = malloc(o->cap);
	if (!o->buf)
		die("out of memory", NULL);
}

static void out_close(Out *o)
{
	out_flush(o);
	if (fclose(o->f) != 0)
		die("close failed", o->path);
	free(o->buf);
}

static void out_mem(Out *o, const char *s, size_t n)
{
	if (o->len + n > o->cap) {
		out_flush(o);
		if (n > o->cap) {
			if (fwrite(s, 1, n, o->f) != n)
				die("write failed", o->path);
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_str(Out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}
static void out_ch(Out *o, char c)
{
	out_mem(o, &c, 1);
}

/* CSV field, quoted only when needed; followed by sep (0 = none) */
static void out_field(Out *o, const char *s, char sep)
{
	if (strpbrk(s, ",\"\r\n")) {
		out_ch(o, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				out_ch(o, '"');
			out_ch(o, *p);
		}
		out_ch(o, '"');
	} else {
		out_str(o, s);
	}
	if (sep)
		out_ch(o, sep);
}

/* ------------------------------------------------------ text generation */

static const char *const SYL[] = {
    "ka",  "ro",  "mi",  "ta",  "len", "vor", "ish", "dan", "el",  "ur",  "sa",  "bri",
    "tho", "nek", "zu",  "pal", "ver", "gro", "lin", "mar", "ost", "qui", "fen", "dra",
    "sol", "tem", "vik", "yar", "bel", "cor", "dus", "hal", "jor", "kel", "lam", "mon",
    "nor", "pel", "rim", "sen", "tor", "val", "wen", "zan", "ari", "eko", "ilo", "umb",
    "ask", "bra", "cli", "dro", "fal", "gim", "hes", "jun", "kra", "lor", "mes", "nav",
    "oru", "pim", "res", "sil", "tuv", "ved", "xan",
};
#define NSYL (sizeof SYL / sizeof SYL[0])

/* Append a capitalised word of nsyl syllables to dst (size cap). */
static size_t word(char *dst, size_t cap, Rng *r, int nsyl)
{
	size_t n = 0;
	for (int i = 0; i < nsyl; i++) {
		const char *s = SYL[rng_below(r, (uint32_t)NSYL)];
		for (; *s && n + 1 < cap; s++)
			dst[n++] = *s;
	}
	if (cap)
		dst[n < cap ? n : cap - 1] = '\0';
	if (n)
		dst[0] = (char)(dst[0] - 'a' + 'A');
	return n;
}

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static void upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* Capitalise the first letter after each non-letter (and at start). */
static void capitalise_parts(char *s)
{
	int start = 1;
	for (; *s; s++) {
		int alpha = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z');
		if (alpha && start && *s >= 'a')
			*s = (char)(*s - 'a' + 'A');
		start = !alpha && !(*s >= '0' && *s <= '9');
	}
}

static void base36(char *dst, uint64_t v, int width)
{
	static const char dig[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	for (int i = width - 1; i >= 0; i--) {
		dst[i] = dig[v % 36];
		v /= 36;
	}
	dst[width] = '\0';
}

/* bijection on [0, m) when gcd(a, m) == 1; s * a must not overflow */
static uint64_t perm(uint64_t s, uint64_t a, uint64_t b, uint64_t m)
{
	return ((s % m) * a % m + b) % m;
}

/* ----------------------------------------------------------- entity types */

enum {
	T_PERSON,
	T_COMPANY,
	T_ACCOUNT,
	T_EMAIL,
	T_PHONE,
	T_ADDRESS,
	T_DOMAIN,
	T_WALLET,
	T_IP,
	NTYPES
};

static const char *const TYPE_NAME[NTYPES] = {
    "person", "company", "bank_account", "email", "phone", "address", "domain", "wallet", "ip",
};
static const char TYPE_PREFIX[NTYPES] = {'p', 'c', 'b', 'e', 't', 'a', 'd', 'w', 'i'};
static const unsigned TYPE_WEIGHT[NTYPES] = {25, 12, 12, 15, 12, 12, 6, 3, 3};

static const char *const STREET_TYPE[] = {"Street", "Avenue", "Road",  "Boulevard",
                                          "Lane",   "Drive",  "Court", "Place"};
static const char *const STREET_ABBR[] = {"St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Pl"};
static const char *const UNIT_TYPE[] = {"Suite", "Apt", "Unit"};
static const char *const UNIT_ABBR[] = {"Ste", "Apt", "Unit"};
static const char *const STATE[] = {"AZ", "NV", "WA", "OR", "TX", "FL", "GA", "NC",
                                    "OH", "MN", "CO", "UT", "NM", "WY", "DE"};
static const char *const CITY_SUF[] = {"ton",  "ville",  "burg",     "haven",
                                       "ford", " Falls", " Springs", " Heights"};
static const char *const TLD[] = {"test", "example"};
static const char *const MAILHOST[] = {"mailbox",   "postbox", "devmail",
                                       "quickpost", "inboxly", "corpmail"};
static const char *const LEGAL[] = {"LLC",       "Ltd",  "Inc.",    "FZE",
                                    "Co., Ltd.", "GmbH", "Limited", "Corp."};
static const char *const JURIS[] = {"US-DE", "US-WY", "US-NM", "GB", "AE", "HK",
                                    "SG",    "CN",    "CY",    "SC", "VG", "MY"};
static const char *const NATION[] = {"US", "CA", "GB", "CN", "KP", "RU", "AE",
                                     "UA", "PK", "VN", "MY", "KR", "JP", "LA"};
static const char *const PROLE[] = {"",        "",       "",      "worker", "worker", "facilitator",
                                    "nominee", "victim", "client"};
static const char *const CROLE[] = {"", "", "front", "client", "shell", "client;victim"};
static const char *const BANK_SUF[] = {"Handelsbank", "Sparkasse", "Kreditbank", "Volksbank",
                                       "Privatbank"};

#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), (uint32_t)NELEM(a))])

/* Per-identifier deterministic RNG, so a shared re-appearance regenerates
 * exactly the canonical value of the original. */
static uint64_t g_seed;

static void ident_rng(Rng *r, int type, uint64_t serial)
{
	rng_seed(r, mix64(mix64(g_seed, (uint64_t)type + 1), serial));
}

/* Fields of one node row (all empty strings when not applicable). */
typedef struct {
	char name[160];
	char role[32];
	char aliases[96];
	char dob[12];
	char nationality[8];
	char regno[24];
	char juris[8];
	char iban[160];
	char bank[48];
	char email[160];
	char phone[160];
	char address[160];
} Row;

static void iban_canonical(char *dst, size_t cap, uint64_t serial, char *bank, size_t bankcap)
{
	Rng r;
	ident_rng(&r, T_ACCOUNT, serial);
	uint32_t blz = rng_below(&r, 1000); /* 3 "bank" digits */
	uint64_t acc =
	    perm(serial, 6364136223ULL, 123456789012345ULL, 1000000000000000ULL); /* 15 digits */
	char bban[24];
	snprintf(bban, sizeof bban, "%03u%015llu", (unsigned)blz, (unsigned long long)acc);
	/* mod 97 of BBAN + "DE00" with letters D=13, E=14 */
	unsigned rem = 0;
	for (const char *p = bban; *p; p++)
		rem = (rem * 10 + (unsigned)(*p - '0')) % 97;
	const char *tail = "131400";
	for (const char *p = tail; *p; p++)
		rem = (rem * 10 + (unsigned)(*p - '0')) % 97;
	unsigned check = 98 - rem;
	snprintf(dst, cap, "DE%02u%s", check, bban);
	if (bank) {
		Rng br;
		rng_seed(&br, mix64(g_seed ^ 0xB4A4C0DEULL, blz));
		char w[40];
		word(w, sizeof w, &br, 2);
		snprintf(bank, bankcap, "%s %s", w, PICK(&br, BANK_SUF));
	}
}

static void email_canonical(char *dst, size_t cap, uint64_t serial)
{
	Rng r;
	ident_rng(&r, T_EMAIL, serial);
	char a[40], b[40], suf[8];
	word(a, sizeof a, &r, 2);
	word(b, sizeof b, &r, 2 + (int)rng_below(&r, 2));
	lower(a);
	lower(b);
	base36(suf, perm(serial, 2654435761ULL, 1234567ULL, 2176782336ULL), 6);
	snprintf(dst, cap, "%s.%s.%s@%s.%s", a, b, suf, PICK(&r, MAILHOST), PICK(&r, TLD));
}

static void domain_canonical(char *dst, size_t cap, uint64_t serial)
{
	Rng r;
	ident_rng(&r, T_DOMAIN, serial);
	char a[40], suf[8];
	word(a, sizeof a, &r, 2 + (int)rng_below(&r, 2));
	lower(a);
	base36(suf, perm(serial, 2654435761ULL, 7654321ULL, 60466176ULL), 5);
	snprintf(dst, cap, "%s-%s.%s", a, suf, PICK(&r, TLD));
}

static void phone_canonical(char *dst, size_t cap, uint64_t serial)
{
	uint64_t p = perm(serial, 387420489ULL, 271828182ULL, 1000000000ULL);
	snprintf(dst, cap, "+999 %03u %03u %03u", (unsigned)(p / 1000000),
	         (unsigned)(p / 1000 % 1000), (unsigned)(p % 1000));
}

/* Address parts, so variants can re-assemble them. */
typedef struct {
	unsigned house, zip, unit;
	int stype, utype; /* utype < 0: no unit */
	char street[48], city[48];
	const char *state;
} Addr;

static void address_parts(Addr *a, uint64_t serial)
{
	Rng r;
	ident_rng(&r, T_ADDRESS, serial);
	uint64_t p = perm(serial, 1000000007ULL, 31415926ULL, 900000000ULL);
	a->house = (unsigned)(p % 9000) + 1;
	a->zip = (unsigned)(p / 9000);
	word(a->street, sizeof a->street, &r, 2 + (int)rng_below(&r, 2));
	a->stype = (int)rng_below(&r, (uint32_t)NELEM(STREET_TYPE));
	a->utype = rng_below(&r, 10) < 4 ? (int)rng_below(&r, (uint32_t)NELEM(UNIT_TYPE)) : -1;
	a->unit = 1 + rng_below(&r, 400);
	char c[40];
	word(c, sizeof c, &r, 2);
	snprintf(a->city, sizeof a->city, "%s%s", c, PICK(&r, CITY_SUF));
	a->state = PICK(&r, STATE);
}

static void address_format(char *dst, size_t cap, const Addr *a, int variant)
{
	char unit[32] = "";
	switch (variant) {
	case 0: /* canonical: 1418 Kavori Street, Suite 200, Lomaton, NV 04123 */
		if (a->utype >= 0)
			snprintf(unit, sizeof unit, ", %s %u", UNIT_TYPE[a->utype], a->unit);
		snprintf(dst, cap, "%u %s %s%s, %s, %s %05u", a->house, a->street,
		         STREET_TYPE[a->stype], unit, a->city, a->state, a->zip);
		break;
	case 1: /* 1418 KAVORI ST STE 200 LOMATON NV 04123 */
		if (a->utype >= 0)
			snprintf(unit, sizeof unit, " %s %u", UNIT_ABBR[a->utype], a->unit);
		snprintf(dst, cap, "%u %s %s%s %s %s %05u", a->house, a->street,
		         STREET_ABBR[a->stype], unit, a->city, a->state, a->zip);
		upper(dst);
		break;
	case 2: /* 1418 Kavori St., Ste. #200, Lomaton, NV 04123 */
		if (a->utype >= 0)
			snprintf(unit, sizeof unit, ", %s%s #%u", UNIT_ABBR[a->utype],
			         a->utype == 0 ? "." : "", a->unit);
		snprintf(dst, cap, "%u %s %s.%s, %s, %s %05u", a->house, a->street,
		         STREET_ABBR[a->stype], unit, a->city, a->state, a->zip);
		break;
	default: /* 1418  kavori street ,  suite 200 , lomaton ,  nv  04123 */
		if (a->utype >= 0)
			snprintf(unit, sizeof unit, " ,  %s %u", UNIT_TYPE[a->utype], a->unit);
		snprintf(dst, cap, "%u  %s %s%s , %s ,  %s  %05u", a->house, a->street,
		         STREET_TYPE[a->stype], unit, a->city, a->state, a->zip);
		lower(dst);
		break;
	}
}

/* Write the identifier value for (type, serial) into row; variant 0 is the
 * canonical writing, any other value picks a different writing. */
static void make_ident(Row *row, int type, uint64_t serial, Rng *r, int shared)
{
	char v[160];
	switch (type) {
	case T_ACCOUNT: {
		char canon[40];
		iban_canonical(canon, sizeof canon, serial, row->bank, sizeof row->bank);
		if (!shared) {
			snprintf(v, sizeof v, "%s", canon);
		} else {
			int k = (int)rng_below(r, 3);
			if (k == 0 || k == 2) { /* groups of 4 */
				size_t n = 0;
				for (size_t i = 0; canon[i] && n + 2 < sizeof v; i++) {
					if (i && i % 4 == 0)
						v[n++] = ' ';
					v[n++] = canon[i];
				}
				v[n] = '\0';
			} else {
				snprintf(v, sizeof v, "%s", canon);
			}
			if (k >= 1)
				lower(v);
		}
		snprintf(row->iban, sizeof row->iban, "%s", v);
		break;
	}
	case T_EMAIL:
		email_canonical(v, sizeof v, serial);
		if (shared) {
			if (rng_below(r, 2))
				upper(v);
			else
				capitalise_parts(v);
		}
		snprintf(row->email, sizeof row->email, "%s", v);
		break;
	case T_PHONE:
		phone_canonical(v, sizeof v, serial);
		if (shared) {
			unsigned a, b, c;
			if (sscanf(v, "+999 %3u %3u %3u", &a, &b, &c) == 3) {
				switch (rng_below(r, 4)) {
				case 0:
					snprintf(v, sizeof v, "+999-%03u-%03u-%03u", a, b, c);
					break;
				case 1:
					snprintf(v, sizeof v, "+999 (%03u) %03u-%03u", a, b, c);
					break;
				case 2:
					snprintf(v, sizeof v, "+999%03u%03u%03u", a, b, c);
					break;
				default:
					snprintf(v, sizeof v, "+999.%03u.%03u.%03u", a, b, c);
					break;
				}
			}
		}
		snprintf(row->phone, sizeof row->phone, "%s", v);
		break;
	case T_ADDRESS: {
		Addr a;
		address_parts(&a, serial);
		address_format(v, sizeof v, &a, shared ? 1 + (int)rng_below(r, 3) : 0);
		snprintf(row->address, sizeof row->address, "%s", v);
		break;
	}
	case T_DOMAIN:
		domain_canonical(v, sizeof v, serial);
		if (shared) {
			if (rng_below(r, 2))
				upper(v);
			else
				capitalise_parts(v);
		}
		break;
	default:
		v[0] = '\0';
		break;
	}
	snprintf(row->name, sizeof row->name, "%s", v);
}

static void make_person(Row *row, Rng *r)
{
	char first[40], last[48];
	word(first, sizeof first, r, 2 + (int)rng_below(r, 2));
	word(last, sizeof last, r, 3);
	snprintf(row->name, sizeof row->name, "%s %s", first, last);
	snprintf(row->role, sizeof row->role, "%s", PICK(r, PROLE));
	if (rng_below(r, 10) < 2)
		snprintf(row->aliases, sizeof row->aliases, "%c. %s;%s", first[0], last, first);
	unsigned y = 1955 + rng_below(r, 49), m = 1 + rng_below(r, 12), d = 1 + rng_below(r, 28);
	snprintf(row->dob, sizeof row->dob, "%04u-%02u-%02u", y, m, d);
	snprintf(row->nationality, sizeof row->nationality, "%s", PICK(r, NATION));
}

static void make_company(Row *row, Rng *r, uint64_t serial)
{
	char a[40], b[40];
	word(a, sizeof a, r, 2 + (int)rng_below(r, 2));
	static const char *const KIND[] = {"Digital",   "Software", "Trading",    "Technologies",
	                                   "Solutions", "Systems",  "Consulting", "Labs",
	                                   "Logistics", "Analytics"};
	if (rng_below(r, 2))
		snprintf(row->name, sizeof row->name, "%s %s %s", a, PICK(r, KIND), PICK(r, LEGAL));
	else {
		word(b, sizeof b, r, 2);
		snprintf(row->name, sizeof row->name, "%s %s %s %s", a, b, PICK(r, KIND),
		         PICK(r, LEGAL));
	}
	snprintf(row->role, sizeof row->role, "%s", PICK(r, CROLE));
	snprintf(row->juris, sizeof row->juris, "%s", PICK(r, JURIS));
	uint64_t p = perm(serial, 73939133ULL, 4242424ULL, 100000000ULL);
	snprintf(row->regno, sizeof row->regno, "%c%c-%08llu", row->juris[0], row->juris[1],
	         (unsigned long long)p);
}

static void make_wallet(Row *row, uint64_t serial)
{
	uint64_t x = mix64(g_seed ^ 0x3A11E7ULL, serial);
	uint64_t h[3] = {splitmix64(&x), splitmix64(&x), splitmix64(&x)};
	snprintf(row->name, sizeof row->name, "0x%016llx%016llx%08llx", (unsigned long long)h[0],
	         (unsigned long long)h[1], (unsigned long long)(h[2] >> 32));
}

static void make_ip(Row *row, uint64_t serial)
{
	uint64_t p = perm(serial, 2654435761ULL, 977ULL, 1ULL << 24);
	snprintf(row->name, sizeof row->name, "10.%u.%u.%u", (unsigned)(p >> 16),
	         (unsigned)(p >> 8 & 255), (unsigned)(p & 255));
}

/* ----------------------------------------------------------- shared pool */

typedef struct {
	uint64_t serial;
	uint32_t origin_case; /* case that introduced it */
	uint32_t last_case;   /* last case that used it (avoid two uses per case) */
} PoolItem;

typedef struct {
	PoolItem *v;
	size_t n, cap, committed; /* items [0, committed) are from finished cases */
} Pool;

static void pool_push(Pool *p, uint64_t serial, uint32_t cs)
{
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 1024;
		PoolItem *nv = realloc(p->v, nc * sizeof *nv);
		if (!nv)
			die("out of memory", NULL);
		p->v = nv;
		p->cap = nc;
	}
	p->v[p->n].serial = serial;
	p->v[p->n].origin_case = cs;
	p->v[p->n].last_case = cs;
	p->n++;
}

/* --------------------------------------------------------------- options */

static int parse_u64(const char *s, uint64_t *out)
{
	if (!s || !*s || *s == '-')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: cg-gen [--entities N] [--cases C] [--seed S] [--shared-pct P]\n"
	           "              [--facilitators F] -o DIR\n"
	           "  defaults: N=10000, C=max(3, N/2000), S=1, P=3, F=0\n"
	           "  writes DIR/nodes.csv and DIR/links.csv\n");
}

static int mkdir_p(const char *path)
{
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "%s", path);
	if (n < 0 || (size_t)n >= sizeof buf)
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	}
	if (mkdir(buf, 0777) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ generation */

typedef struct {
	Out *nodes, *links;
	Rng *r;
	const char *case_name;
	const uint8_t *type; /* per local index of the current case */
	uint64_t nlinks;
} Ctx;

static void id_str(char *dst, size_t cap, const uint8_t *type, uint32_t local)
{
	snprintf(dst, cap, "%c%u", TYPE_PREFIX[type[local]], local + 1);
}

static void emit_link(Ctx *c, uint32_t src, uint32_t dst, const char *ltype)
{
	char a[24], b[24];
	id_str(a, sizeof a, c->type, src);
	id_str(b, sizeof b, c->type, dst);
	Out *o = c->links;
	out_str(o, a);
	out_ch(o, ',');
	out_str(o, b);
	out_ch(o, ',');
	out_str(o, ltype);
	out_ch(o, ',');
	out_str(o, c->case_name);
	if (strcmp(ltype, "pays") == 0) {
		static const char *const CUR[] = {"USD", "USD", "USD", "USD", "USD", "USD", "EUR",
		                                  "EUR", "EUR", "AED", "AED", "CNY", "GBP", "HKD"};
		/* roughly log-uniform amount 10.00 .. 99999.99 */
		static const uint32_t P10[] = {1, 10, 100, 1000};
		uint32_t k = rng_below(c->r, 4);
		uint64_t dollars =
		    (uint64_t)(10 + rng_below(c->r, 90)) * P10[k] + rng_below(c->r, P10[k]);
		uint64_t cents = dollars * 100 + rng_below(c->r, 100);
		unsigned days = rng_below(c->r, 1461); /* 2021-01-01 .. 2024-12-31 */
		static const unsigned MD[2][12] = {
		    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
		    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
		unsigned y = 2021, m = 0;
		for (;;) {
			unsigned yl = (y % 4 == 0) ? 366 : 365;
			if (days < yl)
				break;
			days -= yl;
			y++;
		}
		const unsigned *md = MD[y % 4 == 0];
		while (days >= md[m]) {
			days -= md[m];
			m++;
		}
		char tail[64];
		snprintf(tail, sizeof tail, ",%llu.%02u,%s,%04u-%02u-%02u\n",
		         (unsigned long long)(cents / 100), (unsigned)(cents % 100),
		         PICK(c->r, CUR), y, m + 1, days + 1);
		out_str(o, tail);
	} else {
		out_str(o, ",,,\n");
	}
	c->nlinks++;
}

typedef struct {
	uint32_t idx[NTYPES][64];
	uint32_t n[NTYPES];
} GroupIdx;

static int pick(Rng *r, const GroupIdx *g, int t, uint32_t *out)
{
	if (!g->n[t])
		return 0;
	*out = g->idx[t][rng_below(r, g->n[t])];
	return 1;
}

/* owner: person with probability pp percent, else company; falls back */
static int pick_owner(Rng *r, const GroupIdx *g, unsigned pp, uint32_t *out)
{
	int first = rng_below(r, 100) < pp ? T_PERSON : T_COMPANY;
	return pick(r, g, first, out) || pick(r, g, first == T_PERSON ? T_COMPANY : T_PERSON, out);
}

static void link_group(Ctx *c, uint32_t gs, uint32_t ge)
{
	Rng *r = c->r;
	uint32_t gsz = ge - gs;
	if (gsz < 2)
		return;
	GroupIdx g;
	memset(g.n, 0, sizeof g.n);
	for (uint32_t i = gs; i < ge; i++) {
		int t = c->type[i];
		g.idx[t][g.n[t]++] = i;
	}
	uint64_t target = (uint64_t)(gsz * 2.5 + rng_unit(r));
	uint64_t made = 0;
	uint32_t o, x;

	/* 1. attach every entity to an owner / natural neighbour */
	for (uint32_t i = gs; i < ge && made < target; i++) {
		int t = c->type[i];
		int ok = 0;
		switch (t) {
		case T_ACCOUNT:
			if ((ok = pick_owner(r, &g, 60, &o)))
				emit_link(c, o, i, "holds_account");
			break;
		case T_EMAIL:
		case T_PHONE:
			if ((ok = pick_owner(r, &g, 75, &o)))
				emit_link(c, o, i, "uses");
			break;
		case T_ADDRESS:
			if (rng_below(r, 2) && pick(r, &g, T_COMPANY, &o)) {
				emit_link(c, o, i, "registered_at");
				ok = 1;
			} else if ((ok = pick_owner(r, &g, 100, &o))) {
				emit_link(c, o, i,
				          c->type[o] == T_COMPANY ? "registered_at" : "located_in");
			}
			break;
		case T_DOMAIN:
			if ((ok = pick_owner(r, &g, 10, &o)))
				emit_link(c, o, i, "uses");
			break;
		case T_IP:
			if (pick(r, &g, T_DOMAIN, &o)) {
				emit_link(c, o, i, "resolves_to");
				ok = 1;
			} else if ((ok = pick_owner(r, &g, 80, &o))) {
				emit_link(c, o, i, "uses");
			}
			break;
		case T_WALLET:
			if ((ok = pick_owner(r, &g, 70, &o)))
				emit_link(c, o, i, c->type[o] == T_PERSON ? "uses" : "controls");
			break;
		case T_COMPANY:
			if ((ok = pick(r, &g, T_PERSON, &o)))
				emit_link(c, o, i, rng_below(r, 4) ? "director_of" : "owns");
			break;
		case T_PERSON:
			if (rng_below(r, 2) && pick(r, &g, T_COMPANY, &o)) {
				emit_link(c, i, o, "employee_of");
				ok = 1;
			} else if (pick(r, &g, T_PERSON, &o) && o != i) {
				emit_link(c, i, o, "associate_of");
				ok = 1;
			}
			break;
		}
		if (ok)
			made++;
	}

	/* 2. extra links up to the target */
	int tries = 0;
	while (made < target) {
		uint32_t u = rng_below(r, 100);
		int done = 0;
		if (u < 6 && gs > 0) { /* link to an earlier group of the same case */
			uint32_t a = gs + rng_below(r, gsz), b = rng_below(r, gs);
			int ta = c->type[a], tb = c->type[b];
			if (ta == T_ACCOUNT && tb == T_ACCOUNT)
				emit_link(c, a, b, "pays");
			else if (ta == T_PERSON && tb == T_PERSON)
				emit_link(c, a, b, "associate_of");
			else if (ta == T_PERSON && tb == T_COMPANY)
				emit_link(c, a, b, "employee_of");
			else if (ta == T_COMPANY && tb == T_COMPANY)
				emit_link(c, a, b, "contracts_with");
			else
				emit_link(c, a, b, "related_to");
			done = 1;
		} else if (u < 45) { /* payments between accounts of the group */
			if (g.n[T_ACCOUNT] >= 2 && pick(r, &g, T_ACCOUNT, &o) &&
			    pick(r, &g, T_ACCOUNT, &x) && o != x) {
				emit_link(c, o, x, "pays");
				done = 1;
			}
		} else if (u < 60) {
			if (pick(r, &g, T_PERSON, &o) && pick(r, &g, T_PERSON, &x) && o != x) {
				emit_link(c, o, x, rng_below(r, 6) ? "associate_of" : "family_of");
				done = 1;
			}
		} else if (u < 75) {
			int t = rng_below(r, 2) ? T_EMAIL : T_PHONE;
			if (pick(r, &g, T_PERSON, &o) && pick(r, &g, t, &x)) {
				emit_link(c, o, x, "uses");
				done = 1;
			}
		} else if (u < 85) {
			if (pick(r, &g, T_PERSON, &o) && pick(r, &g, T_COMPANY, &x)) {
				static const char *const PC[] = {"employee_of", "employee_of",
				                                 "director_of", "owns",
				                                 "represents"};
				emit_link(c, o, x, PICK(r, PC));
				done = 1;
			}
		} else if (u < 90) {
			if (pick_owner(r, &g, 60, &o) && pick(r, &g, T_ACCOUNT, &x)) {
				emit_link(c, o, x, "holds_account");
				done = 1;
			}
		} else if (u < 94) {
			if (pick(r, &g, T_COMPANY, &o) && pick(r, &g, T_COMPANY, &x) && o != x) {
				emit_link(c, o, x, rng_below(r, 3) ? "contracts_with" : "controls");
				done = 1;
			}
		} else if (u < 97) {
			if (pick(r, &g, T_PERSON, &o) && pick(r, &g, T_ADDRESS, &x)) {
				emit_link(c, o, x, "located_in");
				done = 1;
			}
		}
		if (!done && ++tries < 4)
			continue; /* this kind of link is impossible here: draw another */
		if (!done) {      /* generic fallback */
			o = gs + rng_below(r, gsz);
			do
				x = gs + rng_below(r, gsz);
			while (x == o);
			emit_link(c, o, x, "related_to");
		}
		tries = 0;
		made++;
	}
}

/* Serial of facilitator f's phone: far above the serials of the ordinary
 * phones (one per phone entity, a few million at most), below the modulus of
 * the phone bijection (10^9). */
#define FACIL_SERIAL 999000000ULL

/* Facilitator f's cases: a fifth of the cases, at least 2, at most
 * FACIL_MAX_CASES (every case when there are at most 2), drawn without
 * replacement from a stream of its own; FACIL_MAX_CASES entries per
 * facilitator, unused ones UINT64_MAX. */
#define FACIL_MAX_CASES 15

static uint64_t *facil_cases(uint64_t n_facil, uint64_t n_cases)
{
	uint64_t per = n_cases / 5 > 2 ? n_cases / 5 : 2;
	uint64_t *fc = malloc((n_facil ? n_facil : 1) * FACIL_MAX_CASES * sizeof *fc);

	if (!fc)
		die("out of memory", NULL);
	if (per > FACIL_MAX_CASES)
		per = FACIL_MAX_CASES;
	if (per > n_cases)
		per = n_cases;
	for (uint64_t f = 0; f < n_facil; f++) {
		uint64_t *c = fc + f * FACIL_MAX_CASES;
		Rng r;
		rng_seed(&r, mix64(g_seed, 0xFAC111A7ULL + f));
		for (uint64_t k = 0; k < FACIL_MAX_CASES; k++) {
			int dup;
			c[k] = UINT64_MAX;
			if (k >= per)
				continue;
			do {
				c[k] = (uint64_t)rng_below(&r, (uint32_t)n_cases);
				dup = 0;
				for (uint64_t j = 0; j < k; j++)
					dup |= c[j] == c[k];
			} while (dup);
		}
	}
	return fc;
}

/* The facilitators of case cs (csize entities, their types in c->type):
 * a node row f<k> with the facilitator's phone, and 3 distinct entities of
 * the case that use it. Draws from a stream of its own (seed, f, case). */
static void emit_facilitators(Ctx *c, const uint64_t *fc, uint64_t n_facil, uint64_t cs,
                              uint32_t csize)
{
	for (uint64_t f = 0; f < n_facil; f++) {
		int in = 0;
		for (int k = 0; k < FACIL_MAX_CASES; k++)
			in |= fc[f * FACIL_MAX_CASES + k] == cs;
		if (!in)
			continue;
		Rng r;
		Row row;
		char id[24], e[24];
		uint32_t used[3];
		rng_seed(&r, mix64(mix64(g_seed, 0xFAC2ULL + f), cs));
		memset(&row, 0, sizeof row);
		make_ident(&row, T_PHONE, FACIL_SERIAL + f, &r, 0);
		snprintf(id, sizeof id, "f%llu", (unsigned long long)(f + 1));
		out_str(c->nodes, id);
		out_str(c->nodes, ",phone,");
		out_field(c->nodes, row.name, ',');
		out_str(c->nodes, c->case_name);
		out_str(c->nodes, ",facilitator,,,,,,,,,");
		out_field(c->nodes, row.phone, ',');
		out_str(c->nodes, "\n");
		for (int k = 0; k < 3 && (uint32_t)k < csize; k++) {
			uint32_t x;
			int dup;
			do {
				x = rng_below(&r, csize);
				dup = 0;
				for (int j = 0; j < k; j++)
					dup |= used[j] == x;
			} while (dup);
			used[k] = x;
			id_str(e, sizeof e, c->type, x);
			out_str(c->links, e);
			out_ch(c->links, ',');
			out_str(c->links, id);
			out_str(c->links, ",uses,");
			out_str(c->links, c->case_name);
			out_str(c->links, ",,,\n");
			c->nlinks++;
		}
	}
}

int main(int argc, char **argv)
{
	uint64_t n_ent = 10000, n_cases = 0, seed = 1, n_facil = 0;
	double shared_pct = 3.0;
	const char *outdir = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = (i + 1 < argc) ? argv[i + 1] : NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--entities")) {
			if (parse_u64(v, &n_ent) || n_ent == 0 || n_ent > 1000000000ULL)
				die("--entities wants an integer in 1..1000000000",
				    v ? v : "(missing)");
			i++;
		} else if (!strcmp(a, "--cases")) {
			if (parse_u64(v, &n_cases) || n_cases == 0 || n_cases > 10000000ULL)
				die("--cases wants a positive integer", v ? v : "(missing)");
			i++;
		} else if (!strcmp(a, "--seed")) {
			if (parse_u64(v, &seed))
				die("--seed wants a non-negative integer", v ? v : "(missing)");
			i++;
		} else if (!strcmp(a, "--facilitators")) {
			if (parse_u64(v, &n_facil) || n_facil > 100000ULL)
				die("--facilitators wants an integer in 0..100000",
				    v ? v : "(missing)");
			i++;
		} else if (!strcmp(a, "--shared-pct")) {
			char *end;
			if (!v)
				die("--shared-pct wants a number in 0..100", "(missing)");
			errno = 0;
			shared_pct = strtod(v, &end);
			if (errno || *end || end == v ||
			    !(shared_pct >= 0.0 && shared_pct <= 100.0))
				die("--shared-pct wants a number in 0..100", v);
			i++;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (!v)
				die("-o wants a directory", NULL);
			outdir = v;
			i++;
		} else {
			usage(stderr);
			die("unknown argument", a);
		}
	}
	if (!outdir) {
		usage(stderr);
		return 2;
	}
	if (n_cases == 0) {
		n_cases = n_ent / 2000 > 3 ? n_ent / 2000 : 3;
		if (n_cases > n_ent)
			n_cases = n_ent;
	}
	if (n_cases > n_ent)
		die("--cases must not exceed --entities", NULL);
	if (mkdir_p(outdir) != 0)
		die(strerror(errno), outdir);

	g_seed = seed;
	Rng rng;
	rng_seed(&rng, mix64(seed, 0xC6A5E6E7ULL));

	char path[4200];
	Out nodes, links;
	snprintf(path, sizeof path, "%s/nodes.csv", outdir);
	out_open(&nodes, path);
	snprintf(path, sizeof path, "%s/links.csv", outdir);
	out_open(&links, path);
	out_str(&nodes,
	        "id,type,name,case,role,aliases,dob,nationality,registration_number,jurisdiction,"
	        "iban,bank,email,phone,address\n");
	out_str(&links, "source,target,type,case,amount,currency,date\n");

	uint64_t max_case = n_ent / n_cases + 1;
	uint8_t *type = malloc(max_case);
	if (!type)
		die("out of memory", NULL);

	Pool pool[NTYPES];
	memset(pool, 0, sizeof pool);
	uint64_t serial[NTYPES] = {0};
	uint64_t n_shared = 0, n_ident = 0;
	unsigned wsum = 0;
	for (int t = 0; t < NTYPES; t++)
		wsum += TYPE_WEIGHT[t];

	/* case-0001 has nothing earlier to share, so later cases share a bit
	 * more to make the overall rate P% */
	double share_later =
	    n_cases > 1 ? shared_pct * (double)n_cases / (double)(n_cases - 1) : 0.0;

	Ctx ctx = {&nodes, &links, &rng, NULL, type, 0};
	uint64_t *fcases = facil_cases(n_facil, n_cases);
	char case_name[32];
	for (uint64_t cs = 0; cs < n_cases; cs++) {
		uint64_t csize = n_ent / n_cases + (cs < n_ent % n_cases ? 1 : 0);
		snprintf(case_name, sizeof case_name, "case-%04llu", (unsigned long long)(cs + 1));
		ctx.case_name = case_name;

		uint32_t gs = 0;
		while (gs < csize) {
			uint32_t gsz = 20 + rng_below(&rng, 31);
			uint64_t left = csize - gs;
			if (left <= 50)
				gsz = (uint32_t)left; /* last group takes the rest */
			else if (left - gsz < 20)
				gsz = (uint32_t)(left - 20); /* leave a group of at least 20 */
			uint32_t ge = gs + gsz;

			for (uint32_t i = gs; i < ge; i++) {
				unsigned w = rng_below(&rng, wsum);
				int t = 0;
				while (w >= TYPE_WEIGHT[t]) {
					w -= TYPE_WEIGHT[t];
					t++;
				}
				type[i] = (uint8_t)t;

				Row row;
				memset(&row, 0, sizeof row);
				switch (t) {
				case T_PERSON:
					make_person(&row, &rng);
					break;
				case T_COMPANY:
					make_company(&row, &rng, serial[t]++);
					break;
				case T_WALLET:
					make_wallet(&row, serial[t]++);
					break;
				case T_IP:
					make_ip(&row, serial[t]++);
					break;
				default: { /* shareable identifier */
					Pool *p = &pool[t];
					int shared = 0;
					uint64_t s = 0;
					n_ident++;
					if (p->committed && rng_unit(&rng) * 100.0 < share_later) {
						for (int tries = 0; tries < 4; tries++) {
							PoolItem *it = &p->v[rng_below(
							    &rng, (uint32_t)p->committed)];
							if (it->last_case != (uint32_t)cs) {
								it->last_case = (uint32_t)cs;
								s = it->serial;
								shared = 1;
								break;
							}
						}
					}
					if (!shared) {
						s = serial[t]++;
						pool_push(p, s, (uint32_t)cs);
					} else {
						n_shared++;
					}
					make_ident(&row, t, s, &rng, shared);
					break;
				}
				}

				char id[24];
				id_str(id, sizeof id, type, i);
				out_str(&nodes, id);
				out_ch(&nodes, ',');
				out_str(&nodes, TYPE_NAME[t]);
				out_ch(&nodes, ',');
				out_field(&nodes, row.name, ',');
				out_str(&nodes, case_name);
				out_ch(&nodes, ',');
				out_field(&nodes, row.role, ',');
				out_field(&nodes, row.aliases, ',');
				out_field(&nodes, row.dob, ',');
				out_field(&nodes, row.nationality, ',');
				out_field(&nodes, row.regno, ',');
				out_field(&nodes, row.juris, ',');
				out_field(&nodes, row.iban, ',');
				out_field(&nodes, row.bank, ',');
				out_field(&nodes, row.email, ',');
				out_field(&nodes, row.phone, ',');
				out_field(&nodes, row.address, '\n');
			}
			link_group(&ctx, gs, ge);
			gs = ge;
		}
		emit_facilitators(&ctx, fcases, n_facil, cs, (uint32_t)csize);
		for (int t = 0; t < NTYPES; t++)
			pool[t].committed = pool[t].n;
	}

	out_close(&nodes);
	out_close(&links);
	fprintf(stderr,
	        "cg-gen: %llu entities in %llu cases, %llu links, %llu of %llu identifiers shared "
	        "-> %s\n",
	        (unsigned long long)n_ent, (unsigned long long)n_cases,
	        (unsigned long long)ctx.nlinks, (unsigned long long)n_shared,
	        (unsigned long long)n_ident, outdir);
	for (uint64_t f = 0; f < n_facil; f++) {
		char v[160];
		phone_canonical(v, sizeof v, FACIL_SERIAL + f);
		fprintf(stderr, "cg-gen: facilitator f%llu: %s\n", (unsigned long long)(f + 1), v);
	}
	for (int t = 0; t < NTYPES; t++)
		free(pool[t].v);
	free(fcases);
	free(type);
	return 0;
}
