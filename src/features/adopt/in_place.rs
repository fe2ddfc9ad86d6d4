//! Using an existing folder where it is: the config that points git-adr at it.

use std::path::Path;

use super::Found;
use crate::error::{Error, Result};
use crate::model::config::{Config, ADR_DIR, CONFIG_PATH, DEFAULT_CONFIG_TOML};

/// The config that uses `found` in place: its folder and format, and the width its file names
/// give numbers (`adr-017-…`: ADR-017) when that is not the default.
pub fn config(found: &Found) -> Result<String> {
    let width = id_width(found);
    let ids = if width != 4 {
        format!("\n[ids]\nwidth = {width}               # as the folder's file names\n")
    } else {
        String::new()
    };
    let config = format!(
        "{DEFAULT_CONFIG_TOML}{ids}\n# This repository's ADRs are an existing folder, used in place: commands read and write\n# its records in their own format. `git adr init --import {folder}` converts them instead.\n[kinds.adr]\nfolder = \"{folder}\"\nformat = \"{format}\"\n",
        folder = found.folder,
        format = found.folder_format()
    );
    Config::parse(&config)?;
    Ok(config)
}

/// The width most of the folder's numbered file names write numbers in (the median).
fn id_width(found: &Found) -> usize {
    let mut widths: Vec<usize> = found
        .parsed
        .iter()
        .filter_map(|r| {
            let digits = crate::model::record::numbering(r.path.rsplit('/').next()?).1;
            (r.id.is_some() && digits > 0).then_some(digits)
        })
        .collect();
    widths.sort_unstable();
    widths.get(widths.len() / 2).copied().unwrap_or(4)
}

/// Writes the config that uses `found` in place into a new `.adr/` (never over an existing
/// config).
pub fn write(root: &Path, found: &Found) -> Result<()> {
    let config = config(found)?;
    let adr = root.join(ADR_DIR);
    crate::git::source::ensure_inside(root, &adr)?;
    std::fs::create_dir_all(&adr).map_err(|e| Error::io(&adr, e))?;
    let path = root.join(CONFIG_PATH);
    crate::store::atomic::create_new_atomic(&path, config.as_bytes())
        .map_err(|e| Error::io(&path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Record;

    fn found(names: &[&str]) -> Found {
        let parsed = names
            .iter()
            .map(|n| {
                let text = format!("# {n}\n\n* Status: accepted\n\n## Context\n\nText.\n");
                Record::parse_in_place("adr", &format!("doc/adr/{n}"), text.into()).unwrap()
            })
            .collect::<Vec<_>>();
        Found {
            folder: "doc/adr".into(),
            records: parsed.len(),
            format: crate::model::record::formats::Format::Madr2,
            errors: Vec::new(),
            parsed,
        }
    }

    #[test]
    fn the_config_points_at_the_folder_in_its_format() {
        let text = config(&found(&["0001-a.md", "0002-b.md"])).unwrap();
        assert!(
            text.ends_with("[kinds.adr]\nfolder = \"doc/adr\"\nformat = \"madr\"\n"),
            "{text}"
        );
        assert!(!text.contains("\n[ids]\n"), "{text}");
        let parsed = Config::parse(&text).unwrap();
        assert_eq!(parsed.kinds["adr"].path(), "doc/adr");
    }

    #[test]
    fn ids_keep_the_width_of_the_folders_file_names() {
        let text = config(&found(&["adr-001-a.md", "adr-002-b.md", "0003-c.md"])).unwrap();
        assert!(text.contains("\n[ids]\nwidth = 3 "), "{text}");
        assert_eq!(Config::parse(&text).unwrap().id_width, 3);
    }
}
