/* Tests of the layer-4 rules of round 7 (docs/REPORTS.md, "Layer 4",
 * "Round 7"): persons named with their name in another script, persons by
 * the cues of court filings, police releases and press releases, and the
 * ties and places of those styles. Each rule has text that must give an
 * entity or a tie and false friends that must not. Every name here is
 * invented. */
#include "nerfix.h"

#include <check.h>
#include <string.h>

/* A Latin name with its name in another script in parentheses after it is
 * a person, whatever else the sentence says, and the other script (and
 * ", also spelled X") are its aliases: Hangul after a Korean surname, Han
 * characters after an East Asian surname or a surname in capitals,
 * Cyrillic with as many words as the Latin name. */
START_TEST(persons_with_their_name_in_another_script)
{
	cg_eid choe, han, hoshi, moroz;

	import_text("# Notes\n\n"
	            "The office is run by CHOE Song Il (최성일), also spelled Choi Sung-il in "
	            "visa records.\n\n"
	            "Payments reached HAN Kwang Myong (한광명; Хан Гван Мён) in May.\n\n"
	            "HOSHIKAWA Kenji (星川健二) rented the flat.\n\n"
	            "Letters came from Tatyana Moroz (Татьяна Мороз) twice.\n",
	            0);
	choe = must_find("person", "Choe Song Il");
	ck_assert(has_alias(choe, "최성일"));
	ck_assert(has_alias(choe, "Choi Sung-il"));
	han = must_find("person", "Han Kwang Myong");
	ck_assert(has_alias(han, "한광명") && has_alias(han, "Хан Гван Мён"));
	hoshi = must_find("person", "Hoshikawa Kenji");
	ck_assert(has_alias(hoshi, "星川健二"));
	moroz = must_find("person", "Tatyana Moroz");
	ck_assert(has_alias(moroz, "Татьяна Мороз"));
	ck_assert_uint_eq(count_type("person"), 4);
	/* false friends: places and a newspaper with their own script, a
	 * company with its Russian form, a Cyrillic phrase in lower case */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Notes\n\n"
	            "The flat is in Shenyang Beiling (沈阳北陵) near the park.\n\n"
	            "The story ran in Paektu Sinbo (백두신보) last year.\n\n"
	            "Goods went to Primorsky Krai (Приморский край) by rail.\n\n"
	            "Vostok Kompas LLC (ООО «Восток Компас») paid.\n\n"
	            "Trains leave Dandong Station (丹东站) and Tumen Port (图们港) daily.\n",
	            0);
	ck_assert_uint_eq(count_type("person"), 0);
}
END_TEST

static Suite *ner7_suite(void)
{
	Suite *s = suite_create("report_ner7");
	TCase *tc = tcase_create("round7");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, persons_with_their_name_in_another_script);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ner7_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
