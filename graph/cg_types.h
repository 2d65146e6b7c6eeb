/* The vocabulary of the data model: entity types, link types and roles
 * (docs/MODEL.md), each an enum with a string table.
 *
 * Types outside the core vocabulary are kept as given (CG_ET_OTHER,
 * CG_LT_OTHER); only a near miss of a core name ("persn") is treated as a
 * typo by the importers. */
#ifndef CG_TYPES_H
#define CG_TYPES_H

#include "cg_api.h"

#include <stddef.h>

typedef enum cg_entity_type {
	CG_ET_PERSON,
	CG_ET_COMPANY,
	CG_ET_ORGANIZATION,
	CG_ET_BANK_ACCOUNT,
	CG_ET_WALLET,
	CG_ET_ADDRESS,
	CG_ET_EMAIL,
	CG_ET_PHONE,
	CG_ET_DOMAIN,
	CG_ET_IP,
	CG_ET_URL,
	CG_ET_DOCUMENT,
	CG_ET_THREAT_ACTOR,
	CG_ET_MALWARE,
	CG_ET_COUNTRY,
	CG_ET_SECTOR,
	CG_ET_OTHER, /* a type outside the core vocabulary, kept by name */
	CG_ENTITY_TYPE_COUNT
} cg_entity_type;

typedef enum cg_link_type {
	CG_LT_OWNS,
	CG_LT_CONTROLS,
	CG_LT_DIRECTOR_OF,
	CG_LT_EMPLOYEE_OF,
	CG_LT_MEMBER_OF,
	CG_LT_REPRESENTS,
	CG_LT_PAYS,
	CG_LT_HOLDS_ACCOUNT,
	CG_LT_REGISTERED_AT,
	CG_LT_LOCATED_IN,
	CG_LT_USES,
	CG_LT_RESOLVES_TO,
	CG_LT_CONTRACTS_WITH,
	CG_LT_ASSOCIATE_OF,
	CG_LT_FAMILY_OF,
	CG_LT_ATTRIBUTED_TO,
	CG_LT_TARGETS,
	CG_LT_MENTIONS,
	CG_LT_RELATED_TO,
	CG_LT_REGISTRANT_OF,  /* registered a domain or a company (report prose) */
	CG_LT_MENTIONED_WITH, /* named in one sentence without a typed cue (report prose) */
	CG_LT_OTHER,          /* a link type outside the core vocabulary, kept by name */
	CG_LINK_TYPE_COUNT
} cg_link_type;

typedef enum cg_role {
	CG_ROLE_FACILITATOR,
	CG_ROLE_FRONT,
	CG_ROLE_CLIENT,
	CG_ROLE_WORKER,
	CG_ROLE_VICTIM,
	CG_ROLE_SHELL,
	CG_ROLE_NOMINEE,
	CG_ROLE_OTHER,
	CG_ROLE_COUNT
} cg_role;

/* The index of s in names, a table of n strings (n <= INT_MAX; NULL
 * entries never match): exact, case-sensitive comparison. -1 when s is NULL
 * or not in the table. The lookup behind every _from_string of the library.
 * Cost: O(n) string comparisons. */
CG_API int cg_name_index(const char *const *names, size_t n, const char *s);

/* Lower-case name of a type ("person"); "other" for CG_ET_OTHER; NULL when out
 * of range. */
CG_API const char *cg_entity_type_to_string(cg_entity_type t);
/* The core type named s (exact, lower case), or CG_ET_OTHER. */
CG_API cg_entity_type cg_entity_type_from_string(const char *s);
CG_API const char *cg_link_type_to_string(cg_link_type t);
CG_API cg_link_type cg_link_type_from_string(const char *s);
CG_API const char *cg_role_to_string(cg_role r);
CG_API cg_role cg_role_from_string(const char *s);

/* Whether links of type t are directed unless a record says otherwise
 * (pays, owns ... are; associate_of, family_of, related_to, contracts_with
 * are not). Unknown types are directed. */
CG_API int cg_link_type_directed(cg_link_type t);

/* Whether entities of type t are context (country, sector): left out of
 * correlation by default. */
CG_API int cg_entity_type_is_context(cg_entity_type t);
/* Whether entities of the type named name are context, which connects
 * nothing by default: the context types above, and the types that every
 * bundle of one publisher or one framework shares without saying anything
 * about who works with whom: course_of_action (a vendor's generic
 * mitigations), report (the document that cites, not what it cites) and
 * every x_mitre_* type (ATT&CK's assets, data sources and components,
 * tactics, matrices). */
CG_API int cg_entity_type_name_is_context(const char *name);

/* Checks that s is a valid type name (1 to 64 characters of [a-z0-9_],
 * starting with a letter) after the caller lower-cased it. 1 valid, 0 not. */
CG_API int cg_type_name_valid(const char *s);

/* When s is not a core name but is within one edit (two for names of eight
 * letters or more; a swap of neighbouring letters is one edit) of a core
 * name of five letters or more, returns that name ("persn" -> "person",
 * "compnay" -> "company"): a probable typo. Otherwise NULL. */
CG_API const char *cg_entity_type_near_miss(const char *s);
CG_API const char *cg_link_type_near_miss(const char *s);

#endif
