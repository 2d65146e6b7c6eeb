#include "cg_types.h"

#include <string.h>

static const char *const entity_type_names[CG_ENTITY_TYPE_COUNT] = {
    [CG_ET_PERSON] = "person",
    [CG_ET_COMPANY] = "company",
    [CG_ET_ORGANIZATION] = "organization",
    [CG_ET_BANK_ACCOUNT] = "bank_account",
    [CG_ET_WALLET] = "wallet",
    [CG_ET_ADDRESS] = "address",
    [CG_ET_EMAIL] = "email",
    [CG_ET_PHONE] = "phone",
    [CG_ET_DOMAIN] = "domain",
    [CG_ET_IP] = "ip",
    [CG_ET_URL] = "url",
    [CG_ET_DOCUMENT] = "document",
    [CG_ET_THREAT_ACTOR] = "threat_actor",
    [CG_ET_MALWARE] = "malware",
    [CG_ET_COUNTRY] = "country",
    [CG_ET_SECTOR] = "sector",
    [CG_ET_OTHER] = "other",
};

static const char *const link_type_names[CG_LINK_TYPE_COUNT] = {
    [CG_LT_OWNS] = "owns",
    [CG_LT_CONTROLS] = "controls",
    [CG_LT_DIRECTOR_OF] = "director_of",
    [CG_LT_EMPLOYEE_OF] = "employee_of",
    [CG_LT_MEMBER_OF] = "member_of",
    [CG_LT_REPRESENTS] = "represents",
    [CG_LT_PAYS] = "pays",
    [CG_LT_HOLDS_ACCOUNT] = "holds_account",
    [CG_LT_REGISTERED_AT] = "registered_at",
    [CG_LT_LOCATED_IN] = "located_in",
    [CG_LT_USES] = "uses",
    [CG_LT_RESOLVES_TO] = "resolves_to",
    [CG_LT_CONTRACTS_WITH] = "contracts_with",
    [CG_LT_ASSOCIATE_OF] = "associate_of",
    [CG_LT_FAMILY_OF] = "family_of",
    [CG_LT_ATTRIBUTED_TO] = "attributed_to",
    [CG_LT_TARGETS] = "targets",
    [CG_LT_MENTIONS] = "mentions",
    [CG_LT_RELATED_TO] = "related_to",
    [CG_LT_REGISTRANT_OF] = "registrant_of",
    [CG_LT_MENTIONED_WITH] = "mentioned_with",
    [CG_LT_OTHER] = "other",
};

static const char *const role_names[CG_ROLE_COUNT] = {
    [CG_ROLE_FACILITATOR] = "facilitator", [CG_ROLE_FRONT] = "front",   [CG_ROLE_CLIENT] = "client",
    [CG_ROLE_WORKER] = "worker",           [CG_ROLE_VICTIM] = "victim", [CG_ROLE_SHELL] = "shell",
    [CG_ROLE_NOMINEE] = "nominee",         [CG_ROLE_OTHER] = "other",
};

int cg_name_index(const char *const *names, size_t n, const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *cg_entity_type_to_string(cg_entity_type t)
{
	return (unsigned)t < CG_ENTITY_TYPE_COUNT ? entity_type_names[t] : NULL;
}

cg_entity_type cg_entity_type_from_string(const char *s)
{
	int i = cg_name_index(entity_type_names, CG_ET_OTHER, s);
	return i < 0 ? CG_ET_OTHER : (cg_entity_type)i;
}

const char *cg_link_type_to_string(cg_link_type t)
{
	return (unsigned)t < CG_LINK_TYPE_COUNT ? link_type_names[t] : NULL;
}

cg_link_type cg_link_type_from_string(const char *s)
{
	int i = cg_name_index(link_type_names, CG_LT_OTHER, s);
	return i < 0 ? CG_LT_OTHER : (cg_link_type)i;
}

const char *cg_role_to_string(cg_role r)
{
	return (unsigned)r < CG_ROLE_COUNT ? role_names[r] : NULL;
}

cg_role cg_role_from_string(const char *s)
{
	int i = cg_name_index(role_names, CG_ROLE_OTHER, s);
	return i < 0 ? CG_ROLE_OTHER : (cg_role)i;
}

int cg_link_type_directed(cg_link_type t)
{
	switch (t) {
	case CG_LT_CONTRACTS_WITH:
	case CG_LT_ASSOCIATE_OF:
	case CG_LT_FAMILY_OF:
	case CG_LT_RELATED_TO:
	case CG_LT_MENTIONED_WITH:
		return 0;
	default:
		return 1;
	}
}

int cg_entity_type_is_context(cg_entity_type t)
{
	return t == CG_ET_COUNTRY || t == CG_ET_SECTOR;
}

int cg_entity_type_name_is_context(const char *name)
{
	static const char *const names[] = {"country", "sector", "course_of_action", "report"};

	if (!name)
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return strncmp(name, "x_mitre_", 8) == 0;
}

int cg_type_name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

/* Edit distance of two short strings where a swap of two neighbouring
 * letters counts as one edit (optimal string alignment), capped: returns a
 * value > cap as soon as the distance is known to exceed cap. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t rows[3][65]; /* rows i-2, i-1, i */

	if (na > 64 || nb > 64)
		return cap + 1;
	if ((na > nb ? na - nb : nb - na) > cap)
		return cap + 1;
	for (size_t j = 0; j <= nb; j++)
		rows[1][j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t *pp = rows[0], *prev = rows[1], *cur = rows[2];
		size_t best = cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t v = sub < del ? sub : del;
			v = v < ins ? v : ins;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
		memcpy(rows[0], rows[1], sizeof rows[0]);
		memcpy(rows[1], rows[2], sizeof rows[1]);
	}
	return rows[1][nb];
}

/* Whether s is name with two neighbouring letters swapped ("pyas"). */
static int one_swap(const char *s, const char *name)
{
	size_t n = strlen(name), i = 0;

	if (strlen(s) != n)
		return 0;
	while (i < n && s[i] == name[i])
		i++;
	return i + 1 < n && s[i] == name[i + 1] && s[i + 1] == name[i] &&
	       strcmp(s + i + 2, name + i + 2) == 0 && s[i] != s[i + 1];
}

static const char *near_miss(const char *const *names, int count, const char *s)
{
	/* Short names ("ip", "url") are too close to everything: names of five
	 * or more letters are checked for any edit (one below eight letters,
	 * two from eight), names of three or four ("url", "pays", "uses") only
	 * for two neighbouring letters swapped, the commonest typing slip that
	 * leaves no new letters; "ip" not at all. */
	if (cg_name_index(names, (size_t)count, s) >= 0)
		return NULL;
	for (int i = 0; i < count; i++) {
		size_t len = strlen(names[i]);
		size_t cap = len >= 8 ? 2 : 1;
		if (len < 3)
			continue;
		if (len < 5 ? one_swap(s, names[i]) : edit_distance(s, names[i], cap) <= cap)
			return names[i];
	}
	return NULL;
}

const char *cg_entity_type_near_miss(const char *s)
{
	return near_miss(entity_type_names, CG_ET_OTHER, s);
}

const char *cg_link_type_near_miss(const char *s)
{
	return near_miss(link_type_names, CG_LT_OTHER, s);
}
