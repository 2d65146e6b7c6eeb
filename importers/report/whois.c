/* WHOIS records in a report (layer 4): a Markdown table whose header names
 * its columns (| Domain | Registrant | Organisation | E-mail | Phone |
 * Address |), and a block of field lines ("Domain Name: x.example",
 * "Registrant Name: X", "Registrant Email: ..."). Each row (or block) is
 * read by the roles of its columns (labels), not as a sentence: the
 * registrant's person and organisation are registrant_of the row's domain,
 * and the registrant (the person, else the organisation) uses the row's
 * e-mail and phone and is located at (registered at) its address. Also the
 * column roles of any table, so that a phone number in a Phone column is
 * found without a phone word before it (places.c). */
#include "report_internal.h"

#include "cg_array.h"

#include <string.h>

/* Whether the lower-case word w[0..n) is one of list. */
static int word_in(const char *w, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(w, list[i], n) == 0)
			return 1;
	return 0;
}

/* The role of a column header or a field label s[0..n); *trigger is set
 * when it names the registrant or owner (what makes a table a WHOIS
 * table). Contacts that are not the registrant (admin, tech, billing, the
 * registrar) have none. */
static int role_of(const char *s, size_t n, int *trigger)
{
	static const char *const others[] = {"registrar", "admin",   "administrative", "tech",
	                                     "technical", "billing", "abuse",          "server",
	                                     "servers",   "status",  "nameserver",     "ip"};
	static const char *const places[] = {"country",  "city", "state", "province", "postal",
	                                     "postcode", "zip",  "code",  "id",       "date"};
	static const char *const phones[] = {"phone", "telephone", "tel", "mobile", "fax"};
	static const char *const directors[] = {
	    "director", "directors", "ceo", "manager", "president", "chairman", "representative"};
	static const char *const owners[] = {"shareholder", "shareholders", "founder",
	                                     "beneficial",  "owners",       "member"};
	static const char *const accounts[] = {"account", "iban", "accounts"};
	static const char *const sites[] = {"website", "site", "url", "web"};
	static const char *const swifts[] = {"swift", "bic"};
	char w[8][24];
	size_t nw = 0, i = 0, lens[8];
	int trig = 0, mail = 0, phone = 0, addr = 0, org = 0, dom = 0, name = 0, place = 0;
	int dir = 0, own = 0, acct = 0, site = 0, swift = 0;

	while (i < n && nw < 8) {
		size_t l = 0;
		while (i < n && !is_alpha(UC(s, i)))
			i++;
		while (i < n && (is_alpha(UC(s, i)) || s[i] == '-')) {
			if (l + 1 < sizeof w[0])
				w[nw][l++] = (char)to_lower(UC(s, i));
			i++;
		}
		if (l)
			lens[nw++] = l;
	}
	for (size_t k = 0; k < nw; k++) {
		const char *x = w[k];
		size_t l = lens[k];
		if (word_in(x, l, others, NELEM(others)))
			return WR_NONE;
		trig |= (l >= 10 && memcmp(x, "registrant", 10) == 0) ||
		        (l == 5 && memcmp(x, "owner", 5) == 0);
		for (size_t q = 0; q + 4 <= l; q++)
			mail |= memcmp(x + q, "mail", 4) == 0;
		phone |= word_in(x, l, phones, NELEM(phones));
		addr |= (l == 7 && memcmp(x, "address", 7) == 0) ||
		        (l == 6 && memcmp(x, "street", 6) == 0);
		place |= word_in(x, l, places, NELEM(places));
		org |= (l >= 6 && memcmp(x, "organi", 6) == 0) ||
		       (l == 3 && memcmp(x, "org", 3) == 0) ||
		       (l == 7 && memcmp(x, "company", 7) == 0);
		dom |= (l >= 6 && memcmp(x, "domain", 6) == 0) ||
		       (l == 8 && memcmp(x, "hostname", 8) == 0);
		name |= (l == 4 && memcmp(x, "name", 4) == 0) ||
		        (l == 7 && memcmp(x, "contact", 7) == 0);
		dir |= word_in(x, l, directors, NELEM(directors));
		own |= word_in(x, l, owners, NELEM(owners));
		acct |= word_in(x, l, accounts, NELEM(accounts));
		site |= word_in(x, l, sites, NELEM(sites));
		swift |= word_in(x, l, swifts, NELEM(swifts));
	}
	*trigger |= trig;
	if (mail)
		return WR_EMAIL;
	if (phone)
		return WR_PHONE;
	if (addr)
		return WR_ADDRESS;
	if (place)
		return WR_NONE;
	if (acct)
		return WR_ACCOUNT;
	if (swift)
		return WR_SWIFT;
	if (org)
		return WR_ORG;
	if (dir)
		return WR_DIRECTOR;
	if (own)
		return WR_OWNER;
	if (site)
		return WR_WEBSITE;
	if (dom)
		return WR_DOMAIN;
	return trig || name ? WR_REGISTRANT : WR_NONE;
}

/* Whether the columns make a company table: a company column, no domain
 * column, and a column of its director, owner, phone, e-mail, address,
 * account or website (| Company | Director | Phone |). */
static int company_table(const uint8_t *roles)
{
	int org = 0, dom = 0, other = 0;
	for (size_t k = 0; k < WHOIS_COLS; k++) {
		org |= roles[k] == WR_ORG;
		dom |= roles[k] == WR_DOMAIN;
		other |= roles[k] >= WR_EMAIL && roles[k] != WR_ORG;
	}
	return org && !dom && other;
}

/* Whether the line is a table's separator row (|---|:--:|). */
static int separator(const char *s, size_t n)
{
	int dash = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = 1;
		else if (!strchr("|:+= \t", s[i]))
			return 0;
	}
	return dash;
}

/* The roles of a header row's cells s[0 .. len), by column (the number of
 * '|' before the cell), into role[WHOIS_COLS]; *whois: the table is read by
 * roles (a domain column and a registrant or owner word, or a company
 * table). Returns how many cells have a role. */
static int header_roles(const char *s, size_t len, uint8_t *role, int *whois, int *ncols)
{
	size_t col = 0, start = 0;
	int trig = 0, roles = 0, dom = 0;

	*ncols = 0;

	memset(role, 0, WHOIS_COLS);
	for (size_t i = 0; i <= len && col < WHOIS_COLS; i++) {
		if (i < len && s[i] != '|')
			continue;
		if (i > start) {
			int r = role_of(s + start, i - start, &trig);
			*ncols += 1;
			role[col] = (uint8_t)r;
			roles += r != WR_NONE;
			dom |= r == WR_DOMAIN;
		}
		col++;
		start = i + 1;
	}
	*whois = (dom && trig) || company_table(role);
	return roles;
}

/* The candidate header row becomes the table's header. */
static void promote(ner *n)
{
	memcpy(n->tab_role, n->cand_role, sizeof n->tab_role);
	n->tab_ncols = n->cand_ncols;
	n->adoc_cells = 0;
	n->tab_ok = 1;
	n->tab_whois = n->cand_whois;
	n->cand_ok = 0;
}

int whois_line(rctx *c)
{
	ner *n = c->ner;
	const char *s = c->clean.buf;
	size_t len = c->clean.len;

	if (len >= 4 && memcmp(s, "|===", 4) == 0) {
		/* an AsciiDoc table opens or closes: its first row is the header
		 * when options="header" says so or a blank line follows it */
		n->adoc = !n->adoc;
		n->adoc_rows = 0;
		n->tab_ok = n->cand_ok = 0;
		if (!n->adoc)
			n->adoc_opt = 0;
		return 0;
	}
	if (n->adoc && c->kind == KIND_BLANK) {
		if (n->cand_ok && !n->tab_ok && n->adoc_rows == 1)
			promote(n);
		n->adoc_cells = 0;
		return 0;
	}
	if (c->kind != KIND_TABLE) {
		n->tab_ok = n->cand_ok = 0;
		if (c->kind != KIND_BLANK)
			n->adoc_opt = len && s[0] == '[' && strstr(s, "header") != NULL;
		return 0;
	}
	if (n->adoc && n->adoc_rows++ == 1 && n->adoc_opt && n->cand_ok && !n->tab_ok)
		promote(n);
	if (separator(s, len)) {
		if (n->cand_ok && !n->tab_ok)
			promote(n);
		n->cand_ok = 0;
		return 0;
	}
	if (n->tab_ok) {
		/* a row of the table; an AsciiDoc row may take several lines */
		if (n->adoc) {
			for (size_t i = 0; i < len; i++)
				n->adoc_cells += s[i] == '|';
			if (n->adoc_cells >= n->tab_ncols)
				n->adoc_cells = 0;
		}
		return 0;
	}
	/* a candidate header */
	n->cand_ok = header_roles(s, len, n->cand_role, &n->cand_whois, &n->cand_ncols) > 0;
	return 0;
}

/* The label of the line at para[off ..) ("Registrant Email: ..."): its
 * role, or WR_NONE when the line is no field line. */
static int label_role(const ner *n, uint32_t off, int *trigger)
{
	const char *p = n->para.buf;
	uint32_t i = off, len = (uint32_t)n->para.len;

	while (i < len && is_space(UC(p, i)))
		i++;
	for (uint32_t k = i; k < len && k - i < 40; k++) {
		if (p[k] == ':')
			return k > i ? role_of(p + i, k - i, trigger) : WR_NONE;
		if (!is_alpha(UC(p, k)) && p[k] != ' ' && p[k] != '-')
			return WR_NONE;
	}
	return WR_NONE;
}

/* The index of the paragraph's line that holds para[off]. */
static size_t line_index(const ner *n, uint32_t off)
{
	size_t k = 0;
	while (k + 1 < n->nlines && n->lines[k + 1].off <= off)
		k++;
	return k;
}

int whois_role_at(const rctx *c, uint32_t off)
{
	const ner *n = c->ner;
	int trig = 0;

	if (n->row) {
		size_t col = 0;
		for (uint32_t i = 0; i < off && i < n->para.len; i++)
			col += n->para.buf[i] == '|';
		return col < WHOIS_COLS ? n->tab_role[col] : WR_NONE;
	}
	if (!n->whois || !n->nlines)
		return WR_NONE;
	return label_role(n, n->lines[line_index(n, off)].off, &trig);
}

int whois_para(rctx *c)
{
	ner *n = c->ner;
	const char *p = n->para.buf;
	size_t i = 0;
	int dom = 0, trig = 0;

	n->nrents = 0;
	while (i < n->para.len && is_space(UC(p, i)))
		i++;
	n->row = n->tab_ok && i < n->para.len && p[i] == '|';
	if (n->row)
		return n->whois = n->tab_whois;
	n->whois = 0;
	for (size_t k = 0; k < n->nlines; k++)
		dom |= label_role(n, n->lines[k].off, &trig) == WR_DOMAIN;
	return n->whois = n->nlines >= 2 && dom && trig;
}

int whois_collect(rctx *c)
{
	ner *n = c->ner;

	for (size_t i = 0; i < n->nents; i++) {
		if (n->ents[i].virt)
			continue;
		if (CG_ARRAY_GROW(n->rents, n->caprents, n->nrents + 1, 16))
			return fatal_nomem(c);
		n->rents[n->nrents].x = n->ents[i];
		n->rents[n->nrents++].role = (uint8_t)whois_role_at(c, n->ents[i].s);
	}
	return 0;
}

/* Whether the entity is a privacy service or a redaction ("Domains By
 * Proxy, LLC", "REDACTED FOR PRIVACY"): not the registrant. */
static int privacy(const rctx *c, cg_eid id)
{
	static const char *const words[] = {"privacy", "proxy", "redacted", "withheld",
	                                    "whoisguard"};
	const char *name = cg_entity_name(c->in->g, id);
	char low[256];
	size_t l = 0;

	for (; name && name[l] && l + 1 < sizeof low; l++)
		low[l] = (char)to_lower(UC(name, l));
	low[l] = '\0';
	for (size_t k = 0; k < NELEM(words); k++)
		if (strstr(low, words[k]))
			return 1;
	return 0;
}

/* The first entity of kind nt (or nt2) with role r, or NULL. */
static const nent *first(const rctx *c, int nt, int nt2, int r)
{
	const ner *n = c->ner;
	for (size_t i = 0; i < n->nrents; i++)
		if ((n->rents[i].x.nt == nt || n->rents[i].x.nt == nt2) && n->rents[i].role == r &&
		    !privacy(c, n->rents[i].x.id))
			return &n->rents[i].x;
	return NULL;
}

/* A company table's row: the Company cell's company is registered at the
 * row's address, uses its phone, e-mail and website, holds its account; the
 * Director cell's person directs it, the Owner cell's person or company
 * owns it. */
static int company_row_ties(rctx *c, const nent *org)
{
	const ner *n = c->ner;
	int rc = 0;

	for (size_t i = 0; i < n->nrents && rc >= 0; i++) {
		const nent *x = &n->rents[i].x;
		int r = n->rents[i].role;
		const char *type = NULL;
		if (x->id == org->id)
			continue;
		if (x->nt == NT_PERSON && r == WR_DIRECTOR)
			type = "director_of";
		else if ((x->nt == NT_PERSON || x->nt == NT_COMPANY) && r == WR_OWNER)
			type = "owns";
		else if ((x->nt == NT_PHONE && r == WR_PHONE) ||
		         (x->nt == NT_EMAIL && r == WR_EMAIL) ||
		         ((x->nt == NT_DOMAIN || x->nt == NT_URL) && r == WR_WEBSITE))
			type = "uses";
		else if (x->nt == NT_ADDRESS && r == WR_ADDRESS)
			type = "registered_at";
		else if (x->nt == NT_ACCOUNT && r == WR_ACCOUNT)
			type = "holds_account";
		if (!type)
			continue;
		rc = strcmp(type, "director_of") == 0 || strcmp(type, "owns") == 0
		         ? ner_para_tie(c, type, x->id, org->id, 1)
		         : ner_para_tie(c, type, org->id, x->id, 1);
	}
	return rc < 0 ? rc : 0;
}

int whois_ties(rctx *c)
{
	const ner *n = c->ner;
	const nent *per = first(c, NT_PERSON, NT_PERSON, WR_REGISTRANT);
	const nent *org = first(c, NT_COMPANY, NT_COMPANY, WR_ORG);
	const nent *holder;
	int rc = 0;

	if (n->row && company_table(n->tab_role))
		return org ? company_row_ties(c, org) : 0;
	if (!org)
		org = first(c, NT_COMPANY, NT_COMPANY, WR_REGISTRANT);
	holder = per ? per : org;
	for (size_t i = 0; i < n->nrents && rc >= 0; i++) {
		const nent *x = &n->rents[i].x;
		int r = n->rents[i].role;
		if ((x->nt == NT_DOMAIN || x->nt == NT_URL) && r == WR_DOMAIN) {
			if (per)
				rc = ner_para_tie(c, "registrant_of", per->id, x->id, 1);
			if (org && rc >= 0)
				rc = ner_para_tie(c, "registrant_of", org->id, x->id, 1);
			/* no name: the registrant e-mail is the registrant */
			for (size_t k = 0; k < n->nrents && !per && !org && rc >= 0; k++)
				if (n->rents[k].x.nt == NT_EMAIL &&
				    (n->rents[k].role == WR_EMAIL ||
				     n->rents[k].role == WR_REGISTRANT))
					rc = ner_para_tie(c, "registrant_of", n->rents[k].x.id,
					                  x->id, 1);
		} else if (holder && (x->nt == NT_EMAIL || x->nt == NT_PHONE) &&
		           (r == WR_EMAIL || r == WR_PHONE || r == WR_REGISTRANT)) {
			rc = ner_para_tie(c, "uses", holder->id, x->id, 1);
		} else if (holder && x->nt == NT_ADDRESS && r == WR_ADDRESS) {
			rc = ner_para_tie(c, per ? "located_in" : "registered_at", holder->id,
			                  x->id, 1);
		}
	}
	if (per && org && rc >= 0)
		rc = ner_para_tie(c, "mentioned_with", per->id, org->id, 0);
	return rc < 0 ? rc : 0;
}

/* ---- tables aligned by blanks ---- */

/* The cells of line s[0..n): the column where each starts (characters
 * from the line's start; a tab runs to the next multiple of 8), *gap the
 * narrowest run of blanks between two, *ruler whether the line is a ruler
 * (runs of '-' or '=' and blanks only: its cells are the runs). A cell
 * starts after two blanks or more (one in a ruler). The number of cells;
 * 0 when the line has none, more than ALIGN_CELLS, or is no table line: a
 * Markdown table row, bullet, heading or quote, or a field line (a cell
 * before the last ends with ':', as WHOIS output aligns its values). */
static int cells_of(const char *s, size_t n, uint16_t *col, int *gap, int *ruler)
{
	size_t i = 0;
	unsigned cl = 0, blanks = 1000;
	int nc = 0, rul = 1, runs = 0;

	*gap = 1000;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || strchr("|#>", s[i]) || (i + 1 < n && strchr("-*+", s[i]) && s[i + 1] == ' '))
		return 0;
	for (size_t k = i; k < n && rul; k++)
		rul = s[k] == '-' || s[k] == '=' || s[k] == ':' || s[k] == ' ' || s[k] == '\t';
	for (i = 0; i < n; i++) {
		int ch = UC(s, i);
		if ((ch & 0xC0) == 0x80)
			continue; /* inside a character: no column of its own */
		if (ch == ' ' || ch == '\t') {
			blanks++;
			cl = ch == '\t' ? (cl / 8 + 1) * 8 : cl + 1;
			continue;
		}
		if (blanks >= (rul ? 1u : 2u) || (ch == '\t' && blanks)) {
			if (nc == ALIGN_CELLS || cl > UINT16_MAX)
				return 0;
			if (nc && s[i - blanks - 1] == ':' && !rul)
				return 0; /* "Registrant Name:   X" */
			if (nc && (int)blanks < *gap)
				*gap = (int)blanks;
			col[nc++] = (uint16_t)cl;
			runs += rul;
		}
		blanks = 0;
		cl++;
	}
	*ruler = rul && runs >= 2;
	return nc;
}

/* Writes s[0..n) into out as a table row: "| " before it and a '|' for
 * the blank before each of the columns cols[1..nc) (when that byte is a
 * blank: a cell that runs over into the next column is not cut), so that
 * an empty cell keeps its column. Offsets in the row are those of s plus
 * 2. 0 or CG_ENOMEM. */
static int piped(cg_strbuf *out, const char *s, size_t n, const uint16_t *cols, int nc)
{
	unsigned cl = 0;
	int k = 1;

	cg_strbuf_reset(out);
	if (cg_strbuf_append(out, "| ", 2) || cg_strbuf_append(out, s, n))
		return CG_ENOMEM;
	for (size_t i = 0; i < n && k < nc; i++) {
		int ch = UC(s, i);
		if ((ch & 0xC0) == 0x80)
			continue;
		if (cl >= cols[k]) {
			if (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
				out->buf[i + 1] = '|';
			k++;
		}
		cl = ch == '\t' ? (cl / 8 + 1) * 8 : cl + 1;
	}
	return 0;
}

/* The header row (piped) gives the table's columns their roles. */
static void aligned_header(rctx *c, const char *s, size_t len)
{
	ner *n = c->ner;

	if (!n)
		return;
	n->tab_ok = header_roles(s, len, n->tab_role, &n->tab_whois, &n->tab_ncols) > 0;
	n->cand_ok = 0;
}

/* Whether the line with cells cur[0..nc) keeps to the table's columns:
 * two cells or more, each in a column of its own. */
static int keeps_columns(const rctx *c, const uint16_t *cur, int nc)
{
	int k = 0;

	if (nc < 2 || cur[0] < c->al_cols[0])
		return 0;
	for (int i = 0; i < nc; i++) {
		while (k + 1 < c->al_ncols && c->al_cols[k + 1] <= cur[i])
			k++;
		if (i > 0 && cur[i - 1] >= c->al_cols[k])
			return 0; /* two cells in one column */
	}
	return 1;
}

/* Whether cur (a line's cells) starts a table under the line before: each
 * of its cells after the first starts where a cell of that line does, two
 * of them at least, or one when both lines leave three blanks or more
 * between their cells (two blanks after a full stop are prose). */
static int aligned_under(const rctx *c, const uint16_t *cur, int nc, int gap)
{
	int match = 0;

	if (nc < 2 || c->al_nprev < 2)
		return 0;
	for (int i = 1; i < nc; i++) {
		int found = 0;
		for (int k = 1; k < c->al_nprev && !found; k++)
			found = c->al_prev[k] == cur[i];
		if (!found)
			return 0;
		match++;
	}
	return match >= 2 || (gap >= 3 && c->al_prevgap >= 3);
}

/* Whether the line may have two cells: a tab, or two blanks after its
 * first non-blank, or a ruler's first dash (most lines of prose have
 * neither: found with memchr). */
static int may_have_cells(const char *s, size_t n)
{
	size_t i = 0;
	const char *b;

	while (i < n && s[i] == ' ')
		i++;
	if (i == n)
		return 0;
	if (s[i] == '-' || s[i] == '=' || memchr(s + i, '\t', n - i))
		return 1;
	while ((b = memchr(s + i, ' ', n - i)) != NULL) {
		i = (size_t)(b - s) + 1;
		if (i < n && s[i] == ' ')
			return 1;
	}
	return 0;
}

int aligned_row(rctx *c, const char **s, size_t *n)
{
	uint16_t cur[ALIGN_CELLS];
	int gap = 1000, ruler = 0, nc, row = 0;

	if (!may_have_cells(*s, *n)) {
		/* one cell at most: no row, and no header for the next line */
		c->al_on = 0;
		c->al_nprev = 0;
		return 0;
	}
	nc = cells_of(*s, *n, cur, &gap, &ruler);

	if (c->al_on && (ruler || keeps_columns(c, cur, nc)))
		row = 1;
	else if (ruler || aligned_under(c, cur, nc, gap)) {
		/* the columns: the ruler's runs, else both lines' cells */
		int m = 0;
		if (ruler) {
			memcpy(c->al_cols, cur, (size_t)nc * sizeof *cur);
			m = nc;
		} else {
			for (int i = 0, k = 0; i < nc || k < c->al_nprev;) {
				uint16_t v = k >= c->al_nprev || (i < nc && cur[i] <= c->al_prev[k])
				                 ? cur[i]
				                 : c->al_prev[k];
				if (m < ALIGN_CELLS && (!m || c->al_cols[m - 1] != v))
					c->al_cols[m++] = v;
				i += i < nc && cur[i] == v;
				k += k < c->al_nprev && c->al_prev[k] == v;
			}
		}
		c->al_ncols = m;
		c->al_on = row = 1;
		if (c->al_nprev >= 2) {
			if (piped(&c->al_row, c->al_prevline.buf, c->al_prevline.len, c->al_cols,
			          c->al_ncols))
				return fatal_nomem(c);
			aligned_header(c, c->al_row.buf, c->al_row.len);
		}
	} else
		c->al_on = 0;
	c->al_nprev = nc >= 2 && !ruler ? nc : 0;
	c->al_prevgap = gap;
	memcpy(c->al_prev, cur, (size_t)(nc > 0 ? nc : 0) * sizeof *cur);
	cg_strbuf_reset(&c->al_prevline);
	if (c->al_nprev >= 2 && cg_strbuf_append(&c->al_prevline, *s, *n))
		return fatal_nomem(c);
	if (!row)
		return 0;
	if (piped(&c->al_row, *s, *n, c->al_cols, c->al_ncols))
		return fatal_nomem(c);
	*s = c->al_row.buf;
	*n = c->al_row.len;
	return 0;
}
