/* How diagrams look: a shape and a fill colour per entity type, an outline
 * per role, and the string tables of the render enums. The colours are
 * light fills that keep black labels readable, distinguishable in
 * greyscale print by shape alone; outlines carry the roles, so that a
 * facilitator (thick red) or a front (dashed brown) stands out whatever its
 * type. */
#include "cg_render.h"

#include <string.h>

static const cg_type_style type_styles[CG_ENTITY_TYPE_COUNT] = {
    [CG_ET_PERSON] = {"ellipse", "#cfe2f3", "persons"},
    [CG_ET_COMPANY] = {"box", "#fce5cd", "companies"},
    [CG_ET_ORGANIZATION] = {"box3d", "#fff2cc", "organizations"},
    [CG_ET_BANK_ACCOUNT] = {"cylinder", "#d9ead3", "bank accounts"},
    [CG_ET_WALLET] = {"hexagon", "#b6d7a8", "wallets"},
    [CG_ET_ADDRESS] = {"house", "#ead1dc", "addresses"},
    [CG_ET_EMAIL] = {"note", "#e4dff5", "e-mails"},
    [CG_ET_PHONE] = {"parallelogram", "#e4dff5", "phones"},
    [CG_ET_DOMAIN] = {"tab", "#d0e0e3", "domains"},
    [CG_ET_IP] = {"octagon", "#d0e0e3", "IP addresses"},
    [CG_ET_URL] = {"component", "#d0e0e3", "URLs"},
    [CG_ET_DOCUMENT] = {"folder", "#eeeeee", "documents"},
    [CG_ET_THREAT_ACTOR] = {"doubleoctagon", "#f4cccc", "threat actors"},
    [CG_ET_MALWARE] = {"septagon", "#f4cccc", "malware"},
    [CG_ET_COUNTRY] = {"egg", "#ffffff", "countries"},
    [CG_ET_SECTOR] = {"trapezium", "#ffffff", "sectors"},
    [CG_ET_OTHER] = {"box", "#ffffff", "others"},
};

const cg_type_style *cg_type_style_of(cg_entity_type t)
{
	if ((int)t < 0 || t >= CG_ENTITY_TYPE_COUNT)
		t = CG_ET_OTHER;
	return &type_styles[t];
}

/* In order of precedence: an entity with several roles gets the first. */
static const cg_role_style role_styles[] = {
    {CG_ROLE_FACILITATOR, "#c00000", "", 3.5, "facilitator"},
    {CG_ROLE_FRONT, "#b45f06", "dashed", 2.5, "front"},
    {CG_ROLE_SHELL, "#7f6000", "dotted", 2.5, "shell"},
    {CG_ROLE_NOMINEE, "#674ea7", "dashed", 2.0, "nominee"},
    {CG_ROLE_WORKER, "#38761d", "", 2.0, "worker"},
    {CG_ROLE_CLIENT, "#1f4e79", "", 2.0, "client"},
    {CG_ROLE_VICTIM, "#1f4e79", "dotted", 2.0, "victim"},
};

const cg_role_style *cg_role_style_of(cg_role r)
{
	for (size_t i = 0; i < sizeof role_styles / sizeof role_styles[0]; i++)
		if (role_styles[i].role == r)
			return &role_styles[i];
	return NULL;
}

static const char *const group_names[CG_GROUP_BY_COUNT] = {"none", "case", "cluster"};
static const char *const size_names[CG_SIZE_BY_COUNT] = {"none", "degree", "betweenness"};
static const char *const diagram_names[CG_DIAGRAM_COUNT] = {"cases",  "clusters", "facilitators",
                                                            "shared", "money",    "timeline"};

const char *cg_group_by_to_string(cg_group_by g)
{
	return (int)g >= 0 && g < CG_GROUP_BY_COUNT ? group_names[g] : NULL;
}

cg_group_by cg_group_by_from_string(const char *s)
{
	int i = cg_name_index(group_names, CG_GROUP_BY_COUNT, s);
	return i < 0 ? CG_GROUP_BY_COUNT : (cg_group_by)i;
}

const char *cg_size_by_to_string(cg_size_by s)
{
	return (int)s >= 0 && s < CG_SIZE_BY_COUNT ? size_names[s] : NULL;
}

cg_size_by cg_size_by_from_string(const char *s)
{
	int i = cg_name_index(size_names, CG_SIZE_BY_COUNT, s);
	return i < 0 ? CG_SIZE_BY_COUNT : (cg_size_by)i;
}

const char *cg_diagram_kind_to_string(cg_diagram_kind k)
{
	return (int)k >= 0 && k < CG_DIAGRAM_COUNT ? diagram_names[k] : NULL;
}
