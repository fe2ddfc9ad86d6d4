//! The relations graph as inline SVG, laid out when the site is built (no script, no CDN).
//!
//! Records with relations are laid out in layers: a record sits one layer below every record it
//! points at (what supersedes, amends or links to it is newer and drawn lower), so a chain of
//! supersessions reads top to bottom. Records without relations follow in a grid. Each node is a
//! link to the record's page, coloured by its status.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::pages::Row;
use crate::features::graph::Rel;
use crate::text::html::escape;

const NODE_W: usize = 220;
const NODE_H: usize = 40;
const GAP_X: usize = 30;
const GAP_Y: usize = 50;
const MARGIN: usize = 20;
/// Nodes in one row of a layer or of the grid, so a wide graph wraps instead of scrolling far.
const PER_ROW: usize = 6;
/// Characters of a title shown in a node.
const LABEL_CHARS: usize = 28;

/// The SVG of `rows` and the `edges` between them (by row position).
pub fn draw(rows: &[Row], edges: &BTreeSet<(usize, usize, Rel)>) -> String {
    let layer = layers(rows.len(), edges);
    let mut connected = vec![false; rows.len()];
    for &(a, b, _) in edges {
        connected[a] = true;
        connected[b] = true;
    }
    // Positions: layers first (each wrapped at PER_ROW), then the unconnected grid.
    let mut pos = vec![(0usize, 0usize); rows.len()];
    let mut y_row = 0usize;
    let max_layer = layer.iter().copied().max().unwrap_or(0);
    let mut by_layer: Vec<Vec<usize>> = vec![Vec::new(); max_layer + 1];
    for i in (0..rows.len()).filter(|&i| connected[i]) {
        by_layer[layer[i]].push(i);
    }
    for members in &by_layer {
        for (k, &i) in members.iter().enumerate() {
            pos[i] = (k % PER_ROW, y_row + k / PER_ROW);
        }
        y_row += members.len().div_ceil(PER_ROW);
    }
    let loose: Vec<usize> = (0..rows.len()).filter(|&i| !connected[i]).collect();
    let grid_top = y_row + usize::from(y_row > 0 && !loose.is_empty());
    for (k, &i) in loose.iter().enumerate() {
        pos[i] = (k % PER_ROW, grid_top + k / PER_ROW);
    }
    let total_rows = grid_top + loose.len().div_ceil(PER_ROW);
    let width = 2 * MARGIN + PER_ROW * NODE_W + (PER_ROW - 1) * GAP_X;
    let height = 2 * MARGIN + total_rows.max(1) * (NODE_H + GAP_Y);
    let xy = |i: usize| {
        let (c, r) = pos[i];
        (MARGIN + c * (NODE_W + GAP_X), MARGIN + r * (NODE_H + GAP_Y))
    };
    let mut out = String::with_capacity(300 * rows.len() + 200 * edges.len() + 512);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Relations between records\">\
<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" class=\"arrowhead\"/></marker></defs>"
    );
    for &(a, b, rel) in edges {
        let ((ax, ay), (bx, by)) = (xy(a), xy(b));
        // From the bottom or top of one node to the facing side of the other.
        let (x1, x2) = (ax + NODE_W / 2, bx + NODE_W / 2);
        let (y1, y2) = if ay > by {
            (ay, by + NODE_H)
        } else if ay < by {
            (ay + NODE_H, by)
        } else {
            (ay + NODE_H / 2, by + NODE_H / 2)
        };
        let marker = if rel == Rel::Relates {
            ""
        } else {
            " marker-end=\"url(#arrow)\""
        };
        let my = (y1 + y2) / 2;
        let _ = writeln!(
            out,
            "<path class=\"edge edge-{}\" d=\"M{x1},{y1} C{x1},{my} {x2},{my} {x2},{y2}\"{marker}><title>{} {} {}</title></path>",
            rel.label(),
            escape(&rows[a].id),
            rel.label(),
            escape(&rows[b].id),
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let (x, y) = xy(i);
        let title: String = r.title.chars().take(LABEL_CHARS).collect();
        let more = if r.title.chars().count() > LABEL_CHARS {
            "…"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<a href=\"{url}\" class=\"node tone-{tone}\" data-id=\"{id}\"><title>{id}: {full} ({status})</title>\
<rect x=\"{x}\" y=\"{y}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"6\"/>\
<text x=\"{tx}\" y=\"{ty1}\" class=\"nid\">{id} · {key}</text><text x=\"{tx}\" y=\"{ty2}\">{label}{more}</text></a>",
            url = escape(&r.url),
            tone = r.tone,
            id = escape(&r.id),
            full = escape(&r.title),
            status = escape(&r.status),
            key = escape(&r.key),
            tx = x + 8,
            ty1 = y + 16,
            ty2 = y + 32,
            label = escape(&title),
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Each node's layer: one more than the deepest node it points at, 0 for nodes pointing at
/// none. Undirected `relates` edges do not order nodes; a cycle (a broken record) is cut where
/// the rounds run out, which `git adr check` reports anyway.
fn layers(n: usize, edges: &BTreeSet<(usize, usize, Rel)>) -> Vec<usize> {
    let mut layer = vec![0usize; n];
    // Longest paths by relaxation: at most n rounds, usually a handful.
    for _ in 0..n.min(64) {
        let mut changed = false;
        for &(a, b, rel) in edges {
            if rel != Rel::Relates && layer[a] < layer[b] + 1 {
                layer[a] = layer[b] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}
