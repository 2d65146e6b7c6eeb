/* ahead: a file read ahead on a second thread (ahead.h). */
#include "ahead.h"

#include "cg_array.h"
#include "cg_error.h"

#include <stdlib.h>
#include <string.h>

static void batch_reset(ahead *q, ahead_batch *b)
{
	if (q->clear)
		q->clear(b, q->ctx);
	cg_strbuf_reset(&b->bytes);
	b->n_offs = 0;
	b->n_items = 0;
	b->last = 0;
}

static void batch_free(ahead_batch *b)
{
	cg_strbuf_free(&b->bytes);
	free(b->offs);
	free(b->items);
}

int ahead_init(ahead *q, size_t item_size, size_t max_items, size_t max_bytes, size_t offs_hint)
{
	memset(q, 0, sizeof *q);
	q->item_size = item_size;
	q->max_items = max_items;
	q->max_bytes = max_bytes;
	q->cur = &q->b[0];
	for (int i = 0; i < AHEAD_BATCHES; i++) {
		ahead_batch *b = &q->b[i];
		b->cap_items = max_items + 1;
		b->cap_offs = offs_hint;
		if (cg_strbuf_reserve(&b->bytes, max_bytes + (16u << 10)) ||
		    !(b->items = malloc(b->cap_items * item_size)) ||
		    (offs_hint && !(b->offs = malloc(offs_hint * sizeof *b->offs)))) {
			for (int k = 0; k <= i; k++)
				batch_free(&q->b[k]);
			return CG_ENOMEM;
		}
	}
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	return 0;
}

int ahead_start(ahead *q, void *(*fn)(void *), void *arg)
{
	if (pthread_create(&q->thread, NULL, fn, arg) != 0)
		return CG_ENOMEM;
	q->started = 1;
	return 0;
}

/* The producer hands its batch over and, unless it is the last, waits for
 * the next to be free. */
static int hand_over(ahead *q, int last)
{
	int rc = 0;

	pthread_mutex_lock(&q->mu);
	if (q->cancelled) {
		pthread_mutex_unlock(&q->mu);
		return AHEAD_CANCELLED;
	}
	q->cur->last = last;
	q->filled++;
	pthread_cond_broadcast(&q->cv);
	while (!last && !q->cancelled && q->filled - q->taken == AHEAD_BATCHES)
		pthread_cond_wait(&q->cv, &q->mu);
	if (q->cancelled)
		rc = AHEAD_CANCELLED;
	else if (!last)
		q->cur = &q->b[q->filled % AHEAD_BATCHES];
	pthread_mutex_unlock(&q->mu);
	if (!rc && !last)
		batch_reset(q, q->cur);
	return rc;
}

int ahead_item(ahead *q, void **out)
{
	ahead_batch *b = q->cur;
	int rc;

	if ((b->n_items >= q->max_items || b->bytes.len >= q->max_bytes) && (rc = hand_over(q, 0)))
		return rc;
	b = q->cur;
	if (b->n_items == b->cap_items) {
		size_t cap = 2 * b->cap_items;
		unsigned char *p = realloc(b->items, cap * q->item_size);
		if (!p)
			return CG_ENOMEM;
		b->items = p;
		b->cap_items = cap;
	}
	*out = b->items + b->n_items++ * q->item_size;
	memset(*out, 0, q->item_size);
	return 0;
}

int ahead_put(ahead_batch *b, const char *s, size_t n, size_t *off)
{
	*off = b->bytes.len;
	return cg_strbuf_append(&b->bytes, s, n) || cg_strbuf_putc(&b->bytes, '\0') ? CG_ENOMEM : 0;
}

void ahead_finish(ahead *q)
{
	hand_over(q, 1);
}

ahead_batch *ahead_take(ahead *q)
{
	ahead_batch *b;

	pthread_mutex_lock(&q->mu);
	while (q->filled == q->taken)
		pthread_cond_wait(&q->cv, &q->mu);
	b = &q->b[q->taken % AHEAD_BATCHES];
	pthread_mutex_unlock(&q->mu);
	return b;
}

void ahead_give(ahead *q, int stop)
{
	pthread_mutex_lock(&q->mu);
	q->taken++;
	if (stop)
		q->cancelled = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

void ahead_free(ahead *q)
{
	if (q->started)
		pthread_join(q->thread, NULL);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	for (int i = 0; i < AHEAD_BATCHES; i++) {
		if (q->clear)
			q->clear(&q->b[i], q->ctx);
		batch_free(&q->b[i]);
	}
}
