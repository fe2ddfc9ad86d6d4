//! Turning data into text: the minijinja templates (built in, overridable per repository) and
//! the helpers that make user text safe for a terminal.

pub mod budget;

use std::path::Path;

use crate::error::{Error, Location, Result};

/// Where a repository's own templates override the built-in ones.
pub const TEMPLATES_DIR: &str = ".adr/templates";

/// Enough fuel for any honest template, little enough that an endless loop in a template from a
/// cloned repository stops in a fraction of a second.
const TEMPLATE_FUEL: u64 = 2_000_000;
/// Largest text a render may produce: a PR body is at most 65,536 characters, a record far less.
pub const OUTPUT_LIMIT: usize = 4 * 1024 * 1024;
/// Largest template file read from a repository.
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// The templates compiled into the binary, by file name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("adr.md.j2", include_str!("../../../templates/adr.md.j2")),
    (
        "adr-tools.md.j2",
        include_str!("../../../templates/adr-tools.md.j2"),
    ),
    (
        "madr2.md.j2",
        include_str!("../../../templates/madr2.md.j2"),
    ),
    (
        "first-adr.md.j2",
        include_str!("../../../templates/first-adr.md.j2"),
    ),
    ("log.md.j2", include_str!("../../../templates/log.md.j2")),
    ("dod.md.j2", include_str!("../../../templates/dod.md.j2")),
    (
        "postmortem.md.j2",
        include_str!("../../../templates/postmortem.md.j2"),
    ),
    (
        "design.md.j2",
        include_str!("../../../templates/design.md.j2"),
    ),
    (
        "metric.md.j2",
        include_str!("../../../templates/metric.md.j2"),
    ),
    (
        "generic.md.j2",
        include_str!("../../../templates/generic.md.j2"),
    ),
    ("pr.md.j2", include_str!("../../../templates/pr.md.j2")),
];

/// A template's source and where it came from (for messages).
pub struct Template {
    pub name: String,
    pub origin: String,
    pub source: String,
}

/// Finds template `name`: `.adr/templates/<name>` in the work tree when present, else the
/// built-in one. A repository's template is read only if it is a regular file (reached, if
/// through symlinks, inside the repository and outside `.git`) and not larger than a template
/// needs to be.
pub fn load_template(root: Option<&Path>, name: &str) -> Result<Template> {
    if let Some(root) = root {
        let path = root.join(TEMPLATES_DIR).join(name);
        let shown = format!("{TEMPLATES_DIR}/{name}");
        let err = |message: String| Error::Template {
            location: Location {
                path: shown.clone(),
                line: None,
            },
            message,
        };
        if std::fs::symlink_metadata(&path).is_ok() {
            stays_inside(root, &path).map_err(err)?;
            let meta = std::fs::metadata(&path).map_err(|e| err(e.to_string()))?;
            if !meta.is_file() {
                return Err(err("is not a file".into()));
            }
            if meta.len() > MAX_TEMPLATE_BYTES {
                return Err(err(format!(
                    "is larger than {} KiB",
                    MAX_TEMPLATE_BYTES / 1024
                )));
            }
            let source =
                std::fs::read_to_string(&path).map_err(|e| err(format!("cannot read: {e}")))?;
            return Ok(Template {
                name: name.into(),
                origin: shown,
                source,
            });
        }
    }
    BUILTIN_TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .or_else(|| {
            BUILTIN_TEMPLATES
                .iter()
                .find(|(n, _)| *n == "generic.md.j2")
                .filter(|_| name.ends_with(".md.j2"))
        })
        .map(|(_, source)| Template {
            name: name.into(),
            origin: format!("built-in {name}"),
            source: source.to_string(),
        })
        .ok_or_else(|| Error::Template {
            location: Location {
                path: format!("{TEMPLATES_DIR}/{name}"),
                line: None,
            },
            message: "no such template".into(),
        })
}

/// Is the file at `path` (which exists) inside the work tree at `root` once every symlink on the
/// way is followed, the template file's own and its folders' (`.adr/templates` itself may be a
/// link)? And outside `.git`, whose files are git's, not templates.
fn stays_inside(root: &Path, path: &Path) -> std::result::Result<(), String> {
    let target = path
        .canonicalize()
        .map_err(|e| format!("cannot follow symlink: {e}"))?;
    let root = root.canonicalize().map_err(|e| e.to_string())?;
    if !target.starts_with(&root) {
        return Err(format!(
            "leads through a symlink to {}, outside the repository; refusing to read it",
            target.display()
        ));
    }
    if target.starts_with(root.join(".git")) {
        return Err(format!(
            "leads through a symlink to {}, inside .git; refusing to read it",
            target.display()
        ));
    }
    Ok(())
}

/// Renders a template with `context`. There is no loader, so a template cannot include other
/// files; fuel bounds its instructions, [`OUTPUT_LIMIT`] its output and [`budget`] its memory
/// and time.
pub fn render(template: &Template, context: minijinja::Value) -> Result<String> {
    render_with(template, context, |_| {})
}

/// [`render`] with extra settings (filters, whitespace control) applied to the environment.
pub fn render_with(
    template: &Template,
    context: minijinja::Value,
    configure: impl FnOnce(&mut minijinja::Environment<'_>),
) -> Result<String> {
    Compiled::new(template, configure)?.render(context)
}

/// A template compiled once and rendered many times (the pull-request summary renders until it
/// fits its size limit); each rendering has its own fuel and its own budget.
pub struct Compiled<'t> {
    env: minijinja::Environment<'t>,
    template: &'t Template,
}

impl<'t> Compiled<'t> {
    /// Compiles `template` in an environment with `configure`'s settings.
    pub fn new(
        template: &'t Template,
        configure: impl FnOnce(&mut minijinja::Environment<'t>),
    ) -> Result<Compiled<'t>> {
        let mut env = minijinja::Environment::new();
        configure(&mut env);
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.set_keep_trailing_newline(true);
        let _budget = budget::Budget::enter(&template.origin);
        env.add_template(&template.name, &template.source)
            .map_err(|e| template_error(template, e))?;
        Ok(Compiled { env, template })
    }

    /// Renders into text of at most [`OUTPUT_LIMIT`] bytes, within the memory and time budget.
    pub fn render(&self, context: minijinja::Value) -> Result<String> {
        let rendered = self.render_until(context, &mut |_| false)?;
        Ok(rendered.unwrap_or_default())
    }

    /// [`Compiled::render`], given each piece of text as it is written to `enough`, which may
    /// end the rendering early (`Ok(None)`): a caller that only asks whether the text fits a
    /// size stops when it cannot.
    pub fn render_until(
        &self,
        context: minijinja::Value,
        enough: &mut dyn FnMut(&[u8]) -> bool,
    ) -> Result<Option<String>> {
        let to_error = |e| template_error(self.template, e);
        let _budget = budget::Budget::enter(&self.template.origin);
        let tmpl = self
            .env
            .get_template(&self.template.name)
            .map_err(to_error)?;
        let mut out = Capped {
            text: Vec::new(),
            full: false,
            enough,
            stopped: false,
        };
        match tmpl.render_captured_to(context, &mut out).map(drop) {
            Ok(()) => Ok(Some(String::from_utf8_lossy(&out.text).into_owned())),
            Err(_) if out.stopped => Ok(None),
            Err(_) if out.full => Err(located(
                self.template,
                None,
                format!(
                    "renders more than {} MiB of text; a template may produce at most that",
                    OUTPUT_LIMIT >> 20
                ),
            )),
            Err(e) => Err(to_error(e)),
        }
    }
}

/// A template's error at its line, in the template as the user knows it.
fn template_error(template: &Template, e: minijinja::Error) -> Error {
    let message = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    located(template, e.line(), message)
}

fn located(template: &Template, line: Option<usize>, message: String) -> Error {
    Error::Template {
        location: Location {
            path: template.origin.clone(),
            line,
        },
        message,
    }
}

/// Rendered text, refusing to grow past [`OUTPUT_LIMIT`], and ending when `enough` says so.
struct Capped<'a> {
    text: Vec<u8>,
    /// The render tried to write past the limit (its error is ours).
    full: bool,
    enough: &'a mut dyn FnMut(&[u8]) -> bool,
    /// `enough` ended the render (its error is ours).
    stopped: bool,
}

impl std::io::Write for Capped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.text.len() + buf.len() > OUTPUT_LIMIT {
            self.full = true;
            return Err(std::io::Error::other("template output limit"));
        }
        self.text.extend_from_slice(buf);
        if (self.enough)(buf) {
            self.stopped = true;
            return Err(std::io::Error::other("rendered enough"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpl(src: &str) -> Template {
        Template {
            name: "t.md.j2".into(),
            origin: "t".into(),
            source: src.into(),
        }
    }

    #[test]
    fn endless_loops_run_out_of_fuel() {
        let t = tmpl(
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        );
        let e = render(&t, minijinja::context! {}).unwrap_err();
        assert!(e.to_string().contains("fuel"), "{e}");
    }

    #[test]
    fn templates_cannot_include_files() {
        let t = tmpl("{% include '/etc/passwd' %}");
        assert!(render(&t, minijinja::context! {}).is_err());
        let t = tmpl("{% include '../../etc/passwd' %}");
        assert!(render(&t, minijinja::context! {}).is_err());
    }

    #[test]
    fn deep_recursion_is_an_error_not_a_crash() {
        let t = tmpl("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
        assert!(render(&t, minijinja::context! {}).is_err());
    }

    #[test]
    fn output_past_the_limit_is_an_error_naming_the_template() {
        let t = tmpl("{% for a in range(5000) %}{{ 'x' * 1000 }}{% endfor %}");
        let e = render(&t, minijinja::context! {}).unwrap_err();
        assert!(
            e.to_string().starts_with("t: renders more than 4 MiB"),
            "{e}"
        );
        let t = tmpl("{% for a in range(3000) %}{{ 'x' * 1000 }}{% endfor %}");
        assert_eq!(render(&t, minijinja::context! {}).unwrap().len(), 3_000_000);
    }
}
