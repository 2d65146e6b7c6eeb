#include "cg_components.h"

#include <igraph.h>
#include <stdlib.h>

static void quiet_error(const char *reason, const char *file, int line, igraph_error_t code)
{
	(void)reason;
	(void)file;
	(void)line;
	(void)code;
	IGRAPH_FINALLY_FREE();
}

static void quiet_warning(const char *reason, const char *file, int line)
{
	(void)reason;
	(void)file;
	(void)line;
}

void cg_analysis_init(void)
{
	igraph_set_error_handler(quiet_error);
	igraph_set_warning_handler(quiet_warning);
}

int cg_components_compute(const cg_graph *g, cg_components **out, cg_error *err)
{
	size_t n = cg_graph_entity_count(g), m = cg_graph_link_count(g);
	igraph_vector_int_t edges, membership, csize;
	igraph_integer_t ncomp = 0;
	igraph_t ig;
	cg_components *c = NULL;
	int have_edges = 0, have_graph = 0, have_memb = 0, have_size = 0, rc = 0;
	size_t *renum = NULL;

	*out = NULL;
	if (igraph_vector_int_init(&edges, (igraph_integer_t)(2 * m))) {
		rc = CG_ENOMEM;
		goto out;
	}
	have_edges = 1;
	for (cg_lid l = 0; l < m; l++) {
		VECTOR(edges)[2 * l] = cg_link_source(g, l);
		VECTOR(edges)[2 * l + 1] = cg_link_target(g, l);
	}
	if (igraph_create(&ig, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED)) {
		rc = CG_EINVAL;
		goto out;
	}
	have_graph = 1;
	if (igraph_vector_int_init(&membership, 0) || (have_memb = 1, 0) ||
	    igraph_vector_int_init(&csize, 0) || (have_size = 1, 0) ||
	    igraph_connected_components(&ig, &membership, &csize, &ncomp, IGRAPH_WEAK)) {
		rc = CG_EINVAL;
		goto out;
	}
	c = calloc(1, sizeof *c);
	renum = malloc((size_t)(ncomp ? ncomp : 1) * sizeof *renum);
	if (!c || !renum || !(c->membership = malloc((n ? n : 1) * sizeof *c->membership))) {
		rc = CG_ENOMEM;
		goto out;
	}
	/* igraph numbers components by first vertex too; renumber anyway so the
	 * promise does not depend on igraph internals. */
	for (igraph_integer_t i = 0; i < ncomp; i++)
		renum[i] = (size_t)-1;
	size_t next = 0;
	for (size_t v = 0; v < n; v++) {
		igraph_integer_t k = VECTOR(membership)[v];
		if (renum[k] == (size_t)-1)
			renum[k] = next++;
		c->membership[v] = renum[k];
	}
	c->n = n;
	c->count = (size_t)ncomp;
	for (igraph_integer_t i = 0; i < ncomp; i++) {
		size_t s = (size_t)VECTOR(csize)[i];
		if (s > c->largest)
			c->largest = s;
		c->isolated += s == 1;
	}
	*out = c;
	c = NULL;
out:
	if (rc == CG_ENOMEM)
		cg_error_set(err, rc, NULL, 0, 0, "out of memory");
	else if (rc)
		cg_error_set(err, rc, NULL, 0, 0, "igraph failed to compute the components");
	free(renum);
	cg_components_free(c);
	if (have_size)
		igraph_vector_int_destroy(&csize);
	if (have_memb)
		igraph_vector_int_destroy(&membership);
	if (have_graph)
		igraph_destroy(&ig);
	if (have_edges)
		igraph_vector_int_destroy(&edges);
	return rc;
}

void cg_components_free(cg_components *c)
{
	if (!c)
		return;
	free(c->membership);
	free(c);
}
