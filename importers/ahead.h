/* ahead: a file read ahead on a second thread, for the importers that read
 * large files record by record (csv_reader.c, jsonl.c). Private to
 * importers/.
 *
 * The reading thread (the producer) fills batches of items, each item a
 * fixed-size struct of the importer's, with bytes and size_t offsets beside
 * them; the calling thread (the consumer) takes the batches in order, does
 * what each item says, and gives each back. Four batches are in flight.
 * Nothing but the batches passes between the threads, so what the
 * consumer does is what it would do reading the file itself, in the same
 * order: the threads never share the graph. */
#ifndef CG_AHEAD_H
#define CG_AHEAD_H

#include "cg_strbuf.h"

#include <pthread.h>
#include <stddef.h>

#define AHEAD_BATCHES   4
#define AHEAD_CANCELLED (-1000) /* the producer's "the consumer has stopped" */

typedef struct ahead_batch {
	cg_strbuf bytes; /* the items' text */
	size_t *offs;    /* the items' offsets into bytes, where they need many */
	size_t n_offs, cap_offs;
	unsigned char *items; /* n_items items of item_size bytes */
	size_t n_items, cap_items;
	int last; /* the producer's last batch */
} ahead_batch;

typedef struct ahead {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	ahead_batch b[AHEAD_BATCHES];
	size_t filled;    /* batches handed over in all, by the producer */
	size_t taken;     /* batches given back in all, by the consumer */
	int cancelled;    /* the consumer has stopped: the producer stops too */
	ahead_batch *cur; /* the batch the producer fills */
	size_t item_size; /* bytes of one item */
	size_t max_items; /* items a batch takes before it is handed over */
	size_t max_bytes; /* bytes a batch takes before it is handed over */
	/* called on a batch before the producer fills it again, and on every
	 * batch at the end (ahead_free): frees what its items own */
	void (*clear)(ahead_batch *b, void *ctx);
	void *ctx;
	pthread_t thread;
	int started;
} ahead;

/* Sets q up for items of item_size bytes, batches handed over at max_items
 * items or max_bytes bytes, every batch allocated here (on the consumer's
 * thread, so that malloc reuses the memory once reading is over), with
 * room for offs_hint offsets. 0 or CG_ENOMEM (q is then freed). */
int ahead_init(ahead *q, size_t item_size, size_t max_items, size_t max_bytes, size_t offs_hint);

/* Starts the producer: fn(arg) on a new thread. 0, or CG_ENOMEM when no
 * thread could be made (the caller then reads on its own thread). */
int ahead_start(ahead *q, void *(*fn)(void *), void *arg);

/* The producer's: a new item, zeroed, in its batch (the batch being
 * handed over first when full), in *out. 0, AHEAD_CANCELLED or
 * CG_ENOMEM. q->cur is the batch it is in. */
int ahead_item(ahead *q, void **out);

/* The producer's: n bytes of s and a NUL appended to b's bytes, their
 * offset in *off. 0 or CG_ENOMEM. */
int ahead_put(ahead_batch *b, const char *s, size_t n, size_t *off);

/* The producer's last call: hands its batch over as the last. */
void ahead_finish(ahead *q);

/* The consumer's: the next batch, waiting for it. */
ahead_batch *ahead_take(ahead *q);

/* The consumer's: gives back the batch ahead_take gave; with stop, the
 * producer stops (its next ahead_item says AHEAD_CANCELLED). */
void ahead_give(ahead *q, int stop);

/* Waits for the producer (after its last batch, or after a stop), clears
 * and frees every batch. */
void ahead_free(ahead *q);

#endif
