/* Tests of layer 4 of the report importer (importers/report/ner.c,
 * companies.c, persons.c, places.c, ties.c; docs/REPORTS.md, "Layer 4"):
 * companies by legal form with aliases, persons by cue and name shape,
 * addresses, national phone numbers, bank accounts and SWIFT codes, and the
 * ties a sentence states, with their evidence, confidence and line. Each
 * rule has sentences that must give an entity or a tie and false friends
 * that must not. Every name here is invented. */
#include "nerfix.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(companies_by_legal_form_with_aliases)
{
	import_text("Records show that Shenyang Jinda Trading Co., Ltd. (formerly Liaoning Jinda\n"
	            "Technology LLC) paid the invoices.\n\n"
	            "Payments also went to Blue Harbor Holdings FZE, also known as Blue Harbour\n"
	            "General Trading, and to OOO \"Vostok Logistika\".\n\n"
	            "The contracts name Korea Sobaeksu Trading Company and Hanil Tech Pte. Ltd. as "
	            "buyers.\n\n"
	            "Its sister firm 沈阳金达贸易有限公司 kept the books.\n",
	            0);
	cg_eid jinda = find("company", "Shenyang Jinda Trading Co., Ltd.");
	ck_assert(jinda != CG_NO_ENTITY);
	ck_assert(has_alias(jinda, "Liaoning Jinda Technology LLC"));
	HASNT("company", "Liaoning Jinda Technology LLC"); /* an alias is the same company */
	ck_assert(
	    has_alias(find("company", "Blue Harbor Holdings FZE"), "Blue Harbour General Trading"));
	HAS("company", "OOO \"Vostok Logistika\"");
	HAS("company", "Korea Sobaeksu Trading Company");
	HAS("company", "Hanil Tech Pte. Ltd.");
	HAS("company", "沈阳金达贸易有限公司");
	ck_assert_uint_eq(count_type("company"), 6);
}
END_TEST

START_TEST(company_false_friends)
{
	import_text("## Front Company Overview\n\n"
	            "We wrote to Ocean Pearl Ltd. The analysts found nothing else.\n\n"
	            "The company and its Trading Company staff used Microsoft Office.\n\n"
	            "A China-based Star Light Co. shipped parts.\n",
	            0);
	HAS("company", "Ocean Pearl Ltd.");
	HAS("company", "Star Light Co.");
	ck_assert_uint_eq(count_type("company"), 2);
	ck_assert_uint_eq(count_type("person"), 0);
}
END_TEST

START_TEST(persons_by_cue_and_name_shape)
{
	import_text("Its director, Wang Xiaoming, signed the lease.\n\n"
	            "The notice lists KIM, Chol Jin and Pak Il-song.\n\n"
	            "Funds moved through Ivan Petrovich Sidorov in 2022.\n\n"
	            "Researchers identified Daniel Morrow as the registrant.\n\n"
	            "Later, Kim opened a second account.\n",
	            0);
	HAS("person", "Wang Xiaoming");
	HAS("person", "Kim Chol Jin");
	HAS("person", "Pak Il-song");
	HAS("person", "Ivan Petrovich Sidorov");
	HAS("person", "Daniel Morrow");
	ck_assert_uint_eq(count_type("person"), 5); /* "Kim" alone is Kim Chol Jin */
}
END_TEST

START_TEST(person_false_friends)
{
	import_text("# Kim Chol Jin Network\n\n"
	            "Staff in Hong Kong met at Park Avenue before the Jade Sleet campaign.\n\n"
	            "Microsoft Teams and Visual Studio Code were used by Global Tech Partners.\n\n"
	            "Long Beach and Wang Street are places.\n",
	            0);
	ck_assert_uint_eq(count_type("person"), 0);
}
END_TEST

START_TEST(addresses_phones_and_accounts)
{
	import_text("The firm sits at Room 1006-25, Building A1, No. 11, Hunnan Street, Hunnan\n"
	            "District, Shenyang, China. Its phone number is 024-2345-6789.\n\n"
	            "A second office is at 1234 Elm Street, Suite 200, Springfield, IL 62704 and\n"
	            "another at 12, Teheran-ro 45-gil, Gangnam-gu, Seoul.\n\n"
	            "Wire the funds to account 6222021001012345678 at the Bank of Dandong (SWIFT:\n"
	            "BODDCNBJ).\n\n"
	            "In Room 101, they found nothing; version 2023-10-12 was the phone model.\n",
	            0);
	HAS("address", "Room 1006-25, Building A1, No. 11, Hunnan Street, Hunnan District, "
	               "Shenyang, China");
	HAS("address", "1234 Elm Street, Suite 200, Springfield, IL 62704");
	HAS("address", "12, Teheran-ro 45-gil, Gangnam-gu, Seoul");
	ck_assert_uint_eq(count_type("address"), 3);
	HAS("phone", "+862423456789");
	ck_assert_uint_eq(count_type("phone"), 1);
	cg_eid acct = find("bank_account", "6222021001012345678");
	ck_assert(acct != CG_NO_ENTITY);
	ck_assert_str_eq(cg_entity_prop(g, acct, "bank"), "Bank of Dandong");
	ck_assert_str_eq(cg_entity_prop(g, acct, "swift"), "BODDCNBJ");
	ck_assert_str_eq(cg_entity_prop(g, find("organization", "Bank of Dandong"), "swift"),
	                 "BODDCNBJ");
}
END_TEST

START_TEST(typed_ties_carry_evidence_confidence_and_line)
{
	import_text(
	    "# Notes\n\n"
	    "Kim Chol Jin, a North Korean national, is the owner of Pyongsong Star Trading\n"
	    "Company. Shenyang Jinda Trading Co., Ltd. (jinda-tech[.]example) is registered at\n"
	    "Room 5, Building 2, Hunnan District, Shenyang.\n\n"
	    "Wang Xiaoming, the director of Dalian Ocean Pearl Ltd., registered the domain\n"
	    "pearl-hr[.]example with the e-mail wang.xm[@]mailbox[.]example.\n",
	    0);
	cg_eid kim = find("person", "Kim Chol Jin"),
	       star = find("company", "Pyongsong Star Trading Company");
	cg_eid jinda = find("company", "Shenyang Jinda Trading Co., Ltd.");
	cg_eid wang = find("person", "Wang Xiaoming"),
	       pearl = find("company", "Dalian Ocean Pearl Ltd.");
	cg_lid l = link_of("owns", kim, star);
	ck_assert(l != CG_NO_LINK);
	ck_assert_str_eq(link_prop(l, "confidence"), "high");
	ck_assert_str_eq(link_prop(l, "evidence"), "Kim Chol Jin, a North Korean national, is the "
	                                           "owner of Pyongsong Star Trading Company.");
	ck_assert_int_eq(link_line(l), 3);
	ck_assert(link_of("uses", jinda, find("domain", "jinda-tech.example")) != CG_NO_LINK);
	l = link_of("registered_at", jinda,
	            find("address", "Room 5, Building 2, Hunnan District, Shenyang"));
	ck_assert(l != CG_NO_LINK);
	ck_assert_int_eq(link_line(l), 4);
	ck_assert(link_of("director_of", wang, pearl) != CG_NO_LINK);
	ck_assert(link_of("registrant_of", wang, find("domain", "pearl-hr.example")) != CG_NO_LINK);
	ck_assert(link_of("uses", wang, find("email", "wang.xm@mailbox.example")) != CG_NO_LINK);
	/* no tie across sentences at the default confidence */
	ck_assert(link_of("mentioned_with", kim, jinda) == CG_NO_LINK);
}
END_TEST

START_TEST(untyped_ties_by_confidence_and_none_when_denied)
{
	static const char text[] =
	    "Wang Xiaoming met Kim Chol Jin in Dandong. Hanil Tech Pte. Ltd. paid for it.\n\n"
	    "Blue Harbor Holdings FZE is not affiliated with Ocean Pearl Ltd.\n\n"
	    "Star Light Co. allegedly employs Pak Il Song.\n\n"
	    "There is no evidence that Choe Myong Su owns Jade Tech LLC.\n";
	import_text(text, 0);
	cg_eid wang = find("person", "Wang Xiaoming"), kim = find("person", "Kim Chol Jin");
	cg_eid hanil = find("company", "Hanil Tech Pte. Ltd.");
	cg_lid l = link_of("mentioned_with", wang, kim);
	ck_assert(l != CG_NO_LINK);
	ck_assert_str_eq(link_prop(l, "confidence"), "medium");
	ck_assert(link_of("mentioned_with", wang, hanil) == CG_NO_LINK);
	/* negation and hedging: the names, but no tie */
	HAS("company", "Ocean Pearl Ltd.");
	HAS("person", "Pak Il Song");
	HAS("person", "Choe Myong Su");
	ck_assert_uint_eq(count_links("mentioned_with"), 1);
	ck_assert_uint_eq(count_links("owns") + count_links("employee_of"), 0);

	/* --min-confidence low: the paragraph's other sentences too */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text(text, 1);
	l = link_of("mentioned_with", wang, find("company", "Hanil Tech Pte. Ltd."));
	ck_assert(l != CG_NO_LINK);
	ck_assert_str_eq(link_prop(l, "confidence"), "low");
	ck_assert_uint_eq(count_links("mentioned_with"), 3);

	/* --min-confidence high: typed ties only */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text(text, 3);
	ck_assert_uint_eq(count_links("mentioned_with"), 0);
}
END_TEST

/* A sentence the next one takes back ("... and did not find one", "This
 * could not be confirmed") ties nothing; a negation in the next sentence
 * about something else takes nothing back. */
START_TEST(ties_taken_back_by_the_next_sentence)
{
	static const char text[] =
	    "Online listings name Coral Mesa Holdings Ltd. as the owner of Fenwick Quay "
	    "Software LLC. We searched the registry for a filing that shows it and found none.\n\n"
	    "Mr. Wang Xiaoming is the director of Halvard Tide GmbH. This could not be "
	    "confirmed.\n\n"
	    "Ms. Kim Son Hui is the director of Ostrel Vane Ltd. It has not filed accounts since "
	    "2019.\n";
	import_text(text, 0);
	cg_eid coral = find("company", "Coral Mesa Holdings Ltd.");
	cg_eid fenwick = find("company", "Fenwick Quay Software LLC");
	cg_eid dario = find("person", "Wang Xiaoming"),
	       halvard = find("company", "Halvard Tide GmbH");
	cg_eid marta = find("person", "Kim Son Hui"), ostrel = find("company", "Ostrel Vane Ltd.");
	/* the names stay, the ties go */
	ck_assert(coral != CG_NO_ENTITY && fenwick != CG_NO_ENTITY);
	ck_assert(dario != CG_NO_ENTITY && halvard != CG_NO_ENTITY);
	ck_assert(link_of("owns", coral, fenwick) == CG_NO_LINK);
	ck_assert(link_of("director_of", dario, halvard) == CG_NO_LINK);
	/* false friend: the next sentence denies something else */
	ck_assert(link_of("director_of", marta, ostrel) != CG_NO_LINK);
}
END_TEST

START_TEST(ties_taken_back_by_a_short_correction)
{
	static const char text[] =
	    "We wrote that Lee Dong Hyun was the director of Marrow Bay Trading Ltd. That was "
	    "wrong.\n\n"
	    "An earlier version said Mr. Oren Calloway owned Tessaly Grid LLC. He does not; the "
	    "company is owned by a trust.\n\n"
	    "Quarry Lane Holdings Ltd. owns Osprey Veldt GmbH. That is not all: it also owns a "
	    "bank.\n\n"
	    "Park Min Jun is the director of Juniper Halt Ltd. He did not comment.\n";
	import_text(text, 0);
	cg_eid lee = find("person", "Lee Dong Hyun"),
	       marrow = find("company", "Marrow Bay Trading Ltd.");
	cg_eid ines = find("person", "Oren Calloway"),
	       tessaly = find("company", "Tessaly Grid LLC");
	cg_eid quarry = find("company", "Quarry Lane Holdings Ltd."),
	       osprey = find("company", "Osprey Veldt GmbH");
	cg_eid park = find("person", "Park Min Jun"),
	       juniper = find("company", "Juniper Halt Ltd.");
	ck_assert(lee != CG_NO_ENTITY && marrow != CG_NO_ENTITY);
	ck_assert(ines != CG_NO_ENTITY && tessaly != CG_NO_ENTITY);
	ck_assert(link_of("director_of", lee, marrow) == CG_NO_LINK);
	ck_assert(link_of("owns", ines, tessaly) == CG_NO_LINK);
	/* false friends: something follows the negation */
	ck_assert(link_of("owns", quarry, osprey) != CG_NO_LINK);
	ck_assert(link_of("director_of", park, juniper) != CG_NO_LINK);
}
END_TEST

START_TEST(ties_through_its_the_company_and_roles)
{
	import_text(
	    "# Notes\n\n"
	    "Harbin Lianxing Software Co., Ltd. was set up in 2019. Its registered address is\n"
	    "No. 12 Xuefu Road, Nangang District, Harbin. The legal representative is Gao\n"
	    "Jianhua.\n\n"
	    "Yellow Sea Tools Ltd. is registered in Dalian. Its director is Zhang Wei, and its "
	    "sole\n"
	    "shareholder is Northwind Holdings Limited.\n\n"
	    "1. **Pine Ridge Consulting LLC**, Room 8, Building 3, Jiefang Road, Yanji.\n"
	    "Director: Kim Yong Nam.\n\n"
	    "Sobaek Export Company (a.k.a. Sobaek Trade Corp.) hires engineers. Its purchasing\n"
	    "manager, Cui Yonghu, signed the orders. Li Na is also the company's director.\n\n"
	    "Later, Sobaek Trade Corp. paid Pine Ridge Consulting LLC.\n",
	    0);
	cg_eid lianxing = find("company", "Harbin Lianxing Software Co., Ltd.");
	cg_eid yellow = find("company", "Yellow Sea Tools Ltd."),
	       north = find("company", "Northwind Holdings Limited");
	cg_eid pine = find("company", "Pine Ridge Consulting LLC");
	cg_eid sobaek = find("company", "Sobaek Export Company");
	cg_eid zhang = find("person", "Zhang Wei");

	ck_assert(link_of("registered_at", lianxing,
	                  find("address", "No. 12 Xuefu Road, Nangang District, Harbin")) !=
	          CG_NO_LINK);
	ck_assert(link_of("director_of", find("person", "Gao Jianhua"), lianxing) != CG_NO_LINK);
	/* "its director is X, and its sole shareholder is Y": both of the company */
	ck_assert(link_of("director_of", zhang, yellow) != CG_NO_LINK);
	ck_assert(link_of("owns", north, yellow) != CG_NO_LINK);
	ck_assert(link_of("director_of", zhang, north) == CG_NO_LINK);
	ck_assert(link_of("owns", zhang, yellow) == CG_NO_LINK);
	ck_assert(link_of("owns", yellow, north) == CG_NO_LINK);
	/* a list item: the company, its address, "Director: X" */
	ck_assert(link_of("registered_at", pine,
	                  find("address", "Room 8, Building 3, Jiefang Road, Yanji")) !=
	          CG_NO_LINK);
	ck_assert(link_of("director_of", find("person", "Kim Yong Nam"), pine) != CG_NO_LINK);
	/* a purchasing manager is staff; "the company's director" */
	ck_assert(link_of("employee_of", find("person", "Cui Yonghu"), sobaek) != CG_NO_LINK);
	ck_assert(link_of("director_of", find("person", "Cui Yonghu"), sobaek) == CG_NO_LINK);
	ck_assert(link_of("director_of", find("person", "Li Na"), sobaek) != CG_NO_LINK);
	/* an a.k.a. name is the same company, later mentions included */
	ck_assert(find("company", "Sobaek Trade Corp.") == CG_NO_ENTITY);
	ck_assert_uint_eq(count_type("company"), 5);
}
END_TEST

START_TEST(tie_false_friends)
{
	import_text(
	    "# Notes\n\n"
	    "Lianhe Soft Co., Ltd. rents an office. Lin Hao registered the company website\n"
	    "lianhe-soft[.]example in 2020.\n\n"
	    "Eastgate Trading Ltd. was sold in 2021. The new owner appointed Wu Bin as "
	    "director.\n\n"
	    "Bright Kite Trading Limited, a Macau company, hired developers from a Phnom Penh\n"
	    "workshop run by an experienced manager, Ri Kwang Il.\n\n"
	    "Salaries went to account 6222555012345678 at Harbour Pearl Bank Limited, held by\n"
	    "Everlight Horizon Limited.\n",
	    0);
	cg_eid wu = find("person", "Wu Bin");
	cg_eid bank = find("company", "Harbour Pearl Bank Limited");

	ck_assert(link_of("registrant_of", find("company", "Lianhe Soft Co., Ltd."),
	                  find("domain", "lianhe-soft.example")) == CG_NO_LINK);
	ck_assert(link_of("owns", wu, find("company", "Eastgate Trading Ltd.")) == CG_NO_LINK);
	ck_assert(link_of("director_of", find("person", "Ri Kwang Il"),
	                  find("company", "Bright Kite Trading Limited")) == CG_NO_LINK);
	ck_assert(bank != CG_NO_ENTITY);
	ck_assert_uint_eq(count_links("holds_account"), 1);
	ck_assert(link_of("holds_account", find("company", "Everlight Horizon Limited"),
	                  find("bank_account", "6222555012345678")) != CG_NO_LINK);
}
END_TEST

static int doc_has_reference(const char *url)
{
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		cg_iter it;
		const char *n, *v;
		if (strcmp(cg_entity_type_name(g, e), "document") != 0)
			continue;
		it = cg_entity_props(g, e);
		while (cg_iter_next_prop(g, &it, &n, &v))
			if (strcmp(n, "references") == 0 && strcmp(v, url) == 0)
				return 1;
	}
	return 0;
}

START_TEST(references_are_not_indicators)
{
	/* a report that defangs its indicators: its plain links are citations */
	import_text("# Fake recruiters\n\n"
	            "As [Blue Lab wrote](https://blog.bluelab.example/posts/recruiters), the lure\n"
	            "came from hxxps://jobs-portal[.]example/apply and 198.51.100[.]7.\n\n"
	            "Read the advisory: https://www.cert.example/advisories/2024-17\n",
	            0);
	ck_assert(find("url", "https://jobs-portal.example/apply") != CG_NO_ENTITY);
	ck_assert(find("domain", "jobs-portal.example") != CG_NO_ENTITY);
	ck_assert(find("url", "https://blog.bluelab.example/posts/recruiters") == CG_NO_ENTITY);
	ck_assert(find("domain", "blog.bluelab.example") == CG_NO_ENTITY);
	ck_assert(find("domain", "www.cert.example") == CG_NO_ENTITY);
	ck_assert(doc_has_reference("https://blog.bluelab.example/posts/recruiters"));
	ck_assert(doc_has_reference("https://www.cert.example/advisories/2024-17"));

	/* false friend: a report that writes its indicators plainly keeps its
	 * links as indicators, but "see LINK" is a citation there too */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Fake recruiters\n\n"
	            "The lure came from https://jobs-portal.example/apply.\n"
	            "For details see https://www.cert.example/advisories/2024-17.\n",
	            0);
	ck_assert(find("url", "https://jobs-portal.example/apply") != CG_NO_ENTITY);
	ck_assert(find("url", "https://www.cert.example/advisories/2024-17") == CG_NO_ENTITY);
	ck_assert(doc_has_reference("https://www.cert.example/advisories/2024-17"));
}
END_TEST

START_TEST(persons_after_is_and_phones_not_accounts)
{
	import_text(
	    "# Notes\n\n"
	    "Ridgeway Tools LLC was formed in 2022. Its organizer was Maya Linden.\n\n"
	    "Funds went to two accounts in the name of Omar Qadri at Gulf Crescent Bank.\n\n"
	    "Director: Nur Aisyah binti Kamal.\n\n"
	    "The company held account number 4417-5550-1983 at Saguaro Valley Bank.\n\n"
	    "- Steppe Soft LLC: phone +976 11 555 0138.\n",
	    0);
	HAS("person", "Maya Linden");
	HAS("person", "Omar Qadri");
	HAS("person", "Nur Aisyah binti Kamal");
	/* an account number is no phone; the tail of an international number is
	 * none either */
	ck_assert(find("phone", "+1441755501983") == CG_NO_ENTITY);
	ck_assert(find("phone", "+9765550138") == CG_NO_ENTITY);
	HAS("phone", "+976115550138");
	/* false friends: "is" before a place or a product is no cue */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text(
	    "# Notes\n\nThe owner is Hong Kong Pearl Ltd. The registrant was Google Cloud.\n", 0);
	ck_assert_uint_eq(count_type("person"), 0);
}
END_TEST

START_TEST(persons_without_title_cues)
{
	import_text(
	    "# Notes\n\n"
	    "A typical persona calls himself \"Ethan Walsh\" and claims ten years of React.\n\n"
	    "Registrant Name: Colin Barrett\n\n"
	    "The legal representative is Han Zhiyong, born 1968, of Dalian.\n\n"
	    "Its founder, Ruth Okafor, 41, lives in Lagos.\n\n"
	    "The company secretary Marcus T. Greenfield signed the filing.\n\n"
	    "Gregory Nolan pleaded guilty in May. Later, Gregory Nolan appealed.\n\n"
	    "A broker who called himself Victor Lane sent the invoices.\n\n"
	    "The funds were moved by Kim Jong Un and by Nathan Brooks, who fled.\n\n"
	    "The GmbH belongs to its founders, Paul Becker and Julia Stein.\n\n"
	    "The notice lists KHAN, Valery Borisovich of Vladivostok.\n",
	    0);
	HAS("person", "Ethan Walsh");
	HAS("person", "Colin Barrett");
	HAS("person", "Han Zhiyong");
	HAS("person", "Ruth Okafor");
	HAS("person", "Marcus T. Greenfield");
	HAS("person", "Gregory Nolan");
	HAS("person", "Victor Lane");
	HAS("person", "Kim Jong Un");
	HAS("person", "Nathan Brooks");
	HAS("person", "Paul Becker");
	HAS("person", "Julia Stein");
	HAS("person", "Valery Borisovich Khan");
	/* false friends: a quoted campaign, a firm that pays, a sentence's first
	 * word, a place after "and", a privacy placeholder */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Notes\n\n"
	            "The \"Golden Bridge\" account was opened in 2021 under \"Dream Job\".\n\n"
	            "Blue Harbor Analytics paid the invoices; Northwind Digital hired two more.\n\n"
	            "Whether Harbor Point was involved is unclear.\n\n"
	            "Funds reached Lagos and Abuja, Nigeria, and Port Louis.\n\n"
	            "Registrant Name: REDACTED FOR PRIVACY\n",
	            0);
	ck_assert_uint_eq(count_type("person"), 0);
}
END_TEST

START_TEST(ties_of_field_lists_and_reordered_ends)
{
	cg_eid co, acct, ph, mgr;
	import_text("# Notes\n\n"
	            "We paid Tern Byte Technologies FZ-LLC for a year. The vendor file lists:\n\n"
	            "  Registered office: Office 12, Building B4, Dubai Silicon Oasis, Dubai, UAE\n"
	            "  Manager: Rahul Verma\n"
	            "  Phone: +971 4 555 0101\n"
	            "  Bank: Gulf Harbour Bank PJSC, IBAN AE07 0331 2345 6789 0123 456\n\n"
	            "Clients paid Oakline Digital Ltd, a UK company, into its account\n"
	            "GB33 BUKB 2020 1555 5555 55.\n",
	            0);
	co = find("company", "Tern Byte Technologies FZ-LLC");
	acct = find("bank_account", "AE070331234567890123456");
	ph = find("phone", "+97145550101");
	mgr = find("person", "Rahul Verma");
	ck_assert(co != CG_NO_ENTITY && acct != CG_NO_ENTITY && ph != CG_NO_ENTITY &&
	          mgr != CG_NO_ENTITY);
	ck_assert(link_of("director_of", mgr, co) != CG_NO_LINK);
	ck_assert(link_of("uses", co, ph) != CG_NO_LINK);
	ck_assert(link_of("holds_account", co, acct) != CG_NO_LINK);
	ck_assert(
	    link_of("registered_at", co,
	            find("address", "Office 12, Building B4, Dubai Silicon Oasis, Dubai, UAE")) !=
	    CG_NO_LINK);
	ck_assert(link_of("holds_account", find("company", "Oakline Digital Ltd"),
	                  find("bank_account", "GB33BUKB20201555555555")) != CG_NO_LINK);
	/* false friends: the payee after an account, the owner of a domain
	 * after an e-mail, a field list after a paragraph that does not
	 * introduce it */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text(
	    "# Notes\n\n"
	    "Ridge Peak LLC received the funds into account GB33 BUKB 2020 1555 5555 55 and "
	    "paid them on to Shore Line Trading Co., Ltd.\n\n"
	    "Invoices came from billing@ridge-peak.example, and the domain ridge-peak.example "
	    "was registered by Tom Keller.\n\n"
	    "Ridge Peak LLC was formed in 2020.\n\n"
	    "  Phone: +971 4 555 0101\n",
	    0);
	ck_assert(link_of("holds_account", find("company", "Shore Line Trading Co., Ltd."),
	                  find("bank_account", "GB33BUKB20201555555555")) == CG_NO_LINK);
	ck_assert(link_of("uses", find("person", "Tom Keller"),
	                  find("email", "billing@ridge-peak.example")) == CG_NO_LINK);
	ck_assert_uint_eq(count_links("uses"), 0);
	ck_assert_uint_eq(count_links("holds_account"), 1);
}
END_TEST

START_TEST(companies_round4_forms_banks_and_descriptions)
{
	cg_eid bank;
	import_text(
	    "# Notes\n\n"
	    "Harlow Staffing Partners, Inc. paid Dunmore & Vale Solutions, L.L.C. through\n"
	    "account 4417555019 at Cedar Plains Community Bank, N.A. in 2022.\n\n"
	    "- Reports say Kestrel Orion Trading Co.,\n"
	    "  Ltd. hired them.\n\n"
	    "The money reached Bosphorus Yazilim Ticaret Ltd. Sti. and Rio Verde Servicios "
	    "S.A. de C.V. in May.\n\n"
	    "Contractors worked for Taiga Digital OOO in Tomsk.\n\n"
	    "Clients paid at Wind Creek Bank (SWIFT WCRKUS44) and Bank of Lanzhou.\n\n"
	    "The domain belongs to Tidewater Holdings (HK) Limited, as (we think) Ltd "
	    "records show.\n\n"
	    "Jade Pond International Limited was registered in 2019.\n\n"
	    "Later, Jade Pond International Limited (formerly Jade Pond Enterprise Limited) "
	    "signed contracts.\n",
	    0);
	HAS("company", "Harlow Staffing Partners, Inc.");
	HAS("company", "Dunmore & Vale Solutions, L.L.C.");
	HAS("company", "Cedar Plains Community Bank, N.A.");
	HAS("company", "Kestrel Orion Trading Co., Ltd.");
	HAS("company", "Bosphorus Yazilim Ticaret Ltd. Sti.");
	HAS("company", "Rio Verde Servicios S.A. de C.V.");
	HAS("company", "Taiga Digital OOO");
	HAS("company", "Bank of Lanzhou");
	HAS("company", "Tidewater Holdings (HK) Limited");
	ck_assert_uint_eq(count_type("company"), 11);
	bank = find("company", "Wind Creek Bank");
	ck_assert(bank != CG_NO_ENTITY);
	ck_assert_str_eq(cg_entity_prop(g, bank, "swift"), "WCRKUS44");
	/* the aliases of a company named before are kept */
	ck_assert(has_alias(find("company", "Jade Pond International Limited"),
	                    "Jade Pond Enterprise Limited"));
	/* false friends: a description after "a", a sentence's first word and
	 * a place before "of", "N.A." not after a bank, a public bank */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text(
	    "# A Berlin GmbH in the middle\n\n"
	    "The staff invoiced through a Wyoming LLC organised by an agent.\n\n"
	    "3. LIM, Song Hui (f). Employee of Korea Hwasong Trading Corporation.\n\n"
	    "He was the representative in Vladivostok of Korea Hwasong Trading Corporation.\n\n"
	    "Revenue: N.A. Staff: N.A.\n\n"
	    "The Federal Reserve Bank and the World Bank were told; the Bank of Korea "
	    "was not, nor the West Bank office.\n",
	    0);
	HAS("company", "Korea Hwasong Trading Corporation");
	ck_assert_uint_eq(count_type("company"), 1);
}
END_TEST

START_TEST(phones_north_american_shape_and_company_numbers)
{
	import_text("# Notes\n\n"
	            "The workers were in Shenyang, China. Their handler used the phone "
	            "(804) 555-0111 and the office in Shenyang the phone (024) 2345 6789.\n\n"
	            "Harbour Lattice Limited was incorporated in Hong Kong (company number "
	            "2815555); its phone number 2815 5501 is listed.\n",
	            0);
	HAS("phone", "+18045550111");
	HAS("phone", "+862423456789");
	HAS("phone", "+85228155501");
	ck_assert_uint_eq(count_type("phone"), 3);
}
END_TEST

/* WHOIS tables read by their header's column roles, and WHOIS field blocks
 * by their labels; a phone in a table's Phone column needs no phone word. */
START_TEST(whois_tables_and_field_blocks)
{
	cg_eid marta, bright, night, jonas, tallpine;

	import_text(
	    "# Registrations\n\n"
	    "| Domain | Registrant | Organization | Email | Phone | Address |\n"
	    "|---|---|---|---|---|---|\n"
	    "| brightfield-jobs[.]example | Marta Olsen | Brightfield Staffing Ltd. | "
	    "m.olsen[@]mailbox[.]example | (415) 555-0142 | 1200 Harbor Blvd, Suite 4, Long Beach, "
	    "CA 90802 |\n"
	    "| quietharbor[.]test | REDACTED FOR PRIVACY | Domains By Proxy, LLC | - | - | - |\n"
	    "| nightowl-dev[.]example | - | Nightowl Code Co., Ltd. | ops[@]nightowl-dev[.]example "
	    "| - | - |\n\n"
	    "Domain Name: tallpine-hr.example\n"
	    "Registrant Name: Jonas Weber\n"
	    "Registrant Organization: Tallpine Recruiting GmbH\n"
	    "Registrant Email: jw@tallpine-hr.example\n"
	    "Registrant Phone: +49.3055550123\n"
	    "Admin Email: admin@registrar-x.example\n\n"
	    "| Domain | IP | First seen |\n"
	    "|---|---|---|\n"
	    "| badhost[.]example | 192.0.2.5 | 2024-01-02 |\n\n"
	    "| Name | Domain |\n"
	    "|---|---|\n"
	    "| Copper Lantern | copperlantern[.]example |\n\n"
	    "| Supplier | Phone |\n"
	    "|---|---|\n"
	    "| Greenway Cloud Services | (312) 555-0199 |\n",
	    0);
	marta = find("person", "Marta Olsen");
	bright = find("company", "Brightfield Staffing Ltd.");
	night = find("company", "Nightowl Code Co., Ltd.");
	jonas = find("person", "Jonas Weber");
	tallpine = find("company", "Tallpine Recruiting GmbH");
	ck_assert(marta != CG_NO_ENTITY && bright != CG_NO_ENTITY && night != CG_NO_ENTITY &&
	          jonas != CG_NO_ENTITY && tallpine != CG_NO_ENTITY);
	ck_assert(link_of("registrant_of", marta, find("domain", "brightfield-jobs.example")) !=
	          CG_NO_LINK);
	ck_assert(link_of("registrant_of", bright, find("domain", "brightfield-jobs.example")) !=
	          CG_NO_LINK);
	ck_assert(link_of("uses", marta, find("email", "m.olsen@mailbox.example")) != CG_NO_LINK);
	ck_assert(link_of("uses", marta, find("phone", "+14155550142")) != CG_NO_LINK);
	ck_assert(link_of("located_in", marta,
	                  find("address", "1200 Harbor Blvd, Suite 4, Long Beach, CA 90802")) !=
	          CG_NO_LINK);
	ck_assert(link_of("registrant_of", night, find("domain", "nightowl-dev.example")) !=
	          CG_NO_LINK);
	ck_assert(link_of("uses", night, find("email", "ops@nightowl-dev.example")) != CG_NO_LINK);
	ck_assert(link_of("registrant_of", jonas, find("domain", "tallpine-hr.example")) !=
	          CG_NO_LINK);
	ck_assert(link_of("registrant_of", tallpine, find("domain", "tallpine-hr.example")) !=
	          CG_NO_LINK);
	ck_assert(link_of("uses", jonas, find("email", "jw@tallpine-hr.example")) != CG_NO_LINK);
	ck_assert(link_of("uses", jonas, find("phone", "+493055550123")) != CG_NO_LINK);
	/* false friends: a privacy service, an admin contact, tables without a
	 * registrant column */
	ck_assert_uint_eq(count_links("registrant_of"), 5);
	ck_assert_uint_eq(count_links("uses"), 5);
	HASNT("person", "Copper Lantern");
	HASNT("person", "Greenway Cloud Services");
	HAS("phone", "+13125550199");
}
END_TEST

/* Addresses that start with a house number and have no street word need a
 * unit or a postcode and a city; German street words end a word. */
START_TEST(addresses_with_house_numbers)
{
	import_text("# Notes\n\n"
	            "Its registered agent is at 8 The Green, Suite 4410, Dover, DE 19901.\n\n"
	            "The office was at Lindenallee 12, 50968 Cologne, Germany.\n\n"
	            "The farm held 3 laptops, Dover police said.\n\n"
	            "A team of 12 Senior Engineers, Berlin, Germany, was hired.\n\n"
	            "On 14 March 2024, Dover, DE 19901 was named.\n\n"
	            "In 2023 Harbor Lights, Dover, DE 19901 opened.\n",
	            0);
	HAS("address", "8 The Green, Suite 4410, Dover, DE 19901");
	HAS("address", "Lindenallee 12, 50968 Cologne, Germany");
	ck_assert_uint_eq(count_type("address"), 2);
}
END_TEST

START_TEST(swift_codes_without_a_bank_name)
{
	cg_eid a, b;
	import_text("# Notes\n\n"
	            "Payments went to Volna Line LLP in Almaty (IBAN KZ75 9943 0364 2887 1096,\n"
	            "SWIFT QAZTKZKAXXX), a partner.\n\n"
	            "Clients paid into account GB90 HRMB 2772 9070 6521 38 (bank identifier code "
	            "HRMBGB2LXXX).\n\n"
	            "The advice printed SWIFT: TBGEGE22 and nothing else.\n",
	            0);
	a = find("bank_account", "KZ759943036428871096");
	b = find("bank_account", "GB90HRMB27729070652138");
	ck_assert(a != CG_NO_ENTITY && b != CG_NO_ENTITY);
	ck_assert_str_eq(cg_entity_prop(g, a, "swift"), "QAZTKZKAXXX");
	ck_assert_str_eq(cg_entity_prop(g, b, "swift"), "HRMBGB2LXXX");
	/* false friend: a code with no account before it in its paragraph */
	for (cg_eid e = 0; e < cg_graph_entity_count(g); e++) {
		const char *v = cg_entity_prop(g, e, "swift");
		ck_assert(!v || strcmp(v, "TBGEGE22") != 0);
	}
}
END_TEST

START_TEST(publisher_emails_are_references)
{
	import_text("---\ntitle: Notes\npublisher: Eastwind Security\n---\n\n"
	            "Write to research@eastwind-sec.example or press@eastwind.example. The "
	            "phishing came from alerts@eastwind-sec-verify.example and "
	            "hr@bluepeak-talent.example.\n",
	            0);
	HASNT("email", "research@eastwind-sec.example");
	HASNT("email", "press@eastwind.example");
	HAS("email", "alerts@eastwind-sec-verify.example");
	HAS("email", "hr@bluepeak-talent.example");
	ck_assert(doc_has_reference("research@eastwind-sec.example"));
	ck_assert(doc_has_reference("press@eastwind.example"));
	/* the AsciiDoc author line names the publisher */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("= Annex\nEastwind Security <research@eastwind-sec.example>\n\n"
	            "Payments went to hr@bluepeak-talent.example.\n",
	            0);
	HASNT("email", "research@eastwind-sec.example");
	HAS("email", "hr@bluepeak-talent.example");
	/* false friend: no publisher known, every e-mail is an indicator */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text("# Notes\n\nWrite to research@eastwind-sec.example.\n", 0);
	HAS("email", "research@eastwind-sec.example");
}
END_TEST

/* Plain-text tables aligned by blanks (under a ruler of dash runs, or
 * under a header whose cells start where theirs do) are read by columns:
 * a name never runs from one cell into the next, and a WHOIS header gives
 * the columns their roles. Prose with two blanks after a full stop, and
 * field lines whose values are aligned, are no table. */
START_TEST(tables_aligned_by_blanks)
{
	cg_eid aldo, pine, pavel;

	import_text("# Pivot\n\n"
	            "Domain                Registrant      Organisation            Email\n"
	            "--------------------  --------------  ----------------------  "
	            "------------------------\n"
	            "pinecrest-hr.example  Aldo Ferraro    Pinecrest Talent GmbH   "
	            "aldo@pinecrest-hr.example\n"
	            "brookvale.example     Ines Kovac      Brookvale Apps Ltd      "
	            "ines@brookvale.example\n\n"
	            "Date        Payer                     Payee                  Amount\n"
	            "2024-03-18  Harrow Quay Systems Ltd   Steppe Line Trade LLP  62,400.00\n"
	            "2024-05-02  Harrow Quay Systems Ltd   Steppe Line Trade LLP  71,950.00\n\n"
	            "Ardent Loom Ltd. files late.  Its sole owner is\n"
	            "Pavel Sorokin, aged 52 then.  He also runs a bakery in Tver.\n\n"
	            "Domain Name:       tallpine-hr.example\n"
	            "Registrant Name:   Jonas Weber\n"
	            "Registrant Email:  jw@tallpine-hr.example\n",
	            0);
	aldo = find("person", "Aldo Ferraro");
	pine = find("company", "Pinecrest Talent GmbH");
	ck_assert(aldo != CG_NO_ENTITY && pine != CG_NO_ENTITY);
	HAS("person", "Ines Kovac");
	HAS("company", "Brookvale Apps Ltd");
	HAS("company", "Harrow Quay Systems Ltd");
	HAS("company", "Steppe Line Trade LLP");
	ck_assert(link_of("registrant_of", aldo, find("domain", "pinecrest-hr.example")) !=
	          CG_NO_LINK);
	ck_assert(link_of("registrant_of", pine, find("domain", "pinecrest-hr.example")) !=
	          CG_NO_LINK);
	ck_assert(link_of("uses", aldo, find("email", "aldo@pinecrest-hr.example")) != CG_NO_LINK);
	/* false friends: prose with two blanks after a full stop (the owner on
	 * the next line), aligned field lines */
	pavel = find("person", "Pavel Sorokin");
	ck_assert(pavel != CG_NO_ENTITY);
	ck_assert(link_of("owns", pavel, find("company", "Ardent Loom Ltd.")) != CG_NO_LINK);
	ck_assert(link_of("registrant_of", find("person", "Jonas Weber"),
	                  find("domain", "tallpine-hr.example")) != CG_NO_LINK);
	ck_assert_uint_eq(count_type("company"), 5);
}
END_TEST

/* Legal forms of round 6 (plc, AG, AB, UAB, A/S, ApS, Oy); a label that
 * names a bank of the transfer ("Beneficiary's bank: X") makes X the
 * account's bank, not its holder, where a one-word "Bank:" label does not. */
START_TEST(companies_round6_forms_and_bank_labels)
{
	cg_eid corvid, tallow, acct;

	import_text("# Notes\n\n"
	            "Funds moved from Albion Reach Bank plc through Hanseatische Kreditbank AG to "
	            "Lindqvist Apps AB and Tallow Payments UAB.\n\n"
	            "The plc said nothing, and an AG of the state did not comment.\n\n"
	            "Transfers to Corvid Apps Ltd were as follows:\n\n"
	            "  Beneficiary: Corvid Apps Ltd (its own account)\n"
	            "  IBAN: GB33 BUKB 2020 1555 5555 55\n"
	            "  Beneficiary's bank: Tallow Payments UAB, Vilnius\n",
	            0);
	HAS("company", "Albion Reach Bank plc");
	HAS("company", "Hanseatische Kreditbank AG");
	HAS("company", "Lindqvist Apps AB");
	corvid = find("company", "Corvid Apps Ltd");
	tallow = find("company", "Tallow Payments UAB");
	acct = find("bank_account", "GB33BUKB20201555555555");
	ck_assert(corvid != CG_NO_ENTITY && tallow != CG_NO_ENTITY && acct != CG_NO_ENTITY);
	ck_assert(link_of("holds_account", corvid, acct) != CG_NO_LINK);
	/* false friends: "plc" and "AG" with no name before them, the bank */
	ck_assert_uint_eq(count_type("company"), 5);
	ck_assert(link_of("holds_account", tallow, acct) == CG_NO_LINK);
}
END_TEST

/* Persons of round 6: roles before and after the name (chief executive,
 * spokesperson, wife ...), a quote's speaker, a byline, the sender of a
 * message, Cantonese and Korean given names; a run of words of a company
 * named before is that company, not a person. */
START_TEST(persons_round6_cues_and_company_words)
{
	cg_eid jo, korea;

	import_text(
	    "# Notes\n\n"
	    "By Grace Holloway, Northern Ledger\n\n"
	    "Its chief executive, Erik Halvorsen, said the invoices were paid.\n\n"
	    "\"We were misled,\" said Hollis Brandt, the head of sales at Quarry Stone Inc.\n\n"
	    "The laptops went to a house he shares with his wife Marjorie Strand.\n\n"
	    "From: Dana Whitcombe\n"
	    "Cc: Rahul Menon\n\n"
	    "Ho Wing Sze opened the account. Ahn Ji-woo joined later.\n\n"
	    "Korea Taeryong Haeun Technology Company is based in Pyongyang. Jo Kyong Il "
	    "works for Taeryong Haeun as its representative.\n\n"
	    "Marta Olsen Design LLC was set up in 2021. Its owner, Ms. Marta Olsen, lives "
	    "in Oslo.\n",
	    0);
	HAS("person", "Grace Holloway");
	HAS("person", "Erik Halvorsen");
	HAS("person", "Hollis Brandt");
	HAS("person", "Marjorie Strand");
	HAS("person", "Dana Whitcombe");
	HAS("person", "Rahul Menon");
	HAS("person", "Ho Wing Sze");
	HAS("person", "Ahn Ji-woo");
	HAS("person", "Marta Olsen");
	jo = find("person", "Jo Kyong Il");
	korea = find("company", "Korea Taeryong Haeun Technology Company");
	ck_assert(jo != CG_NO_ENTITY && korea != CG_NO_ENTITY);
	ck_assert(link_of("employee_of", jo, korea) != CG_NO_LINK);
	HASNT("person", "Taeryong Haeun");
	/* false friends: a firm with a relative clause, a message from a unit,
	 * a byline-like phrase, a firm as a speaker with a generic word */
	cg_graph_free(g);
	g = cg_graph_new();
	import_text(
	    "# Notes\n\n"
	    "The laptops came from Quarry Stone, whose chief executive declined to comment.\n\n"
	    "From: Analysis Unit\n\n"
	    "By Western Union, the money moved on.\n\n"
	    "\"We are cooperating,\" said Harbor Lane Holdings.\n",
	    0);
	ck_assert_uint_eq(count_type("person"), 0);
}
END_TEST

/* Ties of round 6: "its" in the next sentence is the subject of the one
 * before, not the last company it named; "Y's account" is Y's, whoever
 * paid into it; a contact detail with its owner in parentheses after it. */
START_TEST(ties_round6_subject_possessive_and_parenthesised_owner)
{
	cg_eid borealis, sun, lind, acct, steppe;

	import_text(
	    "# Notes\n\n"
	    "Borealis Trade Co., Ltd. acts for the Ostrava Pixel Ltd. delegation. Its legal "
	    "representative is Sun Guowei.\n\n"
	    "Payments went from Lindenfeld Trading GmbH to Hanbit's account 1005-555-772311 "
	    "at Hangang Commercial Bank.\n\n"
	    "Phones on file: +7 727 555 0166 (Golden Steppe Trade LLP, office) and "
	    "+971 50 555 0124 (Rashid Al-Mansoori, mobile).\n",
	    0);
	borealis = find("company", "Borealis Trade Co., Ltd.");
	sun = find("person", "Sun Guowei");
	lind = find("company", "Lindenfeld Trading GmbH");
	acct = find("bank_account", "1005555772311");
	steppe = find("company", "Golden Steppe Trade LLP");
	ck_assert(borealis != CG_NO_ENTITY && sun != CG_NO_ENTITY && lind != CG_NO_ENTITY &&
	          acct != CG_NO_ENTITY && steppe != CG_NO_ENTITY);
	ck_assert(link_of("director_of", sun, borealis) != CG_NO_LINK);
	ck_assert(link_of("uses", steppe, find("phone", "+77275550166")) != CG_NO_LINK);
	/* false friends */
	ck_assert(link_of("director_of", sun, find("company", "Ostrava Pixel Ltd.")) == CG_NO_LINK);
	ck_assert(link_of("holds_account", lind, acct) == CG_NO_LINK);
	ck_assert(link_of("uses", steppe, find("phone", "+971505550124")) == CG_NO_LINK);
}
END_TEST

/* Ties across sentences (round 6): a field line or a role with no company
 * belongs to the paragraph's subject (the first person or company it
 * names; a company a title line names for the paragraphs under it); a
 * sentence that starts with "The ROLE" or ends the name with "as the ROLE"
 * names a role of that company; "he", "she", "his", "her" stand for the
 * last person named; "It is ..." for the paragraph's company. */
START_TEST(ties_round6_across_sentences)
{
	cg_eid tide, callum, pak, bright, ho, acct, golden, choe, bluefin, corinne;

	import_text(
	    "# Parties\n\n"
	    "Tidewater Logic Solutions Ltd (company number 13955502), registered office Flat 3,\n"
	    "41 Wharf Street, Leicester, LE1 2AL. Sole director and shareholder: Callum Prewitt.\n"
	    "IBAN GB33 BUKB 2020 1555 5555 55 at Albion Quay Bank plc.\n\n"
	    "Golden Steppe Trade LLP is a trading firm in Almaty. KYC documents name Choe Myong\n"
	    "Chol, a passport holder, as the beneficial owner.\n\n"
	    "Bluefin Harbor Solutions LLC was formed in 2022. The sole member named in the annual\n"
	    "report is Corinne Haldane. Her home at 3318 East Juniper Hollow Drive, Mesa, AZ "
	    "85213\n"
	    "held 41 laptops.\n\n"
	    "1) Brightwater Pixel Co., Ltd.\n\n"
	    "Onboarded in June 2024. Registered address on the certificate: Flat 7B, Yick Shing\n"
	    "Building, 21 Fa Yuen Street, Mong Kok, Kowloon, Hong Kong. The director who opened "
	    "the\n"
	    "account is Ho Wing Sze; she gave mobile 9555 0136.\n\n"
	    "## Persons\n\n"
	    "1. PAK, Jong Nam. Position: representative of Korea Rungra-888 Trading Corporation.\n"
	    "   Address: ul. Svetlanskaya 85, kv. 12, Vladivostok 690091.\n",
	    0);
	tide = must_find("company", "Tidewater Logic Solutions Ltd");
	callum = must_find("person", "Callum Prewitt");
	golden = must_find("company", "Golden Steppe Trade LLP");
	choe = must_find("person", "Choe Myong Chol");
	bluefin = must_find("company", "Bluefin Harbor Solutions LLC");
	corinne = must_find("person", "Corinne Haldane");
	bright = must_find("company", "Brightwater Pixel Co., Ltd.");
	ho = must_find("person", "Ho Wing Sze");
	pak = must_find("person", "Pak Jong Nam");
	acct = must_find("bank_account", "GB33BUKB20201555555555");
	ck_assert(link_of("registered_at", tide,
	                  find("address", "Flat 3, 41 Wharf Street, Leicester, LE1 2AL")) !=
	          CG_NO_LINK);
	ck_assert(link_of("director_of", callum, tide) != CG_NO_LINK);
	ck_assert(link_of("owns", callum, tide) != CG_NO_LINK);
	ck_assert(link_of("holds_account", tide, acct) != CG_NO_LINK);
	ck_assert(link_of("owns", choe, golden) != CG_NO_LINK);
	ck_assert(link_of("owns", corinne, bluefin) != CG_NO_LINK);
	ck_assert(link_of("located_in", corinne,
	                  find("address", "3318 East Juniper Hollow Drive, Mesa, AZ 85213")) !=
	          CG_NO_LINK);
	ck_assert(link_of("registered_at", bright,
	                  find("address", "Flat 7B, Yick Shing Building, 21 Fa Yuen Street, Mong "
	                                  "Kok, Kowloon, Hong Kong")) != CG_NO_LINK);
	ck_assert(link_of("director_of", ho, bright) != CG_NO_LINK);
	ck_assert(link_of("uses", ho, find("phone", "+85295550136")) != CG_NO_LINK);
	ck_assert(link_of("located_in", pak,
	                  find("address", "ul. Svetlanskaya 85, kv. 12, Vladivostok 690091")) !=
	          CG_NO_LINK);
	/* false friends: the entry's company is not the subject of its
	 * address; the bank holds no account; a heading ends a title's reach */
	ck_assert(link_of("registered_at", find("company", "Korea Rungra-888 Trading Corporation"),
	                  find("address", "ul. Svetlanskaya 85, kv. 12, Vladivostok 690091")) ==
	          CG_NO_LINK);
	ck_assert_uint_eq(count_links("holds_account"), 1);
	ck_assert(link_of("director_of", pak, bright) == CG_NO_LINK);
	cg_graph_free(g);
	g = cg_graph_new();
	import_text(
	    "# Notes\n\n"
	    "1) Brightwater Pixel Co., Ltd.\n\n"
	    "## Other matters\n\n"
	    "Registered office: Flat 9, 3 Kent Road, Kowloon Tong, Kowloon, Hong Kong.\n\n"
	    "Golden Steppe Trade LLP paid. The new owner appointed Wu Bin as director, and\n"
	    "she left.\n",
	    0);
	ck_assert_uint_eq(count_links("registered_at"), 0);
	ck_assert(link_of("owns", find("person", "Wu Bin"),
	                  find("company", "Golden Steppe Trade LLP")) == CG_NO_LINK);
}
END_TEST

/* Ties within a sentence (round 6): a negation inside a relative clause
 * that names nothing is that clause's; coordinated parties are not tied to
 * each other; a party between a party and what it holds takes the cue,
 * unless it is in an apposition or a "who" clause follows it; "chaired",
 * "sole member", "home" and "mobile" are cues. */
START_TEST(ties_round6_within_sentences)
{
	cg_eid guo, tianrun, sunmoon, bw, jang, ellis, dev, ri, yalu;

	import_text(
	    "# Notes\n\n"
	    "Workers were employed by Liaoning Tianrun Hengtong Trading Co., Ltd., whose general\n"
	    "manager is Guo Haoran, a PRC national who is not charged in the indictment.\n\n"
	    "Sunmoon Kiosk Trading Limited is a customer. It is owned by Brightwater Pixel Co.,\n"
	    "Ltd. (70%) and by Jang Myong Gil (30%).\n\n"
	    "Brandon Ellis, owner of Ellis Device Logistics LLC, who hosted laptops at 2209\n"
	    "Hanover Avenue, Richmond, VA 23220, was charged.\n\n"
	    "Grand Yalu Software Co., Limited is in Hong Kong. The person who signed its forms "
	    "and\n"
	    "has chaired its board since 2021 is Ri Kwang Hyok.\n\n"
	    "Shenyang Yinhe Tongda Network Co., Ltd., whose contact is Fang Lijun, phone\n"
	    "024-5555-8172, was paid.\n\n"
	    "Dandong Hongda Trade Co., Ltd. pays. Records list Room 803, Unit 1, Building 7,\n"
	    "No. 45 Binjiang Middle Road, Zhenxing\n"
	    "District, Dandong as its address, and Piao Chenglong as the legal representative.\n\n"
	    "Nobody, who had not seen Oakline Digital Ltd, doubted that Tern Byte FZE owns Oakline "
	    "Digital Ltd.\n",
	    0);
	guo = must_find("person", "Guo Haoran");
	tianrun = must_find("company", "Liaoning Tianrun Hengtong Trading Co., Ltd.");
	sunmoon = must_find("company", "Sunmoon Kiosk Trading Limited");
	bw = must_find("company", "Brightwater Pixel Co., Ltd.");
	jang = must_find("person", "Jang Myong Gil");
	ellis = must_find("person", "Brandon Ellis");
	dev = must_find("company", "Ellis Device Logistics LLC");
	ri = must_find("person", "Ri Kwang Hyok");
	yalu = must_find("company", "Grand Yalu Software Co., Limited");
	ck_assert(link_of("director_of", guo, tianrun) != CG_NO_LINK);
	ck_assert(link_of("owns", bw, sunmoon) != CG_NO_LINK);
	ck_assert(link_of("owns", jang, sunmoon) != CG_NO_LINK);
	ck_assert(link_of("located_in", ellis,
	                  find("address", "2209 Hanover Avenue, Richmond, VA 23220")) !=
	          CG_NO_LINK);
	ck_assert(link_of("director_of", ri, yalu) != CG_NO_LINK);
	/* false friends */
	ck_assert(link_of("owns", jang, bw) == CG_NO_LINK);
	ck_assert(link_of("registered_at", dev,
	                  find("address", "2209 Hanover Avenue, Richmond, VA 23220")) ==
	          CG_NO_LINK);
	ck_assert(link_of("uses", find("company", "Shenyang Yinhe Tongda Network Co., Ltd."),
	                  find("phone", "+862455558172")) == CG_NO_LINK);
	ck_assert_uint_eq(count_links("located_in"), 1);
	ck_assert(link_of("owns", find("company", "Tern Byte FZE"),
	                  find("company", "Oakline Digital Ltd")) == CG_NO_LINK);
}
END_TEST

/* A table whose header names a company column and its director, owner,
 * phone, address ... columns ties each row's cells to the row's company,
 * typed by the header; a table of companies and dates ties nothing. */
START_TEST(company_tables_typed_by_header)
{
	cg_eid kestrel, nadia, harbor, osprey;

	import_text(
	    "# Fronts\n\n"
	    "| Company | Director | Shareholder | Phone | Address |\n"
	    "|---|---|---|---|---|\n"
	    "| Kestrel Code Ltd | Nadia Farrow | Harbor Finch Holdings Ltd | (415) 555-0142 | "
	    "1200 Harbor Blvd, Suite 4, Long Beach, CA 90802 |\n\n"
	    "Company             Incorporated  Director\n"
	    "------------------  ------------  -------------\n"
	    "Osprey Nine LLC     2021-04-02    Liam Okonkwo\n\n"
	    "| Company | Registered |\n"
	    "|---|---|\n"
	    "| Teal Lantern Ltd | 2020 |\n",
	    0);
	kestrel = find("company", "Kestrel Code Ltd");
	nadia = find("person", "Nadia Farrow");
	harbor = find("company", "Harbor Finch Holdings Ltd");
	osprey = find("company", "Osprey Nine LLC");
	ck_assert(kestrel != CG_NO_ENTITY && nadia != CG_NO_ENTITY && harbor != CG_NO_ENTITY &&
	          osprey != CG_NO_ENTITY);
	ck_assert(link_of("director_of", nadia, kestrel) != CG_NO_LINK);
	ck_assert(link_of("owns", harbor, kestrel) != CG_NO_LINK);
	ck_assert(link_of("uses", kestrel, find("phone", "+14155550142")) != CG_NO_LINK);
	ck_assert(link_of("registered_at", kestrel,
	                  find("address", "1200 Harbor Blvd, Suite 4, Long Beach, CA 90802")) !=
	          CG_NO_LINK);
	ck_assert(link_of("director_of", find("person", "Liam Okonkwo"), osprey) != CG_NO_LINK);
	/* false friends: no director of the owner, nothing from the dates table */
	ck_assert_uint_eq(count_links("director_of"), 2);
	ck_assert_uint_eq(count_links("owns"), 1);
}
END_TEST

/* AsciiDoc tables (|===): the first row is the header when the attribute
 * line says options="header" or a blank line follows it; rows are then
 * read by their columns. Without either, the first row is data. */
START_TEST(asciidoc_tables_read_by_header)
{
	cg_eid pine, lotus;

	import_text("= Fronts\n\n"
	            "[cols=\"2,3\",options=\"header\"]\n"
	            "|===\n"
	            "| Company | Registered address\n"
	            "| Pinewood Data Services LLC | 8 The Green, Suite 4410, Dover, DE 19901\n"
	            "|===\n\n"
	            "|===\n"
	            "|Company |Phone\n\n"
	            "|Bright Lotus Trading FZE |+971 6 555 0101\n"
	            "|===\n\n"
	            "|===\n"
	            "| Company | Director\n"
	            "| Quill Mesa Ltd | Dana Whitlock\n"
	            "|===\n",
	            0);
	pine = find("company", "Pinewood Data Services LLC");
	lotus = find("company", "Bright Lotus Trading FZE");
	ck_assert(pine != CG_NO_ENTITY && lotus != CG_NO_ENTITY);
	ck_assert(link_of("registered_at", pine,
	                  find("address", "8 The Green, Suite 4410, Dover, DE 19901")) !=
	          CG_NO_LINK);
	ck_assert(link_of("uses", lotus, find("phone", "+97165550101")) != CG_NO_LINK);
	/* false friend: no header, so no director */
	ck_assert_uint_eq(count_links("director_of"), 0);
}
END_TEST

static Suite *ner_suite(void)
{
	Suite *s = suite_create("report_ner");
	TCase *tc = tcase_create("layer4");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, companies_by_legal_form_with_aliases);
	tcase_add_test(tc, company_false_friends);
	tcase_add_test(tc, persons_by_cue_and_name_shape);
	tcase_add_test(tc, person_false_friends);
	tcase_add_test(tc, addresses_phones_and_accounts);
	tcase_add_test(tc, typed_ties_carry_evidence_confidence_and_line);
	tcase_add_test(tc, untyped_ties_by_confidence_and_none_when_denied);
	tcase_add_test(tc, ties_through_its_the_company_and_roles);
	tcase_add_test(tc, tie_false_friends);
	tcase_add_test(tc, references_are_not_indicators);
	tcase_add_test(tc, persons_after_is_and_phones_not_accounts);
	tcase_add_test(tc, persons_without_title_cues);
	tcase_add_test(tc, ties_of_field_lists_and_reordered_ends);
	tcase_add_test(tc, companies_round4_forms_banks_and_descriptions);
	tcase_add_test(tc, phones_north_american_shape_and_company_numbers);
	tcase_add_test(tc, swift_codes_without_a_bank_name);
	tcase_add_test(tc, whois_tables_and_field_blocks);
	tcase_add_test(tc, addresses_with_house_numbers);
	tcase_add_test(tc, publisher_emails_are_references);
	tcase_add_test(tc, ties_taken_back_by_the_next_sentence);
	tcase_add_test(tc, ties_taken_back_by_a_short_correction);
	tcase_add_test(tc, tables_aligned_by_blanks);
	tcase_add_test(tc, companies_round6_forms_and_bank_labels);
	tcase_add_test(tc, persons_round6_cues_and_company_words);
	tcase_add_test(tc, ties_round6_subject_possessive_and_parenthesised_owner);
	tcase_add_test(tc, ties_round6_across_sentences);
	tcase_add_test(tc, ties_round6_within_sentences);
	tcase_add_test(tc, company_tables_typed_by_header);
	tcase_add_test(tc, asciidoc_tables_read_by_header);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ner_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
