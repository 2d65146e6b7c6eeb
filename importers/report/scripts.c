/* Layer 4 of the report importer: names written in another script than
 * Latin (docs/REPORTS.md, "Layer 4", round 7). A report that romanises a
 * Korean, Chinese, Japanese or Russian name often gives the name in its
 * own script in parentheses after it ("CHOE Song Il (최성일)", "Jin Meihua
 * (金美花)", "Tatyana Sergeyevna Moroz (Татьяна Сергеевна Мороз)"): this file
 * says whether a run of text has the shape of such a name, so that persons.c
 * can take it as the person's alias. Place and company names in those
 * scripts are refused by their endings (市, 路, 有限公司 ...) or by their
 * lower-case words (Приморский край). */
#include "report_internal.h"

/* Decodes the UTF-8 character at p[*i] (valid UTF-8: the line was checked),
 * advancing *i; a stray byte decodes as itself. */
static uint32_t utf8_next(const char *p, uint32_t *i, uint32_t e)
{
	uint32_t c = UC(p, *i), n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	uint32_t u = n == 3 ? c & 0x07 : n == 2 ? c & 0x0F : n == 1 ? c & 0x1F : c;

	(*i)++;
	for (; n && *i < e && (UC(p, *i) & 0xC0) == 0x80; n--)
		u = (u << 6) | (UC(p, (*i)++) & 0x3F);
	return u;
}

/* Han characters that end names of places and organisations, not of
 * persons: city, province, district, county, road, street, company, bank,
 * society, group, bureau, institute, department, office, river, mountain,
 * building, port, island, town, shop, factory, country. */
static const uint32_t han_place_ends[] = {
    0x53F8 /* 司 */, 0x5E02 /* 市 */, 0x7701 /* 省 */, 0x533A /* 区 */, 0x5340 /* 區 */,
    0x53BF /* 县 */, 0x7E23 /* 縣 */, 0x8DEF /* 路 */, 0x8857 /* 街 */, 0x9053 /* 道 */,
    0x9547 /* 镇 */, 0x93AE /* 鎮 */, 0x6751 /* 村 */, 0x884C /* 行 */, 0x4F1A /* 会 */,
    0x6703 /* 會 */, 0x793E /* 社 */, 0x56E2 /* 团 */, 0x5718 /* 團 */, 0x5C40 /* 局 */,
    0x9662 /* 院 */, 0x90E8 /* 部 */, 0x6240 /* 所 */, 0x5385 /* 厅 */, 0x5EF3 /* 廳 */,
    0x5DDE /* 州 */, 0x56FD /* 国 */, 0x570B /* 國 */, 0x6C5F /* 江 */, 0x6CB3 /* 河 */,
    0x5C71 /* 山 */, 0x697C /* 楼 */, 0x6A13 /* 樓 */, 0x6E2F /* 港 */, 0x5C9B /* 岛 */,
    0x5CF6 /* 島 */, 0x57CE /* 城 */, 0x5E97 /* 店 */, 0x5382 /* 厂 */, 0x5EE0 /* 廠 */,
    0x9928 /* 館 */, 0x9986 /* 馆 */, 0x6821 /* 校 */, 0x5B66 /* 学 */, 0x5B78 /* 學 */,
};

int native_name(const char *p, uint32_t s, uint32_t e)
{
	int script = 0, start = 1;
	uint32_t chars = 0, words = 0, last = 0;

	while (s < e && p[s] == ' ')
		s++;
	while (e > s && p[e - 1] == ' ')
		e--;
	if (s == e || e - s > 64)
		return NATIVE_NONE;
	for (uint32_t i = s; i < e;) {
		uint32_t u;
		int k;
		if (p[i] == ' ') {
			if (script != NATIVE_CYRILLIC)
				return NATIVE_NONE; /* a Hangul or Han name is one word */
			start = 1;
			i++;
			continue;
		}
		u = utf8_next(p, &i, e);
		k = u >= 0xAC00 && u <= 0xD7A3   ? NATIVE_HANGUL
		    : u >= 0x4E00 && u <= 0x9FFF ? NATIVE_HAN
		    : u >= 0x0400 && u <= 0x04FF ? NATIVE_CYRILLIC
		                                 : NATIVE_NONE;
		if (k == NATIVE_NONE || (script && k != script))
			return NATIVE_NONE;
		script = k;
		if (k == NATIVE_CYRILLIC) {
			/* a word starts with a capital (А-Я, Ё ...), lower case after */
			int upper = (u >= 0x0410 && u <= 0x042F) || (u >= 0x0400 && u <= 0x040F);
			if (upper != start)
				return NATIVE_NONE;
			words += start;
			start = 0;
		} else
			chars++;
		last = u;
	}
	if (script == NATIVE_CYRILLIC)
		return words >= 2 && words <= 4 ? script : NATIVE_NONE;
	if (chars < 2 || chars > 4)
		return NATIVE_NONE;
	if (script == NATIVE_HAN)
		for (size_t k = 0; k < NELEM(han_place_ends); k++)
			if (last == han_place_ends[k])
				return NATIVE_NONE;
	return script;
}
