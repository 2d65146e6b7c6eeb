#!/usr/bin/env python3
"""Checks that a Graphviz drawing reads on a slide (issue 17 item 1).

Usage: check_slide.py LAYOUT.json [WIDTH HEIGHT [MIN_PX]]

LAYOUT.json is Graphviz's own layout (`dot -Tjson FILE.dot`). The drawing
(its bounding box and pad) is scaled to fit WIDTH x HEIGHT pixels (1280 x
720); then every text Graphviz draws (graph, box, node and edge labels)
must be at least MIN_PX (12) pixels high, and no two nodes' boxes may
overlap. Prints one line per problem and exits 1 when there is any."""
import json
import sys


def texts(obj):
    """(font size, text) of every text drawn by one object."""
    for key in ('_ldraw_', '_hldraw_', '_tldraw_', '_draw_', '_hdraw_', '_tdraw_'):
        size = 14.0
        for op in obj.get(key, []):
            if op.get('op') == 'F':
                size = float(op['size'])
            elif op.get('op') == 'T':
                yield size, op.get('text', '')


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    width = float(args[1]) if len(args) > 1 else 1280.0
    height = float(args[2]) if len(args) > 2 else 720.0
    min_px = float(args[3]) if len(args) > 3 else 12.0
    with open(args[0], encoding='utf-8') as f:
        g = json.load(f)
    x0, y0, x1, y1 = (float(v) for v in g['bb'].split(','))
    pad = float(g.get('pad', '0.0555').split(',')[0]) * 72
    w, h = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
    scale = min(width / w, height / h)
    problems = []
    objs = [g] + g.get('objects', []) + g.get('edges', [])
    for o in objs:
        for size, text in texts(o):
            px = size * scale
            if px < min_px - 1e-6:
                problems.append('label %r is %.1f px high (font %.1f pt, scale %.3f), under %g px'
                                % (text, px, size, scale, min_px))
    boxes = []
    for o in g.get('objects', []):
        if 'pos' not in o or 'width' not in o:
            continue  # a subgraph
        x, y = (float(v) for v in o['pos'].split(','))
        bw, bh = float(o['width']) * 72, float(o['height']) * 72
        boxes.append((o['name'], x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            ox = min(a[3], b[3]) - max(a[1], b[1])
            oy = min(a[4], b[4]) - max(a[2], b[2])
            if ox > 0.5 and oy > 0.5:
                problems.append('nodes %r and %r overlap (%.1f x %.1f pt)' % (a[0], b[0], ox, oy))
    for p in problems[:20]:
        print(p)
    if len(problems) > 20:
        print('and %d more problems' % (len(problems) - 20))
    print('%s: %.0f x %.0f pt scaled by %.3f to fit %gx%g; %d nodes; %d problems'
          % (args[0], w, h, scale, width, height, len(boxes), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
