//! The site's pages through its templates (`templates/site/`, built in). Every value a template
//! prints is HTML-escaped unless the engine marked it as already safe HTML (a rendered body, the
//! graph's SVG): escaping is the default, not a filter a template could forget.
//!
//! The templates are the binary's own, not a repository's (a site is published: a cloned
//! repository's template must not decide what script it carries), so they run without the fuel
//! and memory budget that guards repository templates; record text reaches them only as data.

use minijinja::value::Value;
use minijinja::{context, Environment};
use serde::Serialize;

use super::pages::Row;
use crate::error::{Error, Location, Result};
use crate::text::html::escape;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.html.j2",
        include_str!("../../../templates/site/layout.html.j2"),
    ),
    (
        "index.html.j2",
        include_str!("../../../templates/site/index.html.j2"),
    ),
    (
        "record.html.j2",
        include_str!("../../../templates/site/record.html.j2"),
    ),
    (
        "timeline.html.j2",
        include_str!("../../../templates/site/timeline.html.j2"),
    ),
    (
        "graph.html.j2",
        include_str!("../../../templates/site/graph.html.j2"),
    ),
    (
        "log.html.j2",
        include_str!("../../../templates/site/log.html.j2"),
    ),
    (
        "dod.html.j2",
        include_str!("../../../templates/site/dod.html.j2"),
    ),
];

/// What every page knows about the site.
#[derive(Debug, Serialize)]
pub struct SiteContext {
    /// Without a trailing slash.
    pub base_url: Option<String>,
    pub rev: Option<String>,
    pub shallow: bool,
    pub has_history: bool,
}

/// One entry of the decision log page.
#[derive(Debug, Serialize)]
pub struct LogItem {
    pub date: String,
    pub what: String,
    pub row: Row,
}

/// A definition-of-done checklist as its page shows it.
#[derive(Debug, Serialize)]
pub struct ChecklistView {
    pub name: String,
    pub title: String,
    pub path: String,
    pub applies_to: Vec<String>,
    /// Rendered HTML.
    pub why: String,
    pub items: Vec<ItemView>,
    /// Records whose `dod` names it.
    pub named_by: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub text: String,
    pub owner: String,
    pub required: bool,
    pub run: String,
}

/// The templates, compiled once for every page.
pub struct Env<'s> {
    env: Environment<'static>,
    site: &'s SiteContext,
}

impl<'s> Env<'s> {
    pub fn new(site: &'s SiteContext) -> Env<'s> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.set_formatter(|out, _state, value| {
            if value.is_undefined() || value.is_none() {
                return Ok(());
            }
            if value.is_safe() {
                write!(out, "{value}")?;
            } else {
                out.write_str(&escape(&value.to_string()))?;
            }
            Ok(())
        });
        for (name, source) in TEMPLATES {
            // Built in and tested: a failure here is a bug in the binary, reported as such below.
            let _ = env.add_template(name, source);
        }
        Env { env, site }
    }

    fn render(&self, name: &str, root: &str, path: &str, ctx: Value) -> Result<String> {
        let canonical = self
            .site
            .base_url
            .as_ref()
            .map(|b| format!("{b}/{}", path.trim_end_matches("index.html")));
        let full = context! { site => self.site, root => root, canonical => canonical, ..ctx };
        self.env
            .get_template(name)
            .and_then(|t| t.render(full))
            .map_err(|e| Error::Template {
                location: Location {
                    path: format!("built-in site/{name}"),
                    line: e.line(),
                },
                message: e.to_string(),
            })
    }

    pub fn index_page(
        &self,
        rows: &[Row],
        statuses: &[(String, usize)],
        kinds: &[(String, usize)],
        tags: &[(String, usize)],
    ) -> Result<String> {
        self.render(
            "index.html.j2",
            "",
            "index.html",
            context! { records => rows, statuses => statuses, kinds => kinds, tags => tags },
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub fn record_page(
        &self,
        row: &Row,
        front: &[(&str, String)],
        relations: &impl Serialize,
        paths: &[String],
        trail: &impl Serialize,
        body: &str,
        file: &str,
    ) -> Result<String> {
        self.render(
            "record.html.j2",
            "../",
            &row.url,
            context! {
                r => row,
                front => front,
                relations => Value::from_serialize(relations),
                paths => paths,
                trail => Value::from_serialize(trail),
                body => Value::from_safe_string(body.to_string()),
                file => file,
            },
        )
    }

    pub fn timeline_page(&self, months: &[(String, Vec<Row>)]) -> Result<String> {
        self.render(
            "timeline.html.j2",
            "",
            "timeline.html",
            context! { months => months },
        )
    }

    pub fn graph_page(&self, svg: &str) -> Result<String> {
        self.render(
            "graph.html.j2",
            "",
            "graph.html",
            context! { svg => Value::from_safe_string(svg.to_string()) },
        )
    }

    pub fn log_page(&self, items: &[LogItem]) -> Result<String> {
        self.render("log.html.j2", "", "log.html", context! { items => items })
    }

    pub fn dod_page(&self, checklists: &[ChecklistView]) -> Result<String> {
        let checklists: Vec<Value> = checklists
            .iter()
            .map(|c| {
                let why = Value::from_safe_string(c.why.clone());
                context! { c => c, why => why }
            })
            .collect();
        self.render(
            "dod.html.j2",
            "",
            "dod.html",
            context! { checklists => checklists },
        )
    }
}
