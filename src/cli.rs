//! The command line: clap types only. Each subcommand's behaviour lives in `commands/`.

use crate::model::record::Relation;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Records live in .adr/ of the repository: Markdown files with YAML front matter (MADR 4),
one per decision, numbered by their file name. Start with `git adr init`.

Exit codes: 0 success, 1 findings (a check failed, a search found nothing, a record was
unreadable), 2 usage or environment error.

`git adr --help` is turned by git into `man git-adr`; install the man pages once with
`git adr man --install`, or use `git adr -h` or `git adr help [COMMAND]`.";

/// Architecture decision records, versioned with your code.
///
/// git-adr keeps decisions (ADRs), decision-log entries and definition-of-done checklists as
/// Markdown files under .adr/ in your repository, and uses git itself for numbering, history
/// and review.
#[derive(Parser, Debug)]
#[command(name = "git-adr", version, about, long_about, after_help = AFTER_HELP)]
#[command(arg_required_else_help = true, disable_help_subcommand = true)]
pub struct Cli {
    /// Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once.
    #[arg(short = 'C', value_name = "DIR", global = true, action = clap::ArgAction::Append)]
    pub directory: Vec<PathBuf>,

    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Set up git-adr: .adr/ with its config and ADR 1, or an existing ADR folder used in place.
    ///
    /// When the repository already keeps ADRs (adr-tools' `.adr-dir`, doc/adr, docs/adr,
    /// docs/decisions, …), they are used in place: the config points at that folder and every
    /// command reads and writes its records in their own format. `--import` converts them to
    /// git-adr's format instead. Safe to run again: an existing .adr/ is left as it is.
    #[command(
        after_help = "Examples:\n  git adr init\n  git adr init --in-place docs/architecture/adr   # a folder not found on its own\n  git adr init --import doc/adr                  # convert adr-tools / MADR records"
    )]
    Init(InitArgs),

    /// Create a record from its kind's template.
    ///
    /// The number is one more than the highest in the work tree, the index, and every local and
    /// remote-tracking branch, so two branches never take the same one unknowingly. At a
    /// terminal, missing input is asked for and the editor opens (GIT_EDITOR, core.editor,
    /// VISUAL, EDITOR); in scripts, give everything as flags. Prints the new file's path.
    #[command(
        after_help = "Examples:\n  git adr new \"Use PostgreSQL for the event store\" --tag storage --no-edit\n  git adr new \"Move to PostgreSQL 17\" --supersedes 2\n  git adr new --kind log \"Cache TTL of five minutes\""
    )]
    New(NewArgs),

    /// List records, with filters.
    #[command(
        after_help = "Examples:\n  git adr list --status accepted\n  git adr list --path src/db/pool.rs      # decisions that govern this file\n  git adr list --dates git                # when and by whom each was created and last changed\n  git adr list --format json | jq '.[].title'"
    )]
    List(ListArgs),

    /// Show one record.
    Show(ShowArgs),

    /// Change a record's status, checked against the configured lifecycle.
    ///
    /// The default lifecycle is: proposed → accepted | rejected, accepted → deprecated |
    /// superseded. To supersede a record use `git adr supersede`, which updates both records.
    Status(StatusArgs),

    /// Set a record's status to `accepted`.
    Accept(IdArgs),

    /// Set a record's status to `rejected`.
    Reject(IdArgs),

    /// Set a record's status to `deprecated`.
    Deprecate(IdArgs),

    /// Mark OLD as superseded by NEW, updating both records in one operation.
    ///
    /// OLD gets `status: superseded` and `superseded-by: [NEW]`; NEW gets `supersedes: [OLD]`.
    /// Only those front-matter lines change; comments and other keys are kept.
    Supersede(SupersedeArgs),

    /// Link two records: A amends, relates to, or supersedes B. Both records are updated.
    ///
    /// `amends` writes `amends: [B]` on A and `amended-by: [A]` on B; `relates` writes
    /// `relates` on both; `supersedes` is the same as `git adr supersede B A`.
    Link(LinkArgs),

    /// Search titles and bodies; every word must match (case-insensitive).
    ///
    /// Exits 1 when nothing matches, like grep.
    Search(SearchArgs),

    /// Find the earlier decisions that already weighed an option: chosen, rejected or
    /// superseded, when, by whom and why.
    ///
    /// Matches options however they are worded (case, markup, plurals, stop words), weighting
    /// rare words over common ones; tune or turn off with `[settled]` in .adr/config.toml.
    /// Exits 1 when nothing matches, like grep.
    #[command(
        after_help = "Examples:\n  git adr settled \"accept the input file as a positional argument\"\n  git adr settled PostgreSQL for analytics --format json"
    )]
    Settled(SettledArgs),

    /// Print a shell completion script.
    ///
    /// The bash script also completes `git adr <TAB>` when git's own completion is loaded.
    #[command(
        after_help = "Examples:\n  git adr completions bash > ~/.local/share/bash-completion/completions/git-adr\n  git adr completions zsh > \"${fpath[1]}/_git-adr\"\n  git adr completions fish > ~/.config/fish/completions/git-adr.fish"
    )]
    Completions(CompletionsArgs),

    /// Print the man page, or install all man pages where man finds them.
    ///
    /// git turns `git adr --help` into `man git-adr`. After `cargo install` (or any install),
    /// run `git adr man --install`: it writes the pages into `share/man/man1` beside the
    /// binary's folder (`~/.cargo/share/man/man1` for `~/.cargo/bin`), where man finds them
    /// without MANPATH, and says so when man would not look there.
    Man(ManArgs),

    /// Show a command's man page, or its long help when no page is installed (like `git help`).
    Help(HelpArgs),

    /// Validate records: the gate for pre-commit hooks and CI.
    ///
    /// Checks front matter, required fields and sections, titles, file names, unique ids, links,
    /// supersede chains and lifecycle. Without a scope it checks the work tree; `--staged` checks
    /// the index (what will be committed); `--base REF` checks what the branch changes since it
    /// left REF, including ids that REF took in the meantime. Exits 1 when an error-level finding
    /// exists.
    #[command(
        after_help = "Examples:\n  git adr check\n  git adr check --staged                     # in a pre-commit hook\n  git adr check --base origin/main --format github   # in CI\n\nRule severities can be changed in .adr/config.toml under [check.rules]."
    )]
    Check(CheckArgs),

    /// Install or remove the pre-commit and commit-msg hooks.
    ///
    /// An existing hook is never overwritten: it keeps running, chained before ours, and
    /// `uninstall` restores it byte for byte.
    Hook(HookArgs),

    /// Show or clear the caches git-adr keeps in the git directory.
    ///
    /// Records as parsed (keyed by blob id, or by path and stat data for work-tree files) and
    /// what history says are kept under the common git directory, in adr/, so that a command
    /// reading every record parses only what changed. They are derived data: clearing them is
    /// always safe, and the next command rebuilds them. GIT_ADR_NO_CACHE=1 or
    /// `git config adr.cache false` turns the record cache off; GIT_ADR_CACHE_DEBUG=1 makes each
    /// command say on standard error what the record cache did.
    #[command(after_help = "Examples:\n  git adr cache info\n  git adr cache clear")]
    Cache(CacheArgs),

    /// Move a record to a free number, rewriting every reference to it.
    ///
    /// Renames the file and updates `supersedes`, `superseded-by`, `amends`, `amended-by` and
    /// `relates` in every record, all or nothing. A tracked file's rename is staged, as `git mv`
    /// does; the reference edits are not. When two files share the number after a merge, name
    /// the file to move; a reference to the shared number is matched by its other end
    /// (supersedes ↔ superseded-by, amends ↔ amended-by, relates ↔ relates), and one that
    /// cannot be told apart is left as it is and reported. Mentions in the text are reported,
    /// not rewritten.
    #[command(
        after_help = "Examples:\n  git adr renumber 5 6\n  git adr renumber 5 --next --dry-run\n  git adr renumber .adr/decisions/0005-use-redis.md --next    # after a merge"
    )]
    Renumber(RenumberArgs),

    /// The reviewer-ready summary of a branch, for a pull-request description.
    ///
    /// Covers merge-base(BASE, HEAD)..HEAD: the decisions the branch makes or changes (each with
    /// its tradeoff table, consequences, verification steps, rollout and rollback), code it
    /// touches that earlier decisions govern, decision-log entries, the definition-of-done
    /// checklists that apply, and warnings. BASE is --base, else $GITHUB_BASE_REF or
    /// $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the branch's upstream, else origin/HEAD.
    #[command(visible_alias = "summary")]
    #[command(
        after_help = "Examples:\n  git adr pr --base main | gh pr create --body-file -\n  glab mr create --description \"$(git adr pr)\"\n  git adr pr >> \"$GITHUB_STEP_SUMMARY\"\n  gh pr view --json body --template '{{.body}}' | git adr pr --update-body - > body.md"
    )]
    Pr(PrArgs),

    /// The decision log: small decisions, one file each, and a timeline.
    ///
    /// `git adr log` prints the timeline, newest first: log entries together with the lifecycle
    /// events of records (created, status changes) taken from git history.
    /// `git adr log add TITLE` records an entry.
    Log(LogArgs),

    /// The definition-of-done checklists that apply to the current change.
    ///
    /// The change is what the branch commits since it left BASE (--base, else as for
    /// `git adr pr`) plus what is not committed yet (staged, unstaged and untracked files); with
    /// no base found, the uncommitted changes alone. A checklist in .adr/dod/ applies when its
    /// `applies-to` globs match a changed file, when a record in the change names it
    /// (`dod: [name]`), or when `[dod] default` lists it. Automatic items (`run:`) are commands
    /// from the repository: they run only with --run (or `git adr check --dod`), with `sh -c` in
    /// the repository root, and are stopped with everything they started after
    /// `[dod] timeout-seconds`. Exits 1 when a required automatic item fails or a checklist
    /// cannot be read.
    Dod(DodArgs),

    /// List the commits that cite a decision in a `Decision:` trailer.
    Trace(TraceArgs),

    /// List the decisions whose `paths` govern a file.
    Why(WhyArgs),

    /// A record's trail from git history: when, who, which commit, what changed in its status.
    History(HistoryArgs),

    /// Write a Markdown index of the records to .adr/README.md (deterministic).
    Index(IndexArgs),

    /// The relations between records as a Mermaid or Graphviz DOT graph.
    Graph(GraphArgs),

    /// Write a static, searchable site of every record: plain HTML, CSS and a small script.
    ///
    /// An index of the records (search, filters by status, kind and tag), a page per record
    /// (its text, front matter, relations both ways, governed paths and its trail from git), a
    /// timeline, a relations graph drawn as SVG, the decision log and the definition-of-done
    /// checklists. No server, no CDN, nothing fetched when it is viewed: it works from file://,
    /// at a domain's root and under a sub-path. The same repository gives the same bytes.
    ///
    /// The output folder is the site's own: it must be new, empty, or a site written before
    /// (recognised by its .git-adr-site manifest); files an earlier build wrote and this one
    /// does not are removed, nothing else is touched.
    Site(SiteArgs),

    /// Every record as JSON (schema in the README).
    Export(ExportArgs),

    /// What changed in the decisions between two revisions, or a revision and the work tree.
    ///
    /// Compares records, not files: which were added, deleted or renamed (a record keeps its
    /// identity — kind and number, or name for checklists — when its file is renamed), status
    /// changes, supersessions, titles, considered and chosen options, edited sections and other
    /// front-matter keys (tags, paths, decision-makers, review-by, links, …). Formatting alone
    /// (comments, key order, line endings) is no difference.
    ///
    /// Revisions work as in `git diff`: `A...B` compares the merge base of A and B with B (what B
    /// changed since it left A: what merging B would bring); `A..B` and `A B` compare A with B; a
    /// single REF compares REF with the work tree, uncommitted and untracked records included.
    /// An empty side of `..` or `...` is HEAD. Without a revision: the merge base of the branch's
    /// base (found as for `git adr pr`) with the work tree — everything this branch changes,
    /// committed or not; where there is no base (on the default branch itself), HEAD with the
    /// work tree.
    ///
    /// A record that cannot be read on one side is a warning and is not compared. Exits 0, or
    /// with --exit-code 1 when something differs.
    #[command(
        after_help = "Examples:\n  git adr diff main...feature            # what feature decides since it left main\n  git adr diff v1.0 v2.0                 # decisions between two releases\n  git adr diff HEAD~3                    # since three commits ago, work tree included\n  git adr diff                           # this branch, committed or not, against its base\n  git adr diff origin/main... --format markdown | gh pr comment --body-file -\n  git adr diff --exit-code v1.0..HEAD    # exit 1 when decisions changed"
    )]
    Diff(DiffArgs),

    /// Serve decisions to coding agents: a Model Context Protocol server over stdio.
    ///
    /// Started by an agent (`{"command": "git", "args": ["adr", "mcp"]}`), it answers with the
    /// same engines, JSON and errors as the commands: list, show, search, why, settled, pr, diff,
    /// check, history and trace as tools; each record, the index and the config as resources.
    /// Read-only unless --allow-write, which adds new_decision, set_status, supersede and link.
    /// Nothing but protocol messages is written to standard output; warnings reach the agent with
    /// each result.
    #[command(
        after_help = "Examples:\n  git adr mcp                       # read-only, for an agent's mcpServers config\n  git adr -C ~/src/shop mcp --allow-write\n  npx @modelcontextprotocol/inspector --cli git adr mcp --method tools/list"
    )]
    Mcp(McpArgs),
}

#[derive(Args, Debug)]
pub struct McpArgs {
    /// Also offer the tools that write records (new_decision, set_status, supersede, link).
    /// They edit files in the work tree, as the commands do; they never commit.
    #[arg(long)]
    pub allow_write: bool,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Use the ADRs in this existing folder (adr-tools, MADR 2/3/4, log4brains) in place,
    /// without converting them.
    #[arg(long, value_name = "DIR", conflicts_with = "import")]
    pub in_place: Option<String>,

    /// Convert the ADRs in this folder (adr-tools, MADR 2/3/4, log4brains) into .adr/decisions/,
    /// keeping numbers, titles, dates, statuses, links and bodies. The folder is left as it is.
    #[arg(long, value_name = "DIR")]
    pub import: Option<String>,

    /// Say what would be done (the folder found, the records imported), write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The title; several words may be given without quotes.
    #[arg(value_name = "TITLE")]
    pub title: Vec<String>,

    /// Kind of record: adr, log, dod, postmortem, design, metric, or one from config.toml.
    #[arg(short, long, default_value = "adr")]
    pub kind: String,

    /// Initial status (default: the kind's initial status, `proposed` for ADRs).
    #[arg(short, long)]
    pub status: Option<String>,

    /// A record this one supersedes (repeatable); it is marked superseded in the same
    /// operation, and its `paths` and `tags` are carried over unless --path/--tag are given.
    #[arg(long, value_name = "ID")]
    pub supersedes: Vec<String>,

    /// A record this one amends (repeatable); it gets `amended-by` in the same operation.
    #[arg(long, value_name = "ID")]
    pub amends: Vec<String>,

    /// A tag (repeat the flag or separate with commas).
    #[arg(short, long = "tag", value_name = "TAG", value_delimiter = ',')]
    pub tags: Vec<String>,

    /// A glob of the code this decision governs, e.g. 'services/events/**'.
    #[arg(short, long = "path", value_name = "GLOB")]
    pub paths: Vec<String>,

    /// A person who made the decision (MADR `decision-makers`).
    #[arg(short, long = "decider", value_name = "NAME", value_delimiter = ',')]
    pub deciders: Vec<String>,

    /// The decision's date, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// Allow superseding a record the lifecycle does not allow (e.g. a rejected one).
    #[arg(long)]
    pub force: bool,

    /// A considered option (repeatable, in order): the template's "Considered Options" list
    /// becomes one item per option.
    #[arg(long = "option", value_name = "TEXT")]
    pub options: Vec<String>,

    /// The text of a section, e.g. "Context and Problem Statement=We need …" (repeatable). It
    /// replaces what the template has under that heading (other names of a known section work
    /// too); a heading the template lacks is an error.
    #[arg(long = "section", value_name = "HEADING=TEXT")]
    pub sections: Vec<String>,

    /// Do not open the editor.
    #[arg(long, conflicts_with = "edit")]
    pub no_edit: bool,

    /// Open the editor even when not at a terminal.
    #[arg(long)]
    pub edit: bool,

    /// Output: the file's path, or the record as JSON.
    #[arg(long, value_enum, default_value_t = NewFormat::Path)]
    pub format: NewFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewFormat {
    /// The new file's path, relative to the current directory.
    Path,
    /// The new record as JSON.
    Json,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only records with this status (repeatable). In an existing folder whose statuses are
    /// free text, this is the normalised key: `accepted` matches "Approved by TSC", `on-hold`
    /// matches "On hold".
    #[arg(short, long)]
    pub status: Vec<String>,

    /// Only records with this tag (repeatable; a record must have all of them).
    #[arg(short, long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Only records of this kind (repeatable; default: all kinds).
    #[arg(short, long)]
    pub kind: Vec<String>,

    /// Only records whose `paths` globs govern this file.
    #[arg(short, long, value_name = "FILE")]
    pub path: Option<String>,

    #[arg(short, long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    /// Where dates come from. `git` adds when each record was created and last changed, and by
    /// whom, from history (read once, then cached in the git directory): CREATED, BY and UPDATED
    /// columns beside the front matter's DATE, `created`/`updated` in JSON.
    #[arg(long, value_enum, value_name = "FROM", default_value_t = DatesFrom::FrontMatter)]
    pub dates: DatesFrom,
}

/// Where `list` and `show` take dates from.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatesFrom {
    /// The `date` written in the front matter only (history is not read).
    FrontMatter,
    /// Also the created and last-changed dates and authors from git history.
    Git,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned columns for reading.
    Table,
    /// An array of records (schema in the README).
    Json,
    /// A Markdown table with links, e.g. for an index page.
    Markdown,
    /// Comma-separated values with a header row.
    Csv,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The record: 2, ADR-0002, LOG-3, a checklist's name, or a record's file (path or name,
    /// e.g. when two files share a number, or a date-named record of an existing folder).
    pub id: String,

    /// Look the id up among records of this kind.
    #[arg(short, long)]
    pub kind: Option<String>,

    #[arg(short, long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,

    /// Where dates come from. `git` (the default) adds when the record was created and last
    /// changed, by whom and in which commit, from history (cached in the git directory);
    /// `front-matter` shows only the `date` written in the record and does not read history.
    #[arg(long, value_enum, value_name = "FROM", default_value_t = DatesFrom::Git)]
    pub dates: DatesFrom,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShowFormat {
    /// For reading in a terminal.
    Text,
    /// The file as written.
    Markdown,
    /// The record, with its body, as JSON.
    Json,
}

#[derive(Args, Debug)]
pub struct IdArgs {
    /// The record: 2, ADR-0002, LOG-3, or its file.
    pub id: String,

    /// Allow a change the lifecycle does not allow (from a final status, for example).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// The record: 2, ADR-0002, LOG-3, or its file.
    pub id: String,

    /// The new status.
    pub status: String,

    /// Allow a change the lifecycle does not (e.g. accepted → proposed).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct SupersedeArgs {
    /// The record being replaced.
    pub old: String,
    /// The record that replaces it.
    pub new: String,
    /// Allow superseding a record the lifecycle does not allow (e.g. a rejected one).
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct LinkArgs {
    /// The record that links.
    pub from: String,
    /// The relation: amends, relates or supersedes (the other record gets the other end).
    #[arg(value_parser = PossibleValuesParser::new(["amends", "relates", "supersedes"])
        .map(|s| Relation::from_key(&s).unwrap_or(Relation::Relates)))]
    pub relation: Relation,
    /// The record linked to.
    pub to: String,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Words to find.
    #[arg(required = true)]
    pub text: Vec<String>,

    /// Only records of this kind (repeatable).
    #[arg(short, long)]
    pub kind: Vec<String>,

    #[arg(short, long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
}

#[derive(Args, Debug)]
pub struct SettledArgs {
    /// The option, in any words (several arguments are joined with spaces).
    #[arg(required = true)]
    pub text: Vec<String>,

    /// At most this many matches (at least 1).
    #[arg(short = 'n', long, default_value_t = 10,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub limit: usize,

    /// Text: one match per block with its fate and reason; json: the matches with scores.
    #[arg(short, long, value_enum, default_value_t = SearchFormat::Text)]
    pub format: SearchFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchFormat {
    /// Matching records with their matching lines.
    Text,
    /// Matching records as JSON, each with its `matches`.
    Json,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write git-adr.1 and one page per command into DIR instead of printing git-adr.1.
    #[arg(long, value_name = "DIR", conflicts_with = "install")]
    pub dir: Option<PathBuf>,

    /// Write every page into `<prefix>/share/man/man1` for the binary's `<prefix>/bin`.
    #[arg(long)]
    pub install: bool,
}

#[derive(Args, Debug)]
pub struct HelpArgs {
    /// The command whose page to show; without it, git-adr's own page.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Check what the next commit changes: the records the index changes (with what they link
    /// to, and every record when config.toml is staged), read from the index. Passes at once
    /// when nothing under .adr/ is staged.
    #[arg(long, conflicts_with = "base")]
    pub staged: bool,

    /// Check what changed since the branch left REF, and the ids REF took since.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,

    /// Also run the automatic definition-of-done items that apply, failing when a required
    /// one fails.
    #[arg(long)]
    pub dod: bool,

    #[arg(short, long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    /// `path:line: error[code]: message`, with hints.
    Human,
    /// A JSON report (schema in the README).
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`).
    Github,
}

#[derive(Args, Debug)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub action: CacheAction,
}

#[derive(Subcommand, Debug)]
pub enum CacheAction {
    /// Where the caches are, their size, and how many records the record cache holds.
    Info,
    /// Delete the caches (the next command rebuilds them).
    Clear,
}

#[derive(Args, Debug)]
pub struct HookArgs {
    #[command(subcommand)]
    pub action: HookAction,
}

#[derive(Subcommand, Debug)]
pub enum HookAction {
    /// Install hooks (all of them when neither flag is given).
    Install(HookInstallArgs),
    /// Remove our hooks and restore the ones that were there before.
    Uninstall(HookSelection),
    /// Run a hook's check (what the installed hook scripts call).
    #[command(hide = true)]
    Run(HookRunArgs),
}

#[derive(Args, Debug)]
pub struct HookSelection {
    /// The pre-commit hook, and its twin for merges, pre-merge-commit (both run
    /// `git adr check --staged`).
    #[arg(long)]
    pub pre_commit: bool,
    /// The commit-msg hook (checks `Decision:` trailers).
    #[arg(long)]
    pub commit_msg: bool,
}

#[derive(Args, Debug)]
pub struct HookInstallArgs {
    #[command(flatten)]
    pub which: HookSelection,
    /// Install into the directory named by core.hooksPath (e.g. husky's) instead of refusing.
    #[arg(long)]
    pub hooks_path: bool,
}

#[derive(Args, Debug)]
pub struct HookRunArgs {
    /// pre-commit or commit-msg.
    pub hook: String,
    /// The hook's arguments (commit-msg: the message file, whose path may not be UTF-8).
    pub args: Vec<std::ffi::OsString>,
}

#[derive(Args, Debug)]
pub struct RenumberArgs {
    /// The record to move: 5, ADR-0005, or its file (.adr/decisions/0005-b.md, 0005-b) when two
    /// files share the number after a merge.
    pub old: String,
    /// Its new number (must be free).
    #[arg(required_unless_present = "next", conflicts_with = "next")]
    pub new: Option<String>,
    /// Take the next free number (as `git adr new` would).
    #[arg(long)]
    pub next: bool,
    /// Show what would change, change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The record's kind, when it is not an ADR.
    #[arg(short, long)]
    pub kind: Option<String>,
}

#[derive(Args, Debug)]
pub struct PrArgs {
    /// The branch this one will merge into (default: $GITHUB_BASE_REF or
    /// $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream if it is another branch, else
    /// origin/HEAD, else a local main or master).
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,

    #[arg(short, long, value_enum, default_value_t = PrFormat::Markdown)]
    pub format: PrFormat,

    /// Longest Markdown body, in characters (GitHub's limit by default); 0 for no limit.
    #[arg(long, value_name = "N", default_value_t = 65_536)]
    pub max_chars: usize,

    /// Run the automatic definition-of-done items and show their results.
    #[arg(long)]
    pub run: bool,

    /// Print FILE (a pull-request description; `-` reads standard input) with the Markdown
    /// summary placed between `<!-- git-adr:begin -->` and `<!-- git-adr:end -->`: replaced
    /// when the markers are there, appended when not, every other byte kept. Always Markdown
    /// (not with --format json); --max-chars then bounds the whole description.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub update_body: Option<std::path::PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrFormat {
    /// Markdown for a pull-request description or a step summary.
    Markdown,
    /// The same data as JSON (schema in the README).
    Json,
}

#[derive(Args, Debug)]
pub struct LogArgs {
    #[command(subcommand)]
    pub action: Option<LogAction>,

    /// Only events on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    #[arg(short, long, value_enum, default_value_t = LogFormat::Text)]
    pub format: LogFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// One line per event, for reading.
    Text,
    /// The events as JSON.
    Json,
    /// A Markdown list.
    Markdown,
}

#[derive(Subcommand, Debug)]
pub enum LogAction {
    /// Record a decision-log entry.
    Add(LogAddArgs),
}

#[derive(Args, Debug)]
pub struct LogAddArgs {
    /// The entry's title; several words may be given without quotes.
    pub title: Vec<String>,
    /// What forced a decision: the requirement, limit or problem.
    #[arg(long)]
    pub constraint: Option<String>,
    /// What was chosen.
    #[arg(long)]
    pub choice: Option<String>,
    /// Why this choice over the alternatives.
    #[arg(long)]
    pub why: Option<String>,
    /// Who decided (repeat the flag or separate with commas).
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub decided_by: Vec<String>,
    /// How the choice was verified, and by whom.
    #[arg(long, value_name = "TEXT")]
    pub verified_by: Option<String>,
    /// When to revisit the choice (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub revisit: Option<String>,
    /// A record this entry belongs to, e.g. ADR-0002 (repeatable).
    #[arg(long, value_name = "ID")]
    pub link: Vec<String>,
    /// A tag (repeat the flag or separate with commas).
    #[arg(short, long = "tag", value_name = "TAG", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Output: the new file's path, or the entry as JSON.
    #[arg(long, value_enum, default_value_t = NewFormat::Path)]
    pub format: NewFormat,
}

#[derive(Args, Debug)]
pub struct DodArgs {
    /// The branch this one will merge into (default: as for `git adr pr`).
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// Run the automatic items (each with a timeout) and show their results.
    #[arg(long)]
    pub run: bool,
    #[arg(short, long, value_enum, default_value_t = DodFormat::Text)]
    pub format: DodFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DodFormat {
    /// The checklists for reading.
    Text,
    /// Markdown checklists.
    Markdown,
    /// The checklists and results as JSON.
    Json,
}

/// Text for people or JSON for scripts (`trace`, `why`, `history`).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextOrJson {
    /// For reading.
    Text,
    /// As JSON (schema in the README).
    Json,
}

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// The decision: 2, ADR-0002.
    pub id: String,
    #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Args, Debug)]
pub struct WhyArgs {
    /// A file, relative to the current directory.
    pub path: String,
    #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    /// The record: 2, ADR-0002, LOG-3, or its file.
    pub id: String,
    #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,
}

#[derive(Args, Debug)]
pub struct IndexArgs {
    /// Print the index instead of writing .adr/README.md.
    #[arg(long)]
    pub stdout: bool,
    /// Exit 1 if .adr/README.md is missing or out of date, without writing it.
    #[arg(long, conflicts_with = "stdout")]
    pub check: bool,
}

#[derive(Args, Debug)]
pub struct SiteArgs {
    /// The folder to write the site into (relative to the current directory).
    #[arg(short, long, value_name = "DIR", default_value = "adr-site")]
    pub out: std::path::PathBuf,
    /// The URL the site is published at (e.g. https://org.github.io/repo/decisions/), for
    /// canonical links; pages link to each other relatively whatever it is.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Build from the records at this revision instead of the work tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Exit 1 if the folder does not hold exactly this site, without writing.
    #[arg(long)]
    pub check: bool,
}

#[derive(Args, Debug)]
pub struct GraphArgs {
    #[arg(short, long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Only records of this kind (repeatable; default: all kinds).
    #[arg(short, long)]
    pub kind: Vec<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// A Mermaid flowchart (GitHub renders it in Markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[arg(short, long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Include each record's body.
    #[arg(long)]
    pub body: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// All records as one JSON document.
    Json,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// `A...B` (the merge base of A and B with B), `A..B` or `A B` (A with B), or one REF (REF
    /// with the work tree). Default: the branch's base (as for `git adr pr`) with the work tree.
    #[arg(value_name = "REVISION", num_args = 0..=2)]
    pub revisions: Vec<String>,

    /// Only records of this kind (repeatable; default: all kinds).
    #[arg(short, long)]
    pub kind: Vec<String>,

    #[arg(short, long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Exit 1 when the decisions differ, 0 when they do not (as `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    /// One block per record, for reading in a terminal.
    Text,
    /// The difference as JSON (schema in the README).
    Json,
    /// A Markdown table, e.g. for a pull-request comment.
    Markdown,
}
