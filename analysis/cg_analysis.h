/* Analyses of the entity graph (docs/ANALYSIS.md): clusters, intermediaries,
 * infrastructure shared between cases, paths and money. Each takes the graph
 * and options, and returns a result the caller frees; results name entities
 * by cg_eid and carry the scores and evidence behind them. Every result is
 * deterministic: vertices are ordered by entity id, randomised steps are
 * seeded, ties are broken by entity id.
 *
 * igraph stays inside analysis/: no igraph type appears here. */
#ifndef CG_ANALYSIS_H
#define CG_ANALYSIS_H

#include "cg_api.h"
#include "cg_error.h"
#include "cg_graph.h"
#include "cg_summary.h"

#include <stddef.h>
#include <stdint.h>

/* ---- the view: which entities and links an analysis sees ---- */

/* Views kept between analyses of one graph, so that several analyses with
 * the same view options build it once (casegraph analyze). A view is
 * reused only for the same graph, unchanged (same entity and link counts),
 * and equal options; the cache holds the two most recent views. Not
 * thread-safe. */
typedef struct cg_view_cache cg_view_cache;
CG_API cg_view_cache *cg_view_cache_new(void);
CG_API void cg_view_cache_free(cg_view_cache *c);

/* MISP warninglists (docs/ANALYSIS.md): lists of values never to correlate
 * on, in MISP's own format (a directory of lists/<name>/list.json, each with
 * a name, a type -- string, substring, hostname, cidr or regex -- the MISP
 * attribute types it applies to, and its values), plus casegraph's built-in
 * default. A list applies to the entity types its matching_attributes map
 * to: ip-src, ip-dst, *|port and domain|ip to ip; domain, hostname and
 * domain|ip to domain; url and uri to url; email-* and *-email to email;
 * md5, sha*, ssdeep, filename|<hash> and x509-fingerprint-* to hash;
 * phone-number and whois-registrant-phone to phone.
 *
 * Matching (cg_warninglists_match) costs O(length of the value) per list
 * kind -- a hash lookup for string lists and for each parent domain of
 * hostname lists, a trie walk from each byte for substring lists, a binary
 * search over sorted ranges for cidr lists -- plus one regexec per regex.
 * Loaded once, read-only after: a view built with it only reads it. */
typedef struct cg_warninglists cg_warninglists;

/* Receives a note about what a load left out (a list skipped, an entry
 * refused), as file:line: reason. */
typedef void (*cg_warninglists_note_fn)(void *ctx, const cg_error *note);

/* An empty set of lists, or NULL when out of memory. */
CG_API cg_warninglists *cg_warninglists_new(void);
/* Frees w; accepts NULL. */
CG_API void cg_warninglists_free(cg_warninglists *w);
/* Adds the lists of path: a MISP warninglists checkout (path/lists/<name>/
 * list.json), a directory of <name>/list.json, or one list.json; lists in
 * name order. A list that cannot be read or used (bad JSON, an unknown
 * type, no attribute casegraph has, a regex regcomp refuses) is skipped and
 * an entry that is not a value of its type (a cidr that does not parse) is
 * left out, each reported through note (may be NULL) with its file, line
 * and reason; the rest is kept. Errors: CG_EIO (path has no list at all or
 * cannot be read), CG_ENOMEM. */
CG_API int cg_warninglists_load(cg_warninglists *w, const char *path, cg_warninglists_note_fn note,
                                void *note_ctx, cg_error *err);
/* Adds casegraph's built-in default, which needs no download: reserved IPv4
 * and IPv6 ranges (RFC 1918, 5737, 3849, 6598, loopback, link-local,
 * multicast ...), the special-use names (example, test, invalid, localhost,
 * local and home.arpa, and example.com/.net/.org, with their subdomains; for
 * domains, URLs and e-mail addresses) and the hashes of the empty file.
 * Errors: CG_ENOMEM. */
CG_API int cg_warninglists_add_default(cg_warninglists *w, cg_error *err);
/* Lists kept and values in them. */
CG_API size_t cg_warninglists_count(const cg_warninglists *w);
CG_API size_t cg_warninglists_values(const cg_warninglists *w);
/* The name of the list (the first loaded, among those that match) that
 * names value as an entity of type type_name ("ip", "domain", "url",
 * "email", "hash", "phone"; other types match nothing), or NULL. The name
 * is borrowed from w. */
CG_API const char *cg_warninglists_match(const cg_warninglists *w, const char *type_name,
                                         const char *value);

typedef struct cg_view_opts {
	const char *const *types; /* only these entity types; NULL: all but context */
	size_t n_types;
	const char *const *include_types; /* context types to add back */
	size_t n_include_types;
	size_t max_cases;         /* entities in more cases are "too common" (0: no limit) */
	size_t max_name_cases;    /* entities known by a name alone (cg_entity_name_only) in
	                             more cases are "too common" too (0: no limit) */
	const char *exclude_path; /* values never to correlate on (docs/ANALYSIS.md), or NULL */
	cg_view_cache *cache;     /* views to reuse and keep, or NULL */
	const cg_warninglists *warninglists; /* values never to correlate on, or NULL */
} cg_view_opts;

#define CG_DEFAULT_MAX_CASES      20
#define CG_DEFAULT_MAX_NAME_CASES 10
#define CG_VIEW_OPTS_INIT                                                                          \
	{                                                                                          \
		NULL, 0, NULL, 0, CG_DEFAULT_MAX_CASES, CG_DEFAULT_MAX_NAME_CASES, NULL, NULL,     \
		    NULL                                                                           \
	}

/* Whether entity e is known by a name alone: every identity key it has is a
 * bare name key ("name:..."; a person's "name:...|dob:..." identifies). Such
 * an entity in many cases is a word every report uses (a tool, a technique,
 * a vendor), not a tie between them (docs/ANALYSIS.md, "Too common"). */
CG_API int cg_entity_name_only(const cg_graph *g, cg_eid e);

/* What the view left out, for the "too common" and "excluded" lists. */
typedef struct cg_view_info {
	size_t vertices;    /* entities in the view */
	size_t edges;       /* distinct entity pairs linked (parallel links collapsed) */
	cg_eid *too_common; /* entities too common (view_too_common), by id */
	size_t n_too_common;
	size_t max_cases, max_name_cases; /* the limits that made them so */
	cg_eid *excluded;                 /* entities matched by the exclusion list, by id */
	size_t n_excluded;
	/* per excluded entity, what named it: the exclusion list's path or a
	 * warninglist's name (borrowed from the view options: valid while
	 * opts.exclude_path and opts.warninglists are) */
	const char **excluded_by;
} cg_view_info;

/* Why entity e, in n_cases cases, is too common under the limits of info:
 * writes "in 25 cases, more than --max-cases 20" or "known by a name alone,
 * in 12 cases, more than --max-name-cases 10" into buf (size n) and returns
 * buf; an empty string when it is not. */
CG_API const char *cg_too_common_reason(const cg_graph *g, cg_eid e, size_t n_cases,
                                        const cg_view_info *info, char *buf, size_t n);

/* ---- clusters ---- */

typedef enum cg_cluster_method {
	CG_CLUSTER_LEIDEN,
	CG_CLUSTER_LOUVAIN,
	CG_CLUSTER_METHOD_COUNT
} cg_cluster_method;

CG_API const char *cg_cluster_method_to_string(cg_cluster_method m);
/* The method named s, or CG_CLUSTER_METHOD_COUNT when none is. */
CG_API cg_cluster_method cg_cluster_method_from_string(const char *s);

#define CG_DEFAULT_SEED 42u

typedef struct cg_cluster_opts {
	cg_view_opts view;
	cg_cluster_method method;
	double resolution;  /* modularity resolution; 1 is classic modularity */
	unsigned long seed; /* seed of the random visiting orders and refinement choices */
	size_t top;         /* central members listed per cluster */
} cg_cluster_opts;

#define CG_CLUSTER_OPTS_INIT                                                                       \
	{                                                                                          \
		CG_VIEW_OPTS_INIT, CG_CLUSTER_LEIDEN, 1.0, CG_DEFAULT_SEED, 5                      \
	}

/* Money moved by links carrying an amount, per currency. */
typedef struct cg_money_sum {
	const char *currency; /* borrowed from the graph */
	int64_t in;           /* into the entity or cluster from outside */
	int64_t out;          /* out of it */
	int64_t internal;     /* within a cluster */
	size_t links;         /* links counted */
} cg_money_sum;

typedef struct cg_cluster {
	size_t size;     /* members */
	cg_eid *members; /* by degree in the view (descending), then id */
	cg_count *types; /* members by type, by count then name */
	size_t n_types;
	cg_count *cases; /* cases the members come from: count = members in that case */
	size_t n_cases;
	size_t n_central; /* the first n_central members are listed as central */
	cg_money_sum *money;
	size_t n_money;
	size_t component; /* the connected component it is part of (0 = largest) */
} cg_cluster;

typedef struct cg_clusters {
	cg_view_info info;
	cg_cluster_method method;
	double resolution;
	unsigned long seed;
	double modularity;   /* of the partition, resolution 1, links counted once per pair */
	unsigned iterations; /* whole Leiden/Louvain runs made until the partition was stable */
	size_t n_components;
	size_t *component_sizes; /* descending */
	cg_cluster *clusters;    /* by size (descending), then first member id */
	size_t n;
	size_t *membership; /* entity -> cluster index, SIZE_MAX when not in the view */
	size_t n_entities;
} cg_clusters;

/* Connected components, then communities. Cost: building the view is
 * O(V log V + E log E); Leiden O(E) per iteration (iterated to stability,
 * at most 20 times); Louvain can be slow on graphs with weak structure. */
CG_API int cg_clusters_compute(const cg_graph *g, const cg_cluster_opts *opts, cg_clusters **out,
                               cg_error *err);
CG_API void cg_clusters_free(cg_clusters *c);

/* ---- brokers ---- */

typedef enum cg_partition {
	CG_BY_CASE,
	CG_BY_CLUSTER,
	CG_BY_COUNTRY,
	CG_BY_TYPE,
	CG_BY_ACTOR, /* shared only: the threat actors an entity is tied to */
	CG_PARTITION_COUNT
} cg_partition;

CG_API const char *cg_partition_to_string(cg_partition p);
CG_API cg_partition cg_partition_from_string(const char *s);

/* Gould-Fernandez brokerage roles. */
typedef enum cg_gf_role {
	CG_GF_COORDINATOR,    /* a, b, c all in one group */
	CG_GF_ITINERANT,      /* a and c in one group, b in another */
	CG_GF_REPRESENTATIVE, /* a in b's group, c outside */
	CG_GF_GATEKEEPER,     /* a outside, c in b's group */
	CG_GF_LIAISON,        /* a, b, c in three groups */
	CG_GF_ROLE_COUNT
} cg_gf_role;

CG_API const char *cg_gf_role_to_string(cg_gf_role r);

#define CG_DEFAULT_EXACT_LIMIT 5000 /* vertices up to which betweenness is exact */
#define CG_DEFAULT_SAMPLES     256  /* most sources sampled above it (automatic choice) */
#define CG_MIN_SAMPLES         32   /* fewest sources the automatic choice samples */
#define CG_DEFAULT_DELTA       0.1  /* the top k may be wrong with this probability */
#define CG_DEFAULT_REL_EPSILON 0.1  /* epsilon: at most this fraction of the k-th value */
/* most shortest paths the top-k sampler draws by default: enough for the
 * rule to stop on the generator's 100k entities (80,000 to 200,000 paths
 * there, docs/PERFORMANCE.md); when it is reached the epsilon stated is
 * what was reached ("not converged"); --max-paths raises it */
#define CG_DEFAULT_MAX_PATHS (1u << 18)
/* ... up to this many entities in the view; in a larger view a path costs
 * more (the searches reach more entities, and in memory that no longer
 * fits the cache: 0.05 ms a path at 100k entities, 0.5 ms at 1M), and the
 * default budget shrinks with the square of the size, but not below
 * CG_MIN_PATHS_PER_SIZE x CG_DEFAULT_PATHS_UPTO / entities nor
 * CG_MIN_DEFAULT_PATHS (cg_broker_default_paths) */
#define CG_DEFAULT_PATHS_UPTO 100000
#define CG_MIN_PATHS_PER_SIZE (1u << 16)
#define CG_MIN_DEFAULT_PATHS  4096
#define CG_DEFAULT_TOP_K      20 /* rows guaranteed when every row is kept (top 0) */

typedef struct cg_broker_opts {
	cg_view_opts view;
	cg_partition by;    /* groups for brokerage roles */
	size_t exact_limit; /* exact betweenness up to this many vertices */
	size_t samples;     /* above it: 0 (default), the top-k sampler (random shortest
	                       paths until the top rows are known to within epsilon with
	                       probability 1 - delta); K, Brandes from K random sources */
	unsigned long seed;
	size_t top;               /* rows kept (0: every entity of the view) */
	cg_cluster_opts clusters; /* used when by == CG_BY_CLUSTER */
	double delta;             /* top-k sampler: failure probability (0, 1) */
	double rel_epsilon;       /* top-k sampler: stop when epsilon <= this * k-th value */
	size_t max_paths;         /* top-k sampler: most paths drawn (0: cg_broker_default_paths) */
} cg_broker_opts;

#define CG_BROKER_OPTS_INIT                                                                        \
	{                                                                                          \
		CG_VIEW_OPTS_INIT, CG_BY_CASE, CG_DEFAULT_EXACT_LIMIT, 0, CG_DEFAULT_SEED, 100,    \
		    CG_CLUSTER_OPTS_INIT, CG_DEFAULT_DELTA, CG_DEFAULT_REL_EPSILON, 0              \
	}

/* The top-k sampler's path budget for a view of n entities when max_paths
 * is 0: CG_DEFAULT_MAX_PATHS at CG_DEFAULT_PATHS_UPTO entities, in
 * proportion below (but at least CG_MIN_PATHS_PER_SIZE: 65,536 up to
 * 25,000 entities, 131,072 at 50,000), then less with the square of the
 * size, and at least CG_MIN_PATHS_PER_SIZE in proportion (65,536 at
 * 200,000, 8,738 at 750,000) and CG_MIN_DEFAULT_PATHS. */
CG_API size_t cg_broker_default_paths(size_t n);

typedef struct cg_broker {
	cg_eid entity;
	double betweenness;                    /* pairs counted once; estimated when sampled */
	double betweenness_se;                 /* standard error of the estimate (0 when exact) */
	double betweenness_lo, betweenness_hi; /* bounds: exact, the top-k sampler's (all
	                                          rows at once with probability 1 - delta),
	                                          or +- 2 standard errors (sources) */
	size_t tie; /* rank of the first row of its tie group: estimates within epsilon of
	               that row's (its own rank when it ties with none above) */
	double betweenness_norm; /* betweenness / ((n-1)(n-2)/2) */
	size_t rank_betweenness; /* 1-based */
	int articulation;        /* removing it disconnects its component */
	size_t *split_sizes;     /* sizes of the pieces its removal leaves (descending) */
	size_t n_splits;
	size_t bridges;              /* bridges (links whose removal disconnects) it is an end of */
	double gf[CG_GF_ROLE_COUNT]; /* brokerage counts per role */
	double gf_z[CG_GF_ROLE_COUNT]; /* z-scores against random group assignment */
	double constraint;             /* Burt's constraint (NaN for isolated entities) */
	double effective_size;         /* Burt's effective size (binary ties) */
	size_t degree;                 /* distinct neighbours in the view */
	size_t n_cases;                /* cases the entity itself is in */
	size_t neighbour_cases;        /* distinct cases among it and its neighbours */
	int bridges_cases; /* linked to entities of two or more cases it is not the only link of */
} cg_broker;

typedef struct cg_brokers {
	cg_view_info info;
	int exact;      /* betweenness exact (1) or sampled (0) */
	int paths;      /* sampled by the top-k sampler: samples counts shortest paths */
	size_t samples; /* sources sampled, or paths drawn (paths) */
	size_t top_k;   /* rows the statement below covers */
	double epsilon; /* each of the top k is in the true top k or at least the true k-th
	                   value - epsilon, with probability 1 - delta (0 when exact) */
	double delta;   /* probability that the statement fails (0 when exact) */
	int converged;  /* epsilon <= rel_epsilon * the k-th value (else max_paths was reached) */
	unsigned long seed;
	cg_partition by;
	size_t n_groups;
	size_t n_bridges; /* bridges in the view */
	cg_broker *rows;  /* by betweenness (descending), then articulation, then id */
	size_t n;
} cg_brokers;

CG_API int cg_brokers_compute(const cg_graph *g, const cg_broker_opts *opts, cg_brokers **out,
                              cg_error *err);
CG_API void cg_brokers_free(cg_brokers *b);

/* ---- shared infrastructure ---- */

typedef struct cg_shared_opts {
	cg_view_opts view; /* view.types: the types considered (NULL: all but context) */
	size_t min_cases;  /* 2 */
	/* what an entity is shared by (docs/ANALYSIS.md, "shared"): CG_BY_CASE
	 * (its cases), CG_BY_ACTOR (the threat actors it is linked to, directly
	 * or through a campaign), CG_BY_CLUSTER (its cluster and its
	 * neighbours'), CG_BY_COUNTRY (the countries of its neighbours);
	 * CG_BY_TYPE is refused (CG_EINVAL) */
	cg_partition by;
	cg_cluster_opts clusters; /* with CG_BY_CLUSTER (its view is set from view) */
	/* by case: an entity counts as shared by two cases only when the time
	 * spans in which they saw it come within this many days (docs/
	 * ANALYSIS.md, "Time"); -1 for no window */
	long within_days;
} cg_shared_opts;

#define CG_SHARED_OPTS_INIT                                                                        \
	{                                                                                          \
		CG_VIEW_OPTS_INIT, 2, CG_BY_CASE, CG_CLUSTER_OPTS_INIT, -1                         \
	}

/* What ties a shared entity to one of its groups (not by case): the link,
 * and with a campaign between the entity and the actor, the campaign's link
 * to the actor. */
typedef struct cg_shared_tie {
	cg_lid link;
	cg_lid via; /* CG_NO_LINK when direct */
} cg_shared_tie;

typedef struct cg_shared_row {
	cg_eid entity;
	size_t n_cases;      /* groups: cases, actors, clusters or countries */
	const char **cases;  /* the groups' names, sorted, borrowed */
	cg_shared_tie *ties; /* per group (aligned with cases); NULL by case */
	/* by case: when each case saw the entity (aligned with cases): the
	 * earliest first_seen and latest last_seen of its records and of its
	 * links' records in that case, as written (a link without a span is
	 * dated by its date); NULL when the case gave none. NULL arrays when no
	 * case gave one. */
	const char **first_seen, **last_seen;
	size_t degree; /* links of the entity (all of them) */
	double score;  /* n_cases + rarity, see docs/ANALYSIS.md */
} cg_shared_row;

typedef struct cg_case_overlap {
	const char *a, *b; /* case names, a < b */
	size_t shared;     /* entities in both */
	double jaccard;    /* shared / entities in either */
} cg_case_overlap;

typedef struct cg_shared {
	cg_view_info info;
	cg_shared_row *rows; /* by score (descending), then id */
	size_t n;
	cg_shared_row *too_common; /* present in more than max_cases cases */
	size_t n_too_common;
	/* with a window (within_days >= 0): entities in two or more cases whose
	 * spans never came within it, with every case and its span */
	cg_shared_row *outside;
	size_t n_outside;
	long within_days;
	cg_partition by;    /* the groups: cases, actors, clusters or countries */
	char **group_names; /* names this result owns ("cluster 3", country codes) */
	size_t n_group_names;
	cg_count *cases; /* every group with its entity count, by name */
	size_t n_cases;
	cg_case_overlap *overlaps; /* pairs sharing at least one entity, by shared (desc) */
	size_t n_overlaps;
} cg_shared;

CG_API int cg_shared_compute(const cg_graph *g, const cg_shared_opts *opts, cg_shared **out,
                             cg_error *err);
CG_API void cg_shared_free(cg_shared *s);

/* ---- paths ---- */

/* Finds the entity a user names: an id, an identifier (e-mail, IBAN, phone
 * ... normalised as on import) or a name or alias (normalised). Errors:
 * CG_ENOTFOUND, CG_EINVAL when several entities match (the message lists up
 * to five ids). */
CG_API int cg_graph_resolve(const cg_graph *g, const char *query, cg_eid *out, cg_error *err);

typedef struct cg_path_opts {
	cg_view_opts view;
	size_t k;                     /* paths wanted (k shortest), >= 1 */
	const char *const *via_types; /* types allowed for intermediate entities (NULL: any) */
	size_t n_via_types;
} cg_path_opts;

#define CG_PATH_OPTS_INIT                                                                          \
	{                                                                                          \
		CG_VIEW_OPTS_INIT, 1, NULL, 0                                                      \
	}

typedef struct cg_hop {
	cg_eid from, to;
	cg_lid link;    /* one link between them (the first in graph order) */
	size_t n_links; /* links between them in all */
} cg_hop;

typedef struct cg_path {
	cg_hop *hops;
	size_t n_hops;
} cg_path;

typedef struct cg_paths {
	cg_view_info info;
	cg_eid from, to;
	cg_path *paths; /* shortest first; ties in a stable order */
	size_t n;
} cg_paths;

/* Shortest paths from `from` to `to` in the view (the two ends are always
 * in it). k > 1 searches the k shortest simple paths within a neighbourhood
 * of the two ends. Cost: one BFS for k = 1. */
CG_API int cg_paths_compute(const cg_graph *g, cg_eid from, cg_eid to, const cg_path_opts *opts,
                            cg_paths **out, cg_error *err);
CG_API void cg_paths_free(cg_paths *p);

/* The connecting network of several seeds: the union of a shortest path
 * between every pair of seeds (an approximation of the Steiner tree).
 * entities and links are sorted by id / graph order; unreachable seed pairs
 * are counted. */
typedef struct cg_network {
	cg_view_info info;
	cg_eid *entities;
	size_t n_entities;
	cg_lid *links;
	size_t n_links;
	size_t unreachable_pairs;
} cg_network;

CG_API int cg_network_compute(const cg_graph *g, const cg_eid *seeds, size_t n_seeds,
                              const cg_path_opts *opts, cg_network **out, cg_error *err);
CG_API void cg_network_free(cg_network *n);

/* ---- money ---- */

typedef struct cg_money_opts {
	const char *from_date; /* ISO date, inclusive, or NULL */
	const char *to_date;   /* ISO date, inclusive, or NULL */
	size_t top;            /* largest flows listed */
	int by_cluster;        /* also total per cluster (runs the clustering) */
	cg_cluster_opts clusters;
} cg_money_opts;

#define CG_MONEY_OPTS_INIT                                                                         \
	{                                                                                          \
		NULL, NULL, 20, 1, CG_CLUSTER_OPTS_INIT                                            \
	}

typedef struct cg_money_row {
	cg_eid entity;      /* or the cluster index for cluster rows */
	cg_money_sum *sums; /* per currency, by currency code */
	size_t n_sums;
} cg_money_row;

typedef struct cg_money {
	cg_money_row *entities; /* entities with money, by links with money (desc) then id */
	size_t n_entities;
	cg_money_row *clusters; /* clusters with money (entity = cluster index) */
	size_t n_clusters;
	cg_lid *flows; /* the `top` largest links of each currency: by currency code,
	                  then amount (desc), then graph order */
	size_t n_flows;
	size_t links_counted; /* links with money in the date range */
	size_t links_undated; /* links with money but no date, left out when a range is set */
} cg_money;

CG_API int cg_money_compute(const cg_graph *g, const cg_money_opts *opts, cg_money **out,
                            cg_error *err);
CG_API void cg_money_free(cg_money *m);

/* ---- merge candidates (docs/MODEL.md, "Candidates") ---- */

/* What made a candidate pair, or ruled it out: bits of
 * cg_cand_features.flags, numbered by this enum. */
typedef enum cg_cand_feature {
	CG_CF_TRANSLITERATED,  /* a name was written in another script (Hangul, Han,
	                          Cyrillic ...) and compared in Latin letters */
	CG_CF_INITIALS,        /* initials stand for the other's name parts (D. M.) */
	CG_CF_ABBREVIATION,    /* a shortened word (Tech, Natl, Max) */
	CG_CF_REORDERED,       /* the same name parts in another order */
	CG_CF_TYPO,            /* name parts alike but not equal */
	CG_CF_LEGAL_FORM,      /* legal forms or branch words set aside (companies) */
	CG_CF_DOB_AGREE,       /* both dates of birth known and compatible */
	CG_CF_DOB_CONFLICT,    /* both known and different: rules the pair out */
	CG_CF_NAT_AGREE,       /* a nationality in common */
	CG_CF_NAT_CONFLICT,    /* both known, none in common */
	CG_CF_SHARED,          /* neighbours in common (address, phone, account ...) */
	CG_CF_IDENTIFIER,      /* the same identifier written differently */
	CG_CF_ID_CONFLICT,     /* identifiers of one kind that differ */
	CG_CF_NUMBER_CONFLICT, /* house, unit, room or company numbers differ: rules
	                          the pair out (neighbours are not one address) */
	CG_CF_COUNT
} cg_cand_feature;

/* "transliterated", "initials" ..., NULL when out of range. */
CG_API const char *cg_cand_feature_to_string(cg_cand_feature f);
/* The feature named s, or CG_CF_COUNT. */
CG_API cg_cand_feature cg_cand_feature_from_string(const char *s);

#define CG_CAND_MAX_SHARED 4 /* shared neighbours named in a candidate */

typedef struct cg_cand_features {
	unsigned flags;      /* 1u << cg_cand_feature */
	double name;         /* the best similarity of the two sides' names and aliases */
	double token_set;    /* of that pair: name parts matched in any order */
	double jaro_winkler; /* of that pair: the names as one string (Latin, folded) */
	size_t name_a;       /* which names: 0 the name, i > 0 the i-th alias */
	size_t name_b;
	size_t shared;                         /* neighbours in common */
	cg_eid shared_ids[CG_CAND_MAX_SHARED]; /* the first of them, by entity id */
} cg_cand_features;

/* One pair of entities that are not one entity but may be. */
typedef struct cg_candidate {
	cg_eid a, b;   /* a's id sorts before b's (CG_NO_ENTITY for records) */
	double score;  /* in [0, 1]; 0 when ruled out */
	int ruled_out; /* a conflict rules the pair out (CG_CF_DOB_CONFLICT ...) */
	cg_cand_features f;
	char *reason; /* what made the score, in words (owned) */
} cg_candidate;

#define CG_DEFAULT_MIN_SCORE 0.80
#define CG_DEFAULT_BLOCK_CAP 64

typedef struct cg_cand_opts {
	double min_score; /* pairs scoring below are left out (0: CG_DEFAULT_MIN_SCORE) */
	size_t limit;     /* at most this many pairs, best first (0: all) */
	int explain;      /* also list the pairs a conflict ruled out, with why */
	size_t block_cap; /* a block larger is compared by sorted neighbourhood
	                     (0: CG_DEFAULT_BLOCK_CAP) */
} cg_cand_opts;

#define CG_CAND_OPTS_INIT                                                                          \
	{                                                                                          \
		0, 0, 0, 0                                                                         \
	}

typedef struct cg_candidates {
	cg_candidate *items; /* score descending, then a's id, then b's id */
	size_t n;
	cg_candidate *ruled_out; /* with explain: the ruled-out pairs whose names alone
	                            would have passed, by a's id, then b's */
	size_t n_ruled_out;
	size_t entities; /* entities considered (persons, companies, organisations,
	                    addresses) */
	size_t compared; /* pairs scored */
	size_t capped;   /* blocks over the cap */
} cg_candidates;

/* Pairs of entities not merged that probably should be, with the features
 * behind each score: names and aliases transliterated to Latin (ICU,
 * "Any-Latin; Latin-ASCII"), compared part by part (Jaro-Winkler, initials,
 * order) and as a whole; dates of birth, nationalities, identifiers,
 * neighbours in common; addresses and numbered companies must agree on
 * their numbers. Entities are compared within blocks (name parts, numbers,
 * identifiers) of at most opts->block_cap, larger blocks by a window over
 * their sorted names: O(entities * cap) pairs. Nothing is merged.
 * Errors: CG_ENOMEM, CG_EINVAL (ICU could not be opened). */
CG_API int cg_candidates_compute(const cg_graph *g, const cg_cand_opts *opts, cg_candidates **out,
                                 cg_error *err);
CG_API void cg_candidates_free(cg_candidates *c);

/* The scorer behind cg_candidates_compute, for any two records (screening
 * a case against a list). Holds an ICU transliterator: not thread-safe. */
typedef struct cg_cand_scorer cg_cand_scorer;
/* Errors: CG_ENOMEM, CG_EINVAL (ICU). */
CG_API int cg_cand_scorer_new(cg_cand_scorer **out, cg_error *err);
CG_API void cg_cand_scorer_free(cg_cand_scorer *s);

/* One side of a pair, as plain strings (may be NULL or empty). */
typedef struct cg_cand_record {
	const char *type;         /* "person", "company", "organization", "address" */
	const char *const *names; /* the name first, then aliases */
	size_t n_names;
	const char *dob;         /* YYYY[-MM[-DD]] */
	const char *nationality; /* ISO alpha-2 or a country name */
	const cg_prop *ids;      /* passport, national_id, registration_number ... */
	size_t n_ids;
} cg_cand_record;

/* Scores a against b into *out (a and b CG_NO_ENTITY; reason owned by
 * out: free with cg_candidate_clear). Records of types that cannot be one
 * entity score 0. Errors: CG_ENOMEM. */
CG_API int cg_cand_score(cg_cand_scorer *s, const cg_cand_record *a, const cg_cand_record *b,
                         cg_candidate *out, cg_error *err);
/* Scores entities a and b of g, neighbours in common included. */
CG_API int cg_cand_score_entities(cg_cand_scorer *s, const cg_graph *g, cg_eid a, cg_eid b,
                                  cg_candidate *out, cg_error *err);
/* Frees out's reason and zeroes it. */
CG_API void cg_candidate_clear(cg_candidate *c);

CG_API void cg_view_info_free(cg_view_info *info);

#endif
