//! Text, with no knowledge of records: terminal safety and colour, Markdown and CSV escaping,
//! templates, progress.

pub mod csv;
pub mod html;
pub mod markdown;
pub mod markers;
pub mod progress;
pub mod template;
pub mod term;
