/* The timeline's functions for the briefing (render/timeline.c). Private
 * to render/, not installed. */
#ifndef CG_TIMELINE_H
#define CG_TIMELINE_H

#include "cg_render.h"

/* cg_event_text, with the names redacted (cg_redact_name) when redact is
 * nonzero, as a briefing made with --redact shows them. */
int timeline_event_text(const cg_graph *g, const cg_event *ev, int redact, cg_strbuf *sb);

#endif
