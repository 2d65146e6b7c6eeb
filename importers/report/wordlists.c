/* Word lists of the report importer (report_internal.h declares them),
 * kept apart from the code so that they can be read and extended on their
 * own. Every list is lower case; multi-word entries are normalised text
 * (single spaces). Each list has its length in name_count. */
#include "report_internal.h"

/* Top-level domains used when the Public Suffix List is not installed, on top
 * of every ISO 3166 alpha-2 code (cg_countries): the generic TLDs that
 * threat-intelligence reports name most. */
const char *const fallback_tlds[] = {
    "com",      "net",     "org",      "info",     "biz",      "edu",       "gov",      "mil",
    "int",      "arpa",    "name",     "pro",      "mobi",     "asia",      "tel",      "travel",
    "jobs",     "aero",    "coop",     "museum",   "cat",      "xxx",       "post",     "uk",
    "eu",       "su",      "ac",       "app",      "dev",      "xyz",       "top",      "site",
    "online",   "club",    "shop",     "store",    "tech",     "live",      "cloud",    "link",
    "space",    "website", "icu",      "vip",      "work",     "fun",       "today",    "news",
    "blog",     "page",    "win",      "bid",      "loan",     "men",       "review",   "party",
    "date",     "stream",  "download", "racing",   "click",    "host",      "press",    "zip",
    "mov",      "one",     "digital",  "network",  "services", "solutions", "software", "company",
    "email",    "systems", "global",   "world",    "group",    "agency",    "center",   "support",
    "security", "finance", "capital",  "exchange", "money",    "wallet",    "crypto",   "tools",
    "codes",    "new",     "lol",      "rest",     "monster",  "cyou",      "cfd",      "sbs",
    "buzz",     "life",    "run",      "ltd",      "llc",      "inc",       "io",
};
const size_t fallback_tlds_count = NELEM(fallback_tlds);

/* Names reserved for documentation, tests and Tor (RFC 2606, 6761, 7686):
 * not in the root zone, but written in reports and case files on purpose. */
const char *const reserved_tlds[] = {"example", "test", "onion"};
const size_t reserved_tlds_count = NELEM(reserved_tlds);

/* Top-level domains that are also common file extensions: "setup.zip",
 * "README.md", "exploit.py" are file names unless defanged, inside a URL or
 * the domain of an e-mail address. */
const char *const file_ext_tlds[] = {
    "zip", "mov", "py", "sh", "md", "so", "one", "app", "cab",
};
const size_t file_ext_tlds_count = NELEM(file_ext_tlds);

/* A dotted quad right after one of these words is a version number, not an
 * address ("version 1.2.3.4", "build 10.0.0.1"). */
const char *const version_words[] = {
    "version", "versions", "ver",     "v",         "build",    "builds",  "release", "releases",
    "rel",     "firmware", "fw",      "patch",     "revision", "rev",     "sdk",     "update",
    "upgrade", "upgraded", "updated", "installer", "package",  "library", "oid",
};
const size_t version_words_count = NELEM(version_words);

/* Phrases that give nothing: a bullet whose value starts with one of them
 * names nothing (normalised text, compared as token prefixes). */
const char *const none_phrases[] = {
    "none",
    "no",
    "not specified",
    "not mentioned",
    "not explicitly",
    "not available",
    "not applicable",
    "not disclosed",
    "not provided",
    "not identified",
    "not reported",
    "not stated",
    "not known",
    "not named",
    "not detailed",
    "not described",
    "n a",
    "na",
    "unknown",
    "unspecified",
    "undisclosed",
    "nothing",
    "tbd",
    "nil",
    "null",
};
const size_t none_phrases_count = NELEM(none_phrases);

/* Negation cues (normalised tokens). A name after one of them, in the same
 * clause and at most NEG_WINDOW tokens later, is a negated mention. */
const char *const neg_cues1[] = {
    "not",       "no",     "never",   "nor",          "neither",     "unlike", "unrelated",
    "excluding", "except", "without", "dont",         "doesnt",      "didnt",  "isnt",
    "wasnt",     "arent",  "werent",  "cannot",       "cant",        "wont",   "denied",
    "denies",    "ruled",  "nothing", "unaffiliated", "unconnected",
};
const size_t neg_cues1_count = NELEM(neg_cues1);
/* Two-token cues; the first token alone is not a cue. */
const char *const neg_cues2[][2] = {
    {"rather", "than"},    {"instead", "of"},       {"other", "than"},         {"opposed", "to"},
    {"distinct", "from"},  {"separate", "from"},    {"apart", "from"},         {"aside", "from"},
    {"different", "from"}, {"misattributed", "to"}, {"falsely", "attributed"},
};
const size_t neg_cues2_count = NELEM(neg_cues2);
/* "not only", "no longer" ... negate something else. */
const char *const neg_exempt_next[] = {"only", "just", "longer", "doubt", "least"};
const size_t neg_exempt_next_count = NELEM(neg_exempt_next);
/* Words that start a new clause: a negation does not reach past them. */
const char *const clause_words[] = {
    "but", "however", "although", "though", "whereas", "while", "yet", "instead",
};
const size_t clause_words_count = NELEM(clause_words);
/* Words ending in a '.' that do not end a sentence. */
const char *const abbrevs[] = {
    "inc", "ltd", "co",  "corp", "no",     "vs",  "etc",  "mr",   "mrs", "ms",  "dr",
    "st",  "jr",  "sr",  "fig",  "approx", "al",  "llc",  "dept", "gov", "jan", "feb",
    "mar", "apr", "jun", "jul",  "aug",    "sep", "sept", "oct",  "nov", "dec",
};
const size_t abbrevs_count = NELEM(abbrevs);

/* Cues that a country in a Geography bullet (or an attribution) is where the
 * actor comes from, not whom it targets. Compared as token prefixes. */
const char *const origin_cues[] = {
    "origin", "originat", "based",  "located", "headquarter", "sponsor",    "nexus",
    "source", "home",     "operat", "linked",  "affiliat",    "attributed",
};
const size_t origin_cues_count = NELEM(origin_cues);

/* Country names in running text that are also common given names or words:
 * not taken when a capitalised word stands right next to them ("Jordan
 * Reyes", "Chad Smith"). */
const char *const ambiguous_countries[] = {
    "jordan", "chad",  "georgia", "israel", "india", "china", "turkey", "jersey", "niger",
    "guinea", "kenya", "malawi",  "peru",   "cuba",  "mali",  "togo",   "oman",   "america",
};
const size_t ambiguous_countries_count = NELEM(ambiguous_countries);

/* Phrases that contain a country name but do not name it. */
const char *const country_blockers[] = {
    "south america",
    "north america",
    "latin america",
    "central america",
    "new mexico",
    "new jersey",
    "new england",
    "new south wales",
    "guinea pig",
    "georgia tech",
    "bank of america",
    "voice of america",
    "turkey point",
    "indian ocean",
    "china sea",
    "south china sea",
    "east china sea",
    "american samoa",
    "virgin islands",
    "british virgin islands",
    "us virgin islands",
    "u s virgin islands",
    "united states virgin islands",
};
const size_t country_blockers_count = NELEM(country_blockers);

/* Section headings, matched loosely: the normalised heading (singular
 * words) containing one of these words or phrases. First match wins. */
const section_word section_words[] = {
    {"ttp", SEC_TTP},
    {"tactic", SEC_TTP},
    {"technique", SEC_TTP},
    {"procedure", SEC_TTP},
    {"modus operandi", SEC_TTP},
    {"tradecraft", SEC_TTP},
    {"targeting", SEC_TARGET},
    {"target", SEC_TARGET},
    {"victimology", SEC_TARGET},
    {"victim", SEC_TARGET},
    {"infrastructure", SEC_TOOLS},
    {"tool", SEC_TOOLS},
    {"tooling", SEC_TOOLS},
    {"malware", SEC_TOOLS},
    {"indicator", SEC_TOOLS},
    {"ioc", SEC_TOOLS},
    {"observable", SEC_TOOLS},
    {"attribution", SEC_ATTRIB},
    {"identity", SEC_ATTRIB},
    {"mitigation", SEC_MITIG},
    {"recommendation", SEC_MITIG},
    {"defense", SEC_MITIG},
    {"defence", SEC_MITIG},
    {"detection", SEC_MITIG},
    {"reference", SEC_REFS},
    {"source", SEC_REFS},
    {"further reading", SEC_REFS},
    {"summary", SEC_SUMMARY},
    {"overview", SEC_SUMMARY},
    {"activity", SEC_SUMMARY},
    {"background", SEC_SUMMARY},
    {"implication", SEC_OTHER},
    {"full report", SEC_OTHER},
};
const size_t section_words_count = NELEM(section_words);

/* Bullet labels ("- **Sectors:** ..."), matched like headings. */
const label_word label_words[] = {
    {"sector", LBL_SECTORS},
    {"industry", LBL_SECTORS},
    {"industrie", LBL_SECTORS},
    {"vertical", LBL_SECTORS},
    {"geography", LBL_GEO},
    {"geographie", LBL_GEO},
    {"geographic", LBL_GEO},
    {"region", LBL_GEO},
    {"country", LBL_GEO},
    {"countrie", LBL_GEO},
    {"location", LBL_GEO},
    {"victim", LBL_VICTIMS},
    {"targeted organization", LBL_VICTIMS},
    {"targeted organisation", LBL_VICTIMS},
    {"malware", LBL_MALWARE},
    {"famil", LBL_MALWARE},
    {"backdoor", LBL_MALWARE},
    {"implant", LBL_MALWARE},
    {"tool", LBL_MALWARE},
    {"infrastructure", LBL_INFRA},
    {"c2", LBL_INFRA},
    {"domain", LBL_INFRA},
    {"ip", LBL_INFRA},
    {"url", LBL_INFRA},
    {"server", LBL_INFRA},
    {"indicator", LBL_INFRA},
    {"ioc", LBL_INFRA},
    {"wallet", LBL_INFRA},
    {"e mail", LBL_INFRA},
    {"email", LBL_INFRA},
};
const size_t label_words_count = NELEM(label_words);

/* A list item that starts with one of these words is a description, not a
 * name: "any sector that hires remote IT contractors". */
const char *const generic_first[] = {
    "any",     "all",         "other",       "others",   "various",     "multiple", "several",
    "many",    "some",        "unspecified", "unknown",  "potentially", "possibly", "likely",
    "etc",     "eg",          "ie",          "numerous", "diverse",     "assorted", "miscellaneous",
    "unnamed", "undisclosed", "similar",     "related",  "these",       "those",    "this",
    "that",    "such",        "a",           "an",       "their",       "its",      "his",
    "her",     "our",         "your",        "no",       "none",        "not",
};
const size_t generic_first_count = NELEM(generic_first);
/* A list item holding one of these words is a phrase, not a name. */
const char *const phrase_words[] = {
    "that",      "which",  "who",     "whom",    "whose",      "where",     "when",
    "hire",      "hires",  "hiring",  "hired",   "contracted", "employ",    "employs",
    "employing", "is",     "are",     "was",     "were",       "be",        "been",
    "being",     "has",    "have",    "had",     "may",        "might",     "could",
    "would",     "should", "will",    "can",     "leading",    "involving", "using",
    "used",      "via",    "through", "general", "particular", "generally", "overall",
};
const size_t phrase_words_count = NELEM(phrase_words);
/* Leading words dropped from a list item ("or any ...", "including banks"). */
const char *const lead_words[] = {
    "and",          "or",      "including", "include", "includes", "such as",   "especially",
    "particularly", "notably", "like",      "mainly",  "mostly",   "primarily", "chiefly",
    "also",         "the",     "e g",       "eg",      "i e",      "ie",        "namely",
};
const size_t lead_words_count = NELEM(lead_words);
/* Trailing words dropped from a sector ("Financial sector" -> "Financial"). */
const char *const sector_tails[] = {"sector",   "sectors",       "industry",      "industries",
                                    "vertical", "verticals",     "etc",           "companies",
                                    "company",  "organizations", "organisations", "entities",
                                    "firms",    "businesses"};
const size_t sector_tails_count = NELEM(sector_tails);
/* Trailing words dropped from a malware name ("BeaverTail malware"). */
const char *const malware_tails[] = {
    "malware",     "backdoor",   "backdoors", "trojan",     "trojans",  "family",
    "families",    "loader",     "loaders",   "implant",    "implants", "stealer",
    "infostealer", "downloader", "dropper",   "ransomware", "rat",      "variant",
    "variants",    "tool",       "tools",     "framework",  "etc",
};
const size_t malware_tails_count = NELEM(malware_tails);
/* A malware list item whose first word is one of these is a description
 * ("custom backdoors", "publicly available tools"). */
const char *const malware_generic[] = {
    "custom",     "commodity", "open",    "opensource",  "publicly",  "public",
    "legitimate", "remote",    "bespoke", "proprietary", "novel",     "new",
    "known",      "unknown",   "off",     "living",      "malicious", "modified",
    "trojanized", "fake",      "bogus",   "standard",    "common",
};
const size_t malware_generic_count = NELEM(malware_generic);
/* A victim list item whose first word is one of these is a description. */
const char *const victim_generic[] = {
    "companies",    "company",      "organizations", "organisations",
    "organization", "organisation", "entities",      "entity",
    "firms",        "firm",         "businesses",    "business",
    "individuals",  "users",        "victims",       "government",
    "governments",  "private",      "public",        "small",
    "large",        "global",       "international", "employers",
    "clients",      "customers",    "people",        "persons",
    "us",           "western",      "foreign",       "domestic",
    "unwitting",    "unsuspecting", "hiring",
};
const size_t victim_generic_count = NELEM(victim_generic);
/* Words allowed in lower case inside a victim's name ("Bank of Korea"). */
const char *const name_glue[] = {"of", "and", "the", "for", "de",  "du", "la", "le", "des",
                                 "y",  "del", "da",  "van", "von", "in", "on", "at", "&"};
const size_t name_glue_count = NELEM(name_glue);
/* Words that are not a company's or a person's name by themselves. */
const char *const company_generic[] = {
    "trading",     "technology", "technologies", "international", "global",     "group",
    "holding",     "holdings",   "services",     "service",       "solutions",  "consulting",
    "development", "investment", "import",       "export",        "industrial", "general",
    "company",     "limited",    "the",          "new",           "it",         "software",
};
const size_t company_generic_count = NELEM(company_generic);
