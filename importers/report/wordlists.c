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

/* ---- persons (persons.c) ---- */

/* Chinese surnames: the commonest in pinyin, then Cantonese spellings. */
const char *const cn_surnames[] = {
    "wang",  "li",    "zhang", "liu",    "chen", "yang", "huang", "zhao",  "wu",    "zhou",
    "xu",    "sun",   "ma",    "zhu",    "hu",   "guo",  "he",    "gao",   "lin",   "luo",
    "zheng", "liang", "xie",   "song",   "tang", "han",  "feng",  "deng",  "cao",   "peng",
    "zeng",  "xiao",  "tian",  "dong",   "yuan", "pan",  "cai",   "jiang", "yu",    "du",
    "ye",    "cheng", "wei",   "su",     "lu",   "ding", "ren",   "shen",  "yao",   "jin",
    "fu",    "zhong", "tan",   "jia",    "xia",  "fang", "bai",   "cui",   "kang",  "mao",
    "qiu",   "qin",   "shi",   "gu",     "hou",  "shao", "meng",  "long",  "wan",   "duan",
    "lei",   "qian",  "yin",   "qiao",   "lai",  "gong", "wen",   "pang",  "fan",   "lan",
    "yan",   "xing",  "kong",  "bao",    "niu",  "ning", "piao",  "quan",  "zou",   "xiong",
    "wong",  "chan",  "leung", "cheung", "lau",  "ho",   "tse",   "yip",   "kwok",  "chow",
    "tsang", "lam",   "fung",  "chiu",   "tsui", "mak",  "hui",   "ng",    "yeung", "chung",
};
const size_t cn_surnames_count = NELEM(cn_surnames);

/* Korean surnames, in the South's and the North's romanisations. */
const char *const kr_surnames[] = {
    "kim",   "lee",   "yi",    "ri",   "rhee",  "park", "pak", "bak",  "choi", "choe",
    "jung",  "jeong", "chong", "jong", "kang",  "cho",  "jo",  "yoon", "yun",  "jang",
    "chang", "lim",   "rim",   "im",   "han",   "oh",   "seo", "so",   "shin", "sin",
    "kwon",  "hwang", "ahn",   "an",   "song",  "yoo",  "yu",  "ryu",  "hong", "jeon",
    "jon",   "chon",  "ko",    "moon", "mun",   "yang", "son", "bae",  "pae",  "baek",
    "paek",  "heo",   "ho",    "nam",  "sim",   "noh",  "ha",  "kwak", "sung", "cha",
    "ju",    "woo",   "ku",    "min",  "ryang", "kye",  "tak", "ok",   "hyon", "hyun",
    "o",     "ro",    "roh",   "pyon", "byun",  "byon", "pyo", "sok",  "ryom", "yom",
};
const size_t kr_surnames_count = NELEM(kr_surnames);

/* Capitalised words that are not parts of a person's name. */
const char *const not_name[] = {
    "id",
    "street",
    "road",
    "avenue",
    "district",
    "building",
    "room",
    "city",
    "province",
    "bank",
    "group",
    "trading",
    "technology",
    "tech",
    "river",
    "valley",
    "beach",
    "hill",
    "park",
    "lake",
    "island",
    "center",
    "centre",
    "tower",
    "hotel",
    "airport",
    "station",
    "university",
    "ministry",
    "office",
    "department",
    "bureau",
    "korea",
    "china",
    "russia",
    "japan",
    "north",
    "south",
    "east",
    "west",
    "new",
    "the",
    "and",
    "of",
    "for",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "to",
    "a",
    "an",
    "this",
    "that",
    "it",
    "its",
    "their",
    "our",
    "we",
    "they",
    "he",
    "she",
    "his",
    "her",
    "is",
    "was",
    "are",
    "were",
    "has",
    "had",
    "said",
    "mr",
    "ms",
    "mrs",
    "dr",
    "director",
    "defendant",
    "defendants",
    "suspect",
    "suspects",
    "accused",
    "ceo",
    "owner",
    "founder",
    "company",
    "limited",
    "inc",
    "llc",
    "ltd",
    "co",
    "corp",
    "national",
    "sea",
    "air",
    "line",
    "lines",
    "shipping",
    "marine",
    "energy",
    "power",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "friday",
    "sunday",
    "report",
    "team",
    "project",
    "network",
    "cluster",
    "campaign",
    "operation",
    "group's",
    "data",
    "cloud",
    "global",
    "international",
    "services",
    "solutions",
    "software",
    "systems",
    "digital",
    "labs",
    "security",
    "capital",
    "holdings",
    "partners",
    "media",
    "news",
    "gold",
    "star",
    "sun",
    "light",
    "dragon",
    "tiger",
    "general",
    "chief",
    "mobile",
    "phone",
    "email",
    "telegram",
    "github",
    "linkedin",
    "upwork",
    "freelancer",
    "treasury",
    "ofac",
    "fbi",
    "doj",
    "un",
    "dprk",
    "prc",
    "usa",
    "us",
    "uk",
    "uae",
    "hong",
    "kong",
    "macau",
    "see",
    "figure",
    "table",
    "appendix",
    "summary",
    "analysis",
    "overview",
    "background",
    "conclusion",
    /* field labels and roles: "Manager: X" on one line, "Shareholder: Y" on
     * the next is two names, not one */
    "shareholder",
    "manager",
    "president",
    "chairman",
    "representative",
    "registrant",
    "employee",
    "address",
    "tel",
    "fax",
    "website",
    "account",
    "iban",
    "swift",
    "bic",
    "beneficiary",
    "contact",
    "position",
    "nationality",
    "passport",
    "date",
    "redacted",
    "privacy",
    "withheld",
    "proxy",
    "organisation",
    "organization",
    "name",
    "registered",
    "unknown",
    /* words that start a sentence or clause */
    "whether",
    "if",
    "when",
    "after",
    "before",
    "although",
    "while",
    "but",
    "because",
    "since",
    "as",
    "then",
    "however",
    "although",
    "according",
};
const size_t not_name_count = NELEM(not_name);

/* Russian given names (a few of the commonest, male and female). */
const char *const ru_given[] = {
    "aleksandr", "alexander",  "alexei",  "aleksei", "alexey",    "andrei",   "andrey",
    "anton",     "artem",      "boris",   "denis",   "dmitry",    "dmitri",   "dmitriy",
    "evgeny",    "yevgeny",    "fyodor",  "grigory", "igor",      "ilya",     "ivan",
    "kirill",    "konstantin", "maxim",   "mikhail", "nikita",    "nikolai",  "nikolay",
    "oleg",      "pavel",      "pyotr",   "roman",   "ruslan",    "sergei",   "sergey",
    "stanislav", "vadim",      "valery",  "vasily",  "viktor",    "vitaly",   "vladimir",
    "vladislav", "yuri",       "yury",    "anna",    "anastasia", "daria",    "ekaterina",
    "elena",     "irina",      "natalia", "natalya", "olga",      "svetlana", "tatiana",
    "tatyana",   "yulia",      "marina",  "galina",  "lyudmila",  "oksana",   "ksenia",
};
const size_t ru_given_count = NELEM(ru_given);

/* Japanese surnames (the commonest, romanised in Hepburn without long
 * vowels): a person's name shape at either end of the name ("Sato Hiroki",
 * "Hiroki Sato"). */
const char *const jp_surnames[] = {
    "sato",      "suzuki",    "takahashi", "tanaka",    "watanabe",  "ito",      "yamamoto",
    "nakamura",  "kobayashi", "kato",      "yoshida",   "yamada",    "sasaki",   "yamaguchi",
    "matsumoto", "inoue",     "kimura",    "hayashi",   "shimizu",   "yamazaki", "ikeda",
    "hashimoto", "yamashita", "ishikawa",  "nakajima",  "maeda",     "fujita",   "ogawa",
    "goto",      "okada",     "hasegawa",  "murakami",  "kondo",     "ishii",    "saito",
    "sakamoto",  "endo",      "aoki",      "fujii",     "nishimura", "fukuda",   "miura",
    "takeuchi",  "nakano",    "okamoto",   "matsuda",   "harada",    "nakagawa", "tamura",
    "takeda",    "ueda",      "morita",    "hoshikawa", "ichinose",  "kikuchi",  "sugimoto",
};
const size_t jp_surnames_count = NELEM(jp_surnames);

/* Vietnamese surnames (romanised, without diacritics). */
const char *const vn_surnames[] = {
    "nguyen", "tran", "le",  "pham", "hoang", "huynh", "phan",  "vu",
    "vo",     "dang", "bui", "ngo",  "duong", "ly",    "trinh", "truong",
};
const size_t vn_surnames_count = NELEM(vn_surnames);

/* Common given names of English-language prose (personas, facilitators,
 * witnesses; the commonest of North America and Europe, then German,
 * Indian, Vietnamese, Arabic, Georgian, Turkish, Polish, Nordic, Spanish,
 * Italian, French, West and South African): with a person verb, a quote or
 * an East Asian surname they make a name; alone they make nothing. Names
 * that are also months, modal verbs, places or firms ("May", "Will",
 * "Austin", "Jordan", "Morgan", "Chase") are left out. */
const char *const given_names[] = {
    "aaron",     "adam",     "alan",       "albert",    "alex",      "alexandra", "alice",
    "alicia",    "amanda",   "amy",        "andrew",    "angela",    "anna",      "anne",
    "anthony",   "arjun",    "ashley",     "barbara",   "ben",       "benjamin",  "betty",
    "brandon",   "brian",    "bruce",      "carl",      "carla",     "carlos",    "carol",
    "catherine", "charles",  "cheryl",     "chris",     "christina", "christine", "christopher",
    "cynthia",   "dana",     "daniel",     "david",     "deborah",   "dennis",    "diana",
    "donald",    "donna",    "dorothy",    "douglas",   "edward",    "elena",     "elizabeth",
    "emily",     "emma",     "eric",       "erick",     "frank",     "gary",      "george",
    "gloria",    "grace",    "gregory",    "hannah",    "harold",    "heather",   "helen",
    "henry",     "howard",   "jack",       "jacob",     "james",     "jane",      "janet",
    "jason",     "jeffrey",  "jennifer",   "jens",      "jeremy",    "jessica",   "joe",
    "john",      "jonathan", "joseph",     "joshua",    "joyce",     "juan",      "judith",
    "julia",     "julie",    "justin",     "karen",     "katherine", "kathleen",  "katrin",
    "keith",     "kelly",    "kenneth",    "kevin",     "kyle",      "larry",     "laura",
    "lauren",    "linda",    "lisa",       "lukas",     "luis",      "margaret",  "maria",
    "marie",     "mark",     "martha",     "martin",    "mary",      "matthew",   "megan",
    "melissa",   "michael",  "michelle",   "minh",      "nancy",     "natalie",   "nathan",
    "nicholas",  "nicole",   "olivia",     "oleksandr", "pamela",    "patricia",  "patrick",
    "paul",      "peter",    "philip",     "rachel",    "rajesh",    "ralph",     "raymond",
    "rebecca",   "richard",  "robert",     "roger",     "ronald",    "ruth",      "ryan",
    "samuel",    "sandra",   "sarah",      "scott",     "sean",      "sharon",    "simon",
    "sophia",    "stephen",  "steven",     "susan",     "teresa",    "thomas",    "timothy",
    "tyler",     "victor",   "viktor",     "vincent",   "walter",    "wayne",     "william",
    "zachary",   "stefan",   "markus",     "anja",      "sabine",    "klaus",     "wolfgang",
    "rahul",     "amit",     "priya",      "sanjay",    "vikram",    "anil",      "sunil",
    "deepak",    "ravi",     "anh",        "linh",      "tuan",      "hung",      "duc",
    "ahmed",     "mohammed", "omar",       "ali",       "hassan",    "yusuf",     "fatima",
    "giorgi",    "levan",    "nino",       "mehmet",    "mustafa",   "emre",      "ayse",
    "abigail",   "adrian",   "aiden",      "alexis",    "amelia",    "andrea",    "andreas",
    "anton",     "arthur",   "audrey",     "ava",       "blake",     "bradley",   "brenda",
    "caleb",     "cameron",  "caroline",   "charlotte", "chloe",     "claire",    "colin",
    "connor",    "corinne",  "craig",      "derek",     "diane",     "dylan",     "eleanor",
    "elijah",    "ella",     "ellen",      "erik",      "ethan",     "eva",       "evan",
    "felix",     "fiona",    "gabriel",    "gavin",     "gordon",    "hollis",    "ian",
    "isabel",    "isabella", "jacqueline", "jake",      "jamie",     "jasmine",   "jeff",
    "jenna",     "jesse",    "jill",       "joan",      "jonah",     "josh",      "karl",
    "kate",      "katie",    "kristen",    "leah",      "leo",       "liam",      "lily",
    "logan",     "lorraine", "lucas",      "lucy",      "luke",      "madison",   "marcus",
    "marjorie",  "mason",    "maya",       "mia",       "mike",      "molly",     "neil",
    "noah",      "oliver",   "oscar",      "owen",      "peggy",     "phillip",   "ray",
    "renee",     "rose",     "russell",    "sam",       "sara",      "sebastian", "shawn",
    "sofia",     "sophie",   "stella",     "sylvia",    "tanya",     "theo",      "todd",
    "tom",       "tony",     "trevor",     "troy",      "valerie",   "vanessa",   "wendell",
    "wendy",     "zoe",      "lars",       "sven",      "anders",    "johan",     "mats",
    "nils",      "ingrid",   "astrid",     "tomasz",    "piotr",     "krzysztof", "agnieszka",
    "katarzyna", "marek",    "pablo",      "javier",    "diego",     "sergio",    "lucia",
    "marco",     "giulia",   "luca",       "francesco", "pierre",    "jean",      "camille",
    "julien",    "hans",     "jurgen",     "arkady",    "arkadii",   "dmitri",    "kemal",
    "burak",     "mert",     "kwame",      "kofi",      "chinedu",   "emeka",     "tunde",
    "sipho",     "thabo",    "lena",       "dolores",   "julian",    "garrett",   "melody",
    "tessa",     "priya",    "kara",       "derek",     "elliot",    "nathan",    "raymond",
};
const size_t given_names_count = NELEM(given_names);

/* Roles and words that make the name after them a person's. */
const char *const cues_before[] = {
    "director",
    "directors",
    "ceo",
    "owner",
    "founder",
    "co-founder",
    "registrant",
    "representative",
    "employee",
    "manager",
    "president",
    "chairman",
    "shareholder",
    "named",
    "called",
    "national",
    "citizen",
    "facilitator",
    "recruiter",
    "broker",
    "accountant",
    "signatory",
    "nominee",
    "individual",
    "mr",
    "ms",
    "mrs",
    "dr",
    "miss",
    "developer",
    "engineer",
    "worker",
    "resident",
    "officer",
    "chief",
    "partner",
    "associate",
    "operator",
    "agent",
    "handler",
    "courier",
    "contact",
    "identified",
    "organizer",
    "organiser",
    "member",
    "persona",
    "pseudonym",
    "calls",
    "calling",
    "alias",
    "founders",
    "owners",
    "shareholders",
    "employees",
    "co-founders",
    "executive",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "lawyer",
    "attorney",
    "freelancer",
    "journalist",
    "wife",
    "husband",
    "spouse",
    "son",
    "daughter",
    "brother",
    "sister",
    "mother",
    "father",
    "defendant",
    "defendants",
    "co-defendant",
    "co-conspirator",
    "suspect",
    "suspects",
    "accused",
};
const size_t cues_before_count = NELEM(cues_before);

/* Roles that make the name before them a person's (", a Chinese national"). */
const char *const cues_after[] = {
    "director",  "ceo",         "owner",      "founder",      "registrant",  "representative",
    "employee",  "manager",     "president",  "chairman",     "shareholder", "national",
    "citizen",   "facilitator", "recruiter",  "broker",       "accountant",  "resident",
    "developer", "engineer",    "worker",     "nominee",      "signatory",   "officer",
    "born",      "aged",        "executive",  "spokesperson", "spokesman",   "spokeswoman",
    "lawyer",    "attorney",    "freelancer", "journalist",   "wife",        "husband",
    "retired",
};
const size_t cues_after_count = NELEM(cues_after);

/* the word before "name" in a field label ("Registrant Name: X") */
const char *const name_roles[] = {
    "registrant", "contact",     "admin",    "administrative", "technical", "tech",
    "holder",     "beneficiary", "account",  "applicant",      "full",      "legal",
    "real",       "billing",     "owner",    "customer",       "sender",    "recipient",
    "remitter",   "director",    "employee", "given",          "person's",  "signatory",
};
const size_t name_roles_count = NELEM(name_roles);

/* verbs that only persons take, after a name ("X pleaded", "X, who") */
const char *const person_verbs[] = {
    "pleaded", "resigned", "testified", "confessed", "travelled", "traveled",
    "fled",    "who",      "whom",      "himself",   "herself",   "admitted",
};
const size_t person_verbs_count = NELEM(person_verbs);

/* the same after "was", "is", "has been", "had been" */
const char *const person_passive[] = {
    "charged",    "indicted", "sentenced", "arrested", "convicted",
    "extradited", "born",     "detained",  "deported", "married",
};
const size_t person_passive_count = NELEM(person_passive);

/* verbs of persons and companies alike: a person's only with a given name,
 * a quote or a person's name shape */
const char *const weak_verbs[] = {
    "paid",    "hired",  "used",   "told",       "said",      "says",     "started",
    "founded", "met",    "signed", "claimed",    "listed",    "received", "sent",
    "worked",  "lived",  "opened", "registered", "agreed",    "applied",  "wrote",
    "posted",  "called", "moved",  "bought",     "recruited", "shipped",  "managed",
    "ran",     "owns",   "owned",  "recalls",    "denied",    "joined",   "asked",
};
const size_t weak_verbs_count = NELEM(weak_verbs);

/* words of a sentence that make a quoted name a persona */
const char *const persona_words[] = {
    "persona",    "personas",  "profile",  "profiles",   "account",   "accounts",   "alias",
    "aliases",    "name",      "names",    "named",      "called",    "calls",      "calling",
    "himself",    "herself",   "identity", "identities", "posing",    "posed",      "pretending",
    "applicant",  "candidate", "handle",   "username",   "moniker",   "pseudonym",  "fake",
    "fictitious", "resume",    "went",     "goes",       "developer", "freelancer", "a/k/a",
    "aka",        "a.k.a",
};
const size_t persona_words_count = NELEM(persona_words);
