//! `git adr show`: one record, for reading in a terminal, as Markdown, or as JSON.

use crate::cli::{ShowArgs, ShowFormat};
use crate::error::Result;
use crate::output::{id_text, record_json, stdout_err};
use crate::record::Id;
use crate::render::term;
use crate::store::Store;
use crate::Ui;

pub fn run(store: &Store, args: ShowArgs, ui: &mut Ui<'_>) -> Result<()> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| store.config.kind(k))
        .transpose()?;
    let record = store.find(&args.id, kind)?;
    let out = &mut *ui.out;
    match args.format {
        ShowFormat::Json => {
            let json = record_json(store, &record, true);
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            )
            .map_err(stdout_err)
        }
        ShowFormat::Markdown => {
            // The file as written; neutralised only when a terminal would interpret it.
            write!(out, "{}", crate::output::for_stdout(&record.text)).map_err(stdout_err)
        }
        ShowFormat::Text => {
            let s = ui.style;
            let f = &record.front;
            writeln!(
                out,
                "{}  {}",
                s.bold(&store.display_id(&record)),
                s.bold(&term(&record.title))
            )
            .map_err(stdout_err)?;
            let ids = |list: &[Id]| {
                list.iter()
                    .map(|i| id_text(store, &record.kind, *i))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let fields: [(&str, String); 11] = [
                ("status", record.status_shown().unwrap_or_default()),
                ("date", f.date.clone().unwrap_or_default()),
                ("decision-makers", f.decision_makers.join(", ")),
                ("tags", f.tags.join(", ")),
                ("paths", f.paths.join(", ")),
                ("supersedes", ids(&f.supersedes)),
                ("superseded-by", ids(&f.superseded_by)),
                ("amends", ids(&f.amends)),
                ("amended-by", ids(&f.amended_by)),
                ("relates", ids(&f.relates)),
                ("review-by", f.review_by.clone().unwrap_or_default()),
            ];
            for (name, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
                let value = if *name == "status" {
                    s.status(&term(value))
                } else {
                    term(value).into_owned()
                };
                writeln!(out, "{} {value}", s.dim(&format!("{name:>15}:"))).map_err(stdout_err)?;
            }
            writeln!(
                out,
                "{} {}",
                s.dim(&format!("{:>15}:", "file")),
                term(&record.path)
            )
            .map_err(stdout_err)?;
            // The body without its title line, which is already shown above.
            let body: String = record
                .body()
                .lines()
                .enumerate()
                .filter(|(i, _)| {
                    i + 1 + record.text[..record.body_start].lines().count() != record.title_line
                })
                .map(|(_, l)| l.trim_end_matches('\r'))
                .collect::<Vec<_>>()
                .join("\n");
            writeln!(out, "\n{}", term(body.trim_matches('\n'))).map_err(stdout_err)
        }
    }
}
