/* Tests of the layer-4 rules of round 7 (docs/REPORTS.md, "Layer 4",
 * "Round 7"): persons named with their name in another script, persons by
 * the cues of court filings, police releases and press releases, and the
 * ties and places of those styles. Each rule has text that must give an
 * entity or a tie and false friends that must not. Every name here is
 * invented. */
#include "nerfix.h"

#include <check.h>
#include <string.h>

/* Whether an entity of the graph has the property swift = code. */
static int swift_anywhere(const char *code)
{
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		cg_iter it = cg_entity_props(g, e);
		const char *n, *v;
		while (cg_iter_next_prop(g, &it, &n, &v))
			if (strcmp(n, "swift") == 0 && strcmp(v, code) == 0)
				return 1;
	}
	return 0;
}

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

/* Persons in the styles of court filings, police releases and sanctions
 * lists: "Defendant X", "the suspect X"; an age in parentheses ("X (44),")
 * or "a 41-year-old"; a persona in quotes with its comma inside ("posing as
 * \"Tyler Simms,\""), or after "a/k/a"; a Japanese surname makes a name
 * shape; "uses the name X"; DPRK romanisations of Korean surnames (Ro,
 * Pyon); "BYUN, Peter" is Peter Byun. */
START_TEST(persons_of_filings_releases_and_lists)
{
	import_text("# Notes\n\n"
	            "Defendant CORWIN ALDEN HASKETT operated the farm.\n\n"
	            "Defendants RO SONG HAK and CHOE KUM CHOL live abroad.\n\n"
	            "Police arrested ICHINOSE Mariko (38), a former clerk.\n\n"
	            "The house was rented by Garrett Wynn Osterhout, a 41-year-old driver.\n\n"
	            "Later, CHOE, posing as \"Tyler Simms,\" was hired.\n\n"
	            "The invoices were for work done by \"Sato Hiroki\", a persona.\n\n"
	            "He is a national who also uses the name Peter Vance.\n\n"
	            "Individual: PYON, Chang Ho (a.k.a. BYUN, Peter)\n",
	            0);
	HAS("person", "Corwin Alden Haskett");
	HAS("person", "Ro Song Hak");
	HAS("person", "Choe Kum Chol");
	HAS("person", "Ichinose Mariko");
	HAS("person", "Garrett Wynn Osterhout");
	HAS("person", "Tyler Simms");
	HAS("person", "Sato Hiroki");
	HAS("person", "Peter Byun");
	HAS("person", "Peter Vance");
	HAS("person", "Pyon Chang Ho");
	HASNT("person", "Chang Ho Pyon");
	HASNT("person", "Byun Peter");
	/* false friends: a footnote number, a number of units, a quoted product,
	 * a name of places, an object named */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Notes\n\n"
	            "The Harbor District Court (12) ruled on it.\n\n"
	            "Delivery went to Quarry Ridge (40) and Stone Bay (12) sites.\n\n"
	            "They used \"Blue Falcon,\" a remote tool.\n\n"
	            "The house, a 41-year-old building, stood empty.\n\n"
	            "The ship sails under the name Golden Dawn.\n",
	            0);
	ck_assert_uint_eq(count_type("person"), 0);
}
END_TEST

/* A pronoun of the other gender than the pronoun that stood for the
 * paragraph's person before stands for someone else: "he was recruited ...
 * her e-mails" does not make him the one who signed them. */
START_TEST(pronouns_keep_their_gender)
{
	cg_eid gar, cedar;

	import_text("# Notes\n\n"
	            "Garrett Osterhout, a 41-year-old driver, hosted laptops. Records show he was "
	            "recruited by Cedarline Remote Partners Inc., a staffing firm. Its president "
	            "is a woman who signed her e-mails as the director.\n\n"
	            "Dana Whitlock, a 35-year-old driver, hosted laptops. Records show she was "
	            "recruited by Pinebrook Remote Partners Inc., a staffing firm. Its "
	            "president is her.\n",
	            0);
	gar = must_find("person", "Garrett Osterhout");
	cedar = must_find("company", "Cedarline Remote Partners Inc.");
	ck_assert(link_of("director_of", gar, cedar) == CG_NO_LINK);
	ck_assert(link_of("director_of", must_find("person", "Dana Whitlock"),
	                  must_find("company", "Pinebrook Remote Partners Inc.")) != CG_NO_LINK);
}
END_TEST

/* A court filing's anonymous parties are no companies: a form followed by a
 * number or a single capital ("Victim Company 1", "Shell Company A"), or a
 * name of "victim" and a form. */
START_TEST(placeholder_parties_are_no_companies)
{
	import_text(
	    "# Notes\n\n"
	    "Victim Company 1 shipped a laptop. Shell Company A paid Victim Company 2.\n\n"
	    "The \"Victim Company\" numbering is the complaint's own.\n\n"
	    "Harbor Lane Company 7 Ltd. is no placeholder, nor is Orchid Trading Company.\n",
	    0);
	ck_assert_uint_eq(count_type("company"), 2);
	HAS("company", "Harbor Lane Company 7 Ltd.");
	HAS("company", "Orchid Trading Company");
}
END_TEST

/* Addresses of more countries: German floors ("2. OG") and "am Main",
 * Lithuanian "pr.", Thai "Soi", Turkish "Mahallesi" and "Caddesi" (a
 * quarter before its street starts the address); an address ends at a line
 * break before a field line; a street word that also names other things
 * (Court, Place) needs a number. */
START_TEST(addresses_of_more_countries_and_field_lines)
{
	import_text("# Notes\n\n"
	            "The firm is registered at Hafenstraße 17, 2. OG, 60327 Frankfurt am Main, "
	            "Germany.\n\n"
	            "Its office is at Konstitucijos pr. 21C-905, LT-08130 Vilnius, Lithuania.\n\n"
	            "The flat at 99/14 Soi Ari 4, Phaya Thai, Bangkok 10400 is rented.\n\n"
	            "The bank lists Maslak Mahallesi, Buyukdere Caddesi No. 255, Kat 14, 34398 "
	            "Sariyer/Istanbul.\n\n"
	            "Entity: LOTUS BRIDGE TRADING LLC\n"
	            "Address: House 22, Unit 9, Ban Phonthan Neua, Saysettha District, Vientiane\n"
	            "Capital, Laos\n"
	            "Tax Number - Laos: 0047 1182\n",
	            0);
	HAS("address", "Hafenstraße 17, 2. OG, 60327 Frankfurt am Main, Germany");
	HAS("address", "Konstitucijos pr. 21C-905, LT-08130 Vilnius, Lithuania");
	HAS("address", "99/14 Soi Ari 4, Phaya Thai, Bangkok 10400");
	HAS("address",
	    "Maslak Mahallesi, Buyukdere Caddesi No. 255, Kat 14, 34398 Sariyer/Istanbul");
	HAS("address",
	    "House 22, Unit 9, Ban Phonthan Neua, Saysettha District, Vientiane Capital, "
	    "Laos");
	ck_assert_uint_eq(count_type("address"), 5);
	/* false friends: a court in capitals, a square without a number, a
	 * quarter with no street after it */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Notes\n\n"
	            "**UNITED STATES DISTRICT COURT, DISTRICT OF MARYLAND (fictional)**\n\n"
	            "They met at Market Place, Harbor District, on Monday.\n\n"
	            "He lived in Maslak Mahallesi, Istanbul, for a year.\n",
	            0);
	ck_assert_uint_eq(count_type("address"), 0);
}
END_TEST

/* An address apposed to the party before it ("X UAB, at ADDRESS, employs
 * Y") is that party's: the party after it is not located there. */
START_TEST(an_apposed_address_belongs_to_the_party_before)
{
	cg_eid loop, abenov, addr;

	import_text("# Notes\n\n"
	            "Baltic Loop Services UAB, at Konstitucijos pr. 21C-905, LT-08130 Vilnius, "
	            "Lithuania, employs Nurlan Serikovich Abenov as a manager.\n",
	            0);
	loop = must_find("company", "Baltic Loop Services UAB");
	abenov = must_find("person", "Nurlan Serikovich Abenov");
	addr = must_find("address", "Konstitucijos pr. 21C-905, LT-08130 Vilnius, Lithuania");
	ck_assert(link_of("registered_at", loop, addr) != CG_NO_LINK);
	ck_assert(link_of("located_in", abenov, addr) == CG_NO_LINK);
}
END_TEST

/* A registry dossier: a title line of a company with where it is
 * registered in parentheses, between rulers, is the subject of the field
 * lines under it; "Former name:", "Chinese name:", "Trading name:", "Doing
 * business as:" give that company other names (aliases, not companies of
 * their own); a country in parentheses after a company is no alias. */
START_TEST(field_lines_give_the_subject_other_names)
{
	cg_eid kes, chen;

	import_text("=====================================\n"
	            "1. KESTREL HARBOUR TECHNOLOGIES LTD (United Kingdom)\n"
	            "=====================================\n\n"
	            "Company number:      14820037\n"
	            "Registered office:   Unit 12, Calder Works, 9 Fenwick Row, Leeds, LS9 8QT\n"
	            "Former name:         KESTREL HARBOUR TRADING LTD (until 2023)\n"
	            "Chinese name:        凯斯特港科技有限公司\n"
	            "Trading name:        KH Dev Studio\n"
	            "Director:            CHEN Weilin\n",
	            0);
	kes = must_find("company", "KESTREL HARBOUR TECHNOLOGIES LTD");
	chen = must_find("person", "Chen Weilin");
	ck_assert(has_alias(kes, "KESTREL HARBOUR TRADING LTD"));
	ck_assert(has_alias(kes, "凯斯特港科技有限公司"));
	ck_assert(has_alias(kes, "KH Dev Studio"));
	ck_assert(!has_alias(kes, "United Kingdom"));
	ck_assert_uint_eq(count_type("company"), 1);
	ck_assert(link_of("director_of", chen, kes) != CG_NO_LINK);
	ck_assert(
	    link_of("registered_at", kes,
	            must_find("address", "Unit 12, Calder Works, 9 Fenwick Row, Leeds, LS9 8QT")) !=
	    CG_NO_LINK);
	/* false friends: a label of someone else's name, a company name field
	 * in a list of several companies, a parenthesis that is an alias */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Notes\n\n"
	            "Orchid Lane Trading Ltd (Orchid Lane) pays. Its files list:\n\n"
	            "Registrant name: Tallow Bay Services LLC\n"
	            "Company name: Pinecrest Ledger Services LLC\n",
	            0);
	ck_assert(has_alias(must_find("company", "Orchid Lane Trading Ltd"), "Orchid Lane"));
	must_find("company", "Tallow Bay Services LLC");
	must_find("company", "Pinecrest Ledger Services LLC");
}
END_TEST

/* Ties of round 7 that a careful reader would not draw: a person between
 * two companies takes the ownership cue ("Its founder is X, who also
 * founded Y LLC"), and "its" at the start keeps the paragraph's company;
 * an address after another party is that party's; "a manager named X and
 * the address Y" lists them; a registered agent is no owner; an
 * engineering manager is staff; a form before a quotation is no company. */
START_TEST(ties_round7_cues_belong_to_the_nearer_party)
{
	cg_eid vostok, tikho, oleg, steppe, abenov, addr, kara, north, derek, strata, chao, harb;

	import_text(
	    "# Notes\n\n"
	    "Vostok Kompas LLC is in Ussuriysk. Its founder is Oleg Dyachenko, who also "
	    "founded Tikhookean Logistika LLC in Vladivostok. The company's account is "
	    "40702810400000920184 at Ussuri Commercial Bank LLC.\n\n"
	    "Steppe Axis Consulting LLP is registered at 77 Dostyk Avenue, office 410, Almaty "
	    "050010, Kazakhstan, and is wholly owned by Nurlan Abenov.\n\n"
	    "Records list a manager named Selim Korkmazer and the address 12 Harbor Street, "
	    "Izmir 35210, Turkey.\n\n"
	    "Kara Whitcomb, who rents the house, is listed as the registered agent of "
	    "Northwind Talent Bridge LLC.\n\n"
	    "Derek Ashby, engineering manager at Stratacore Dynamics Inc., answered.\n\n"
	    "Qingyun Bamboo Co., Ltd. is registered at Unit 1502, 15/F, Hengqin Tower, No. 33 "
	    "Huandao Road, Zhuhai 519031, and its director is Liang Zhiyuan.\n\n"
	    "The LLC \"has no employees from the DPRK\", it said.\n\n"
	    "Chaophraya Nexus Co., Ltd. is owned by Supaporn Kittikhun (49%) and by "
	    "Harbourlight Ventures Limited (51%).\n",
	    0);
	vostok = must_find("company", "Vostok Kompas LLC");
	tikho = must_find("company", "Tikhookean Logistika LLC");
	oleg = must_find("person", "Oleg Dyachenko");
	ck_assert(link_of("owns", oleg, vostok) != CG_NO_LINK);
	ck_assert(link_of("owns", oleg, tikho) != CG_NO_LINK);
	ck_assert(link_of("owns", tikho, vostok) == CG_NO_LINK);
	ck_assert(link_of("holds_account", vostok,
	                  must_find("bank_account", "40702810400000920184")) != CG_NO_LINK);
	ck_assert(link_of("holds_account", tikho,
	                  must_find("bank_account", "40702810400000920184")) == CG_NO_LINK);
	steppe = must_find("company", "Steppe Axis Consulting LLP");
	abenov = must_find("person", "Nurlan Abenov");
	addr = must_find("address", "77 Dostyk Avenue, office 410, Almaty 050010, Kazakhstan");
	ck_assert(link_of("registered_at", steppe, addr) != CG_NO_LINK);
	ck_assert(link_of("owns", abenov, steppe) != CG_NO_LINK);
	ck_assert(link_of("located_in", abenov, addr) == CG_NO_LINK);
	ck_assert_uint_eq(count_links("located_in"), 0);
	kara = must_find("person", "Kara Whitcomb");
	north = must_find("company", "Northwind Talent Bridge LLC");
	ck_assert(link_of("owns", kara, north) == CG_NO_LINK);
	derek = must_find("person", "Derek Ashby");
	strata = must_find("company", "Stratacore Dynamics Inc.");
	ck_assert(link_of("employee_of", derek, strata) != CG_NO_LINK);
	ck_assert(link_of("director_of", derek, strata) == CG_NO_LINK);
	HASNT("company", "LLC \"has no employees from the DPRK\"");
	ck_assert(link_of("owns", must_find("person", "Liang Zhiyuan"),
	                  must_find("company", "Qingyun Bamboo Co., Ltd.")) == CG_NO_LINK);
	ck_assert(link_of("director_of", must_find("person", "Liang Zhiyuan"),
	                  must_find("company", "Qingyun Bamboo Co., Ltd.")) != CG_NO_LINK);
	chao = must_find("company", "Chaophraya Nexus Co., Ltd.");
	harb = must_find("company", "Harbourlight Ventures Limited");
	ck_assert(link_of("owns", harb, chao) != CG_NO_LINK);
	ck_assert(link_of("owns", must_find("person", "Supaporn Kittikhun"), chao) != CG_NO_LINK);
}
END_TEST

/* Tables of accounts: an AsciiDoc row written a cell per line is read as
 * one row (its company holds its account), and a cell of a SWIFT or BIC
 * column is a SWIFT code without the word before it, in AsciiDoc and in
 * Markdown; a code-shaped word in another column is none. */
START_TEST(swift_columns_and_asciidoc_rows_a_cell_per_line)
{
	cg_eid steppe, nord;

	import_text("= Advisory\n\n"
	            "[cols=\"3,3,2,3\",options=\"header\"]\n"
	            "|===\n"
	            "|Company |Account (IBAN) |SWIFT |Bank\n\n"
	            "|Steppe Axis Consulting LLP\n"
	            "|KZ19 555A 0000 8431 7092\n"
	            "|QZKAKZKA\n"
	            "|Kokzhiek Trade Bank JSC\n\n"
	            "|Nordlicht Softwaredienste GmbH\n"
	            "|DE23 1209 5555 0742 6183 90\n"
	            "|QZFRDEFFXXX\n"
	            "|Amberline Payments UAB\n"
	            "|===\n\n"
	            "| Company | Account | BIC | Ref |\n"
	            "|---|---|---|---|\n"
	            "| Tallpine Trading Ltd | GB33BUKB20201555555555 | QZGBGB2LXXX | QZUSUS33 |\n",
	            0);
	steppe = must_find("company", "Steppe Axis Consulting LLP");
	nord = must_find("company", "Nordlicht Softwaredienste GmbH");
	ck_assert(link_of("holds_account", steppe,
	                  must_find("bank_account", "KZ19555A000084317092")) != CG_NO_LINK);
	ck_assert(link_of("holds_account", nord,
	                  must_find("bank_account", "DE23120955550742618390")) != CG_NO_LINK);
	ck_assert(link_of("holds_account", steppe,
	                  must_find("bank_account", "DE23120955550742618390")) == CG_NO_LINK);
	ck_assert(swift_anywhere("QZKAKZKA"));
	ck_assert(swift_anywhere("QZFRDEFFXXX"));
	ck_assert(swift_anywhere("QZGBGB2LXXX"));
	ck_assert(!swift_anywhere("QZUSUS33"));
}
END_TEST

/* Account numbers near a bank's name: written in groups ("number 7700
 * 3195 2284", before the phone rule can take it), seven digits right after
 * "account No." (Japanese accounts), "account ..., number N" further from
 * the word; a credit union is a bank (a company, never the holder); "X
 * opened account N in the name of Y": Y holds it. False friends: the tail
 * of an IBAN in groups cut by a line break, a phone number after "phone
 * number", four digits. */
START_TEST(account_numbers_in_groups_and_short)
{
	cg_eid bright, farrow, harbor, acct;

	import_text("# Notes\n\n"
	            "Pinecrest's account at Bluewater Plains Bank, number 7700 3195 2284, received "
	            "funds.\n\n"
	            "He opened ordinary deposit account No. 4081735 at Sakuramon Shinkin Bank.\n\n"
	            "Defendant MELODY ANN FARROW opened a business checking account, number "
	            "000432187760, in the name of Brightwater Staffing Group LLC at Harborline "
	            "Federal Credit Union.\n\n"
	            "Harborline Federal Credit Union opened account 5550 1234 9876 in May.\n",
	            0);
	must_find("bank_account", "770031952284");
	ck_assert_uint_eq(count_type("phone"), 0);
	must_find("bank_account", "4081735");
	acct = must_find("bank_account", "000432187760");
	bright = must_find("company", "Brightwater Staffing Group LLC");
	farrow = must_find("person", "Melody Ann Farrow");
	harbor = must_find("company", "Harborline Federal Credit Union");
	ck_assert(link_of("holds_account", bright, acct) != CG_NO_LINK);
	ck_assert(link_of("holds_account", farrow, acct) == CG_NO_LINK);
	ck_assert(link_of("holds_account", harbor, acct) == CG_NO_LINK);
	ck_assert_uint_eq(count_links("holds_account"), 1); /* Harborline holds none */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Notes\n\n"
	            "The company banks with Albion Quay Bank plc, account GB81 QWXB 2164 7786\n"
	            "3644 18, BIC QWXBGB2L.\n\n"
	            "Call the account manager at Wind River Bank, phone number 0155 5012 3456.\n\n"
	            "The account No. 4081 was closed at Wind River Bank.\n",
	            0);
	ck_assert_uint_eq(count_type("bank_account"), 0);
}
END_TEST

/* More persons of round 7: a byline of names joined by "and" ("By X and Y
 * | Paper"); "Its ROLE until 2025 was X"; a table row whose next cell is
 * the role ("| FENWOLD, Marcus Idris | Director |"); a person in a relative
 * clause after "registered by ..." neither owns the company nor registered
 * the domain. */
START_TEST(persons_round7_bylines_roles_and_relatives)
{
	cg_eid nord, jens, cedar, lena;

	import_text(
	    "*By Tessaly Brandt and Omar Vantreese | The Ledger Review | 9 March 2026*\n\n"
	    "Nordlicht Softwaredienste GmbH is in Frankfurt. Its managing director until 2025 "
	    "was Jens-Ulrich Brammer; since then it has had none.\n\n"
	    "| Officer | Role | Appointed |\n"
	    "|---|---|---|\n"
	    "| FENWOLD, Marcus Idris | Director | 02 Mar 2021 |\n\n"
	    "Cedarline Remote Partners Inc. pays. The company's domain, cedarline.example, "
	    "was registered by the same e-mail address that Lena Marchetti used.\n",
	    0);
	HAS("person", "Tessaly Brandt");
	HAS("person", "Omar Vantreese");
	HAS("person", "Marcus Idris Fenwold");
	nord = must_find("company", "Nordlicht Softwaredienste GmbH");
	jens = must_find("person", "Jens-Ulrich Brammer");
	ck_assert(link_of("director_of", jens, nord) != CG_NO_LINK);
	cedar = must_find("company", "Cedarline Remote Partners Inc.");
	lena = must_find("person", "Lena Marchetti");
	ck_assert(link_of("owns", lena, cedar) == CG_NO_LINK);
	ck_assert(link_of("registrant_of", lena, must_find("domain", "cedarline.example")) ==
	          CG_NO_LINK);
	/* false friends: a byline with the paper after a comma, a client */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("*By Grace Holloway, Northern Ledger | March 3, 2025*\n\n"
	            "Its biggest client until 2025 was Harbor Lane Holdings.\n",
	            0);
	HASNT("person", "Northern Ledger");
	HASNT("person", "Harbor Lane Holdings");
}
END_TEST

/* Wallets are tied like e-mails: a party before its wallet with a cue
 * between ("used the Bitcoin address", "controls the deposit address"), a
 * wallet before its party with "controlled by", "attributed to" ...; a
 * party between takes the cue ("X paid Y Ltd, whose wallet is W"). With
 * no cue there is no tie at all (no mentioned_with). */
START_TEST(wallets_are_used_by_the_party_the_sentence_says)
{
	cg_eid ro, ri, kim, harbor, kovra, w1, w2, w3;

	import_text(
	    "# Notes\n\n"
	    "Defendant RO SONG HAK used the Bitcoin address 1N9MHeENoUigTjAHeNbB23jayhPTr4yneg "
	    "to pay rent.\n\n"
	    "The address TSPdzwjnLRcovhxEoskPvJYgJuqwtsQfen is controlled by Ri Yong Ho, a DPRK "
	    "national.\n\n"
	    "Kim Chol Jin paid Harbor Lane Trading Ltd, whose wallet is "
	    "TTonyPbhEWuJMqJahUUozBnWTPMUW64eGB.\n\n"
	    "Kovra Exchange Ltd. froze 1N9MHeENoUigTjAHeNbB23jayhPTr4yneg in May.\n",
	    0);
	ro = must_find("person", "Ro Song Hak");
	ri = must_find("person", "Ri Yong Ho");
	kim = must_find("person", "Kim Chol Jin");
	harbor = must_find("company", "Harbor Lane Trading Ltd");
	kovra = must_find("company", "Kovra Exchange Ltd.");
	w1 = must_find("wallet", "1N9MHeENoUigTjAHeNbB23jayhPTr4yneg");
	w2 = must_find("wallet", "TSPdzwjnLRcovhxEoskPvJYgJuqwtsQfen");
	w3 = must_find("wallet", "TTonyPbhEWuJMqJahUUozBnWTPMUW64eGB");
	ck_assert(link_of("uses", ro, w1) != CG_NO_LINK);
	ck_assert(link_of("uses", ri, w2) != CG_NO_LINK);
	ck_assert(link_of("uses", harbor, w3) != CG_NO_LINK);
	ck_assert(link_of("uses", kim, w3) == CG_NO_LINK);
	ck_assert(link_of("uses", kovra, w1) == CG_NO_LINK);
	/* a wallet is tied by a cue only, never mentioned_with */
	ck_assert(link_of("mentioned_with", kovra, w1) == CG_NO_LINK);
}
END_TEST

/* A registry's officers aligned by blanks under a company's title: the
 * next cell after a name is its role ("FENWOLD, Marcus Idris     Director
 * appointed ..."), so the name is a person who holds that role in the
 * titled company. A header row of capitalised column names is no person. */
START_TEST(officers_aligned_by_blanks_under_a_title)
{
	cg_eid kes;

	import_text("1. KESTREL HARBOUR TECHNOLOGIES LTD (United Kingdom)\n\n"
	            "Company number:      14820037\n"
	            "Officers:\n"
	            "  FENWOLD, Marcus Idris     Director    appointed 02 Mar 2021\n"
	            "  CHEN, Weilin              Director    appointed 05 Feb 2024\n\n"
	            "Domain                  Created     Registrant            Organisation\n",
	            0);
	kes = must_find("company", "KESTREL HARBOUR TECHNOLOGIES LTD");
	ck_assert(link_of("director_of", must_find("person", "Marcus Idris Fenwold"), kes) !=
	          CG_NO_LINK);
	ck_assert(link_of("director_of", must_find("person", "Chen Weilin"), kes) != CG_NO_LINK);
	ck_assert_uint_eq(count_type("person"), 2);
}
END_TEST

/* Ties of round 7 across coordination and short names: "X and Y are
 * employed by Z" ties both (not an anaphor: "its director"); a ';' inside
 * parentheses ("X (한광명; Хан Гван Мён), who lives at ...") does not end
 * the clause; a company's short name defined in parentheses names it later
 * ("Sandgrove is wholly owned by X", "Sandgrove's account"); "hired by Y
 * through X": X is no employer. */
START_TEST(ties_round7_coordination_and_short_names)
{
	cg_eid ri, ko, yanji, han, sand, pyon, bright, tyler, bank;

	import_text(
	    "# Notes\n\n"
	    "Yanji Baishan Information Technology Co., Ltd. is in Yanji. RI Chung Hyok "
	    "(리충혁) and KO Un Jong (고은정) are employed by Yanji Baishan Information "
	    "Technology Co., Ltd. as testers.\n\n"
	    "His representative is HAN Kwang Myong (한광명; Хан Гван Мён), who lives at ul. "
	    "Chicherina 21, apt. 44, Ussuriysk, 692500.\n\n"
	    "Sandgrove Digital Trading L.L.C. (Sandgrove) is a Dubai company. Sandgrove is "
	    "wholly owned by Pyon Chang Ho, a DPRK national.\n\n"
	    "Brightwater Staffing Group LLC (\"Brightwater\") pays. Later, CHOE, posing as "
	    "\"Tyler Simms,\" was hired by a client as a developer through Brightwater.\n\n"
	    "Stonebridge Codeworks Ltd paid through its account at Harbourfront Commerce "
	    "Bank, and its director Chan Siu Fung signed.\n",
	    0);
	ri = must_find("person", "Ri Chung Hyok");
	ko = must_find("person", "Ko Un Jong");
	yanji = must_find("company", "Yanji Baishan Information Technology Co., Ltd.");
	ck_assert(link_of("employee_of", ri, yanji) != CG_NO_LINK);
	ck_assert(link_of("employee_of", ko, yanji) != CG_NO_LINK);
	han = must_find("person", "Han Kwang Myong");
	ck_assert(link_of("located_in", han,
	                  must_find("address", "ul. Chicherina 21, apt. 44, Ussuriysk, 692500")) !=
	          CG_NO_LINK);
	sand = must_find("company", "Sandgrove Digital Trading L.L.C.");
	pyon = must_find("person", "Pyon Chang Ho");
	ck_assert(link_of("owns", pyon, sand) != CG_NO_LINK);
	bright = must_find("company", "Brightwater Staffing Group LLC");
	tyler = must_find("person", "Tyler Simms");
	ck_assert(link_of("employee_of", tyler, bright) == CG_NO_LINK);
	bank = must_find("company", "Harbourfront Commerce Bank");
	ck_assert(link_of("director_of", must_find("person", "Chan Siu Fung"), bank) == CG_NO_LINK);
}
END_TEST

/* The publisher's own e-mail when its domain hyphenates the publisher's
 * words in order ("ashgrove-labs" of "Ashgrove Threat Labs") is a
 * reference, not an indicator; a look-alike with other words, or a short
 * first part, stays an indicator. */
START_TEST(publisher_domains_of_hyphenated_words)
{
	import_text("---\ntitle: Notes\npublisher: Ashgrove Threat Labs\n---\n\n"
	            "Corrections to this post: research@ashgrove-labs.example. The lure came from "
	            "alerts@ashgrove-labs-verify.example and info@ash-labs.example.\n",
	            0);
	HASNT("email", "research@ashgrove-labs.example");
	HAS("email", "alerts@ashgrove-labs-verify.example");
	HAS("email", "info@ash-labs.example");
}
END_TEST

static Suite *ner7_suite(void)
{
	Suite *s = suite_create("report_ner7");
	TCase *tc = tcase_create("round7");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, persons_with_their_name_in_another_script);
	tcase_add_test(tc, persons_of_filings_releases_and_lists);
	tcase_add_test(tc, pronouns_keep_their_gender);
	tcase_add_test(tc, placeholder_parties_are_no_companies);
	tcase_add_test(tc, addresses_of_more_countries_and_field_lines);
	tcase_add_test(tc, an_apposed_address_belongs_to_the_party_before);
	tcase_add_test(tc, field_lines_give_the_subject_other_names);
	tcase_add_test(tc, ties_round7_cues_belong_to_the_nearer_party);
	tcase_add_test(tc, swift_columns_and_asciidoc_rows_a_cell_per_line);
	tcase_add_test(tc, account_numbers_in_groups_and_short);
	tcase_add_test(tc, persons_round7_bylines_roles_and_relatives);
	tcase_add_test(tc, wallets_are_used_by_the_party_the_sentence_says);
	tcase_add_test(tc, officers_aligned_by_blanks_under_a_title);
	tcase_add_test(tc, ties_round7_coordination_and_short_names);
	tcase_add_test(tc, publisher_domains_of_hyphenated_words);
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
