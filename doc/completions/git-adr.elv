
use builtin;
use str;

set edit:completion:arg-completer[git-adr] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'git-adr'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'git-adr'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Set up git-adr: .adr/ with its config and ADR 1, or an existing ADR folder used in place'
            cand new 'Create a record from its kind''s template'
            cand list 'List records, with filters'
            cand show 'Show one record'
            cand status 'Change a record''s status, checked against the configured lifecycle'
            cand accept 'Set a record''s status to `accepted`'
            cand reject 'Set a record''s status to `rejected`'
            cand deprecate 'Set a record''s status to `deprecated`'
            cand supersede 'Mark OLD as superseded by NEW, updating both records in one operation'
            cand link 'Link two records: A amends, relates to, or supersedes B. Both records are updated'
            cand search 'Search titles and bodies; every word must match (case-insensitive)'
            cand settled 'Find the earlier decisions that already weighed an option: chosen, rejected or superseded, when, by whom and why'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page, or install all man pages where man finds them'
            cand help 'Show a command''s man page, or its long help when no page is installed (like `git help`)'
            cand check 'Validate records: the gate for pre-commit hooks and CI'
            cand hook 'Install or remove the pre-commit and commit-msg hooks'
            cand cache 'Show or clear the caches git-adr keeps in the git directory'
            cand renumber 'Move a record to a free number, rewriting every reference to it'
            cand pr 'The reviewer-ready summary of a branch, for a pull-request description'
            cand summary 'The reviewer-ready summary of a branch, for a pull-request description'
            cand log 'The decision log: small decisions, one file each, and a timeline'
            cand dod 'The definition-of-done checklists that apply to the current change'
            cand trace 'List the commits that cite a decision in a `Decision:` trailer'
            cand why 'List the decisions whose `paths` govern a file'
            cand history 'A record''s trail from git history: when, who, which commit, what changed in its status'
            cand index 'Write a Markdown index of the records to .adr/README.md (deterministic)'
            cand graph 'The relations between records as a Mermaid or Graphviz DOT graph'
            cand site 'Write a static, searchable site of every record: plain HTML, CSS and a small script'
            cand export 'Every record as JSON (schema in the README)'
            cand diff 'What changed in the decisions between two revisions, or a revision and the work tree'
            cand mcp 'Serve decisions to coding agents: a Model Context Protocol server over stdio'
        }
        &'git-adr;init'= {
            cand --in-place 'Use the ADRs in this existing folder (adr-tools, MADR 2/3/4, log4brains) in place, without converting them'
            cand --import 'Convert the ADRs in this folder (adr-tools, MADR 2/3/4, log4brains) into .adr/decisions/, keeping numbers, titles, dates, statuses, links and bodies. The folder is left as it is'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --dry-run 'Say what would be done (the folder found, the records imported), write nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;new'= {
            cand -k 'Kind of record: adr, log, dod, postmortem, design, metric, or one from config.toml'
            cand --kind 'Kind of record: adr, log, dod, postmortem, design, metric, or one from config.toml'
            cand -s 'Initial status (default: the kind''s initial status, `proposed` for ADRs)'
            cand --status 'Initial status (default: the kind''s initial status, `proposed` for ADRs)'
            cand --supersedes 'A record this one supersedes (repeatable); it is marked superseded in the same operation, and its `paths` and `tags` are carried over unless --path/--tag are given'
            cand --amends 'A record this one amends (repeatable); it gets `amended-by` in the same operation'
            cand -t 'A tag (repeat the flag or separate with commas)'
            cand --tag 'A tag (repeat the flag or separate with commas)'
            cand -p 'A glob of the code this decision governs, e.g. ''services/events/**'''
            cand --path 'A glob of the code this decision governs, e.g. ''services/events/**'''
            cand -d 'A person who made the decision (MADR `decision-makers`)'
            cand --decider 'A person who made the decision (MADR `decision-makers`)'
            cand --date 'The decision''s date, YYYY-MM-DD (default: today)'
            cand --option 'A considered option (repeatable, in order): the template''s "Considered Options" list becomes one item per option'
            cand --section 'The text of a section, e.g. "Context and Problem Statement=We need …" (repeatable). It replaces what the template has under that heading (other names of a known section work too); a heading the template lacks is an error'
            cand --format 'Output: the file''s path, or the record as JSON'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --force 'Allow superseding a record the lifecycle does not allow (e.g. a rejected one)'
            cand --no-edit 'Do not open the editor'
            cand --edit 'Open the editor even when not at a terminal'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;list'= {
            cand -s 'Only records with this status (repeatable). In an existing folder whose statuses are free text, this is the normalised key: `accepted` matches "Approved by TSC", `on-hold` matches "On hold"'
            cand --status 'Only records with this status (repeatable). In an existing folder whose statuses are free text, this is the normalised key: `accepted` matches "Approved by TSC", `on-hold` matches "On hold"'
            cand -t 'Only records with this tag (repeatable; a record must have all of them)'
            cand --tag 'Only records with this tag (repeatable; a record must have all of them)'
            cand -k 'Only records of this kind (repeatable; default: all kinds)'
            cand --kind 'Only records of this kind (repeatable; default: all kinds)'
            cand -p 'Only records whose `paths` globs govern this file'
            cand --path 'Only records whose `paths` globs govern this file'
            cand -f 'f'
            cand --format 'format'
            cand --dates 'Where dates come from. `git` adds when each record was created and last changed, and by whom, from history (read once, then cached in the git directory): CREATED, BY and UPDATED columns beside the front matter''s DATE, `created`/`updated` in JSON'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;show'= {
            cand -k 'Look the id up among records of this kind'
            cand --kind 'Look the id up among records of this kind'
            cand -f 'f'
            cand --format 'format'
            cand --dates 'Where dates come from. `git` (the default) adds when the record was created and last changed, by whom and in which commit, from history (cached in the git directory); `front-matter` shows only the `date` written in the record and does not read history'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;status'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --force 'Allow a change the lifecycle does not (e.g. accepted → proposed)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;accept'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --force 'Allow a change the lifecycle does not allow (from a final status, for example)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;reject'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --force 'Allow a change the lifecycle does not allow (from a final status, for example)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;deprecate'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --force 'Allow a change the lifecycle does not allow (from a final status, for example)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;supersede'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --force 'Allow superseding a record the lifecycle does not allow (e.g. a rejected one)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;link'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;search'= {
            cand -k 'Only records of this kind (repeatable)'
            cand --kind 'Only records of this kind (repeatable)'
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;settled'= {
            cand -n 'At most this many matches (at least 1)'
            cand --limit 'At most this many matches (at least 1)'
            cand -f 'Text: one match per block with its fate and reason; json: the matches with scores'
            cand --format 'Text: one match per block with its fate and reason; json: the matches with scores'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;completions'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;man'= {
            cand --dir 'Write git-adr.1 and one page per command into DIR instead of printing git-adr.1'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --install 'Write every page into `<prefix>/share/man/man1` for the binary''s `<prefix>/bin`'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;help'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;check'= {
            cand --base 'Check what changed since the branch left REF, and the ids REF took since'
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --staged 'Check what the next commit changes: the records the index changes (with what they link to, and every record when config.toml is staged), read from the index. Passes at once when nothing under .adr/ is staged'
            cand --dod 'Also run the automatic definition-of-done items that apply, failing when a required one fails'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;hook'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand install 'Install hooks (all of them when neither flag is given)'
            cand uninstall 'Remove our hooks and restore the ones that were there before'
            cand run 'Run a hook''s check (what the installed hook scripts call)'
        }
        &'git-adr;hook;install'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --pre-commit 'The pre-commit hook, and its twin for merges, pre-merge-commit (both run `git adr check --staged`)'
            cand --commit-msg 'The commit-msg hook (checks `Decision:` trailers)'
            cand --hooks-path 'Install into the directory named by core.hooksPath (e.g. husky''s) instead of refusing'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;hook;uninstall'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --pre-commit 'The pre-commit hook, and its twin for merges, pre-merge-commit (both run `git adr check --staged`)'
            cand --commit-msg 'The commit-msg hook (checks `Decision:` trailers)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;hook;run'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;cache'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand info 'Where the caches are, their size, and how many records the record cache holds'
            cand clear 'Delete the caches (the next command rebuilds them)'
        }
        &'git-adr;cache;info'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;cache;clear'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;renumber'= {
            cand -k 'The record''s kind, when it is not an ADR'
            cand --kind 'The record''s kind, when it is not an ADR'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --next 'Take the next free number (as `git adr new` would)'
            cand --dry-run 'Show what would change, change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;pr'= {
            cand --base 'The branch this one will merge into (default: $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream if it is another branch, else origin/HEAD, else a local main or master)'
            cand -f 'f'
            cand --format 'format'
            cand --max-chars 'Longest Markdown body, in characters (GitHub''s limit by default); 0 for no limit'
            cand --update-body 'Print FILE (a pull-request description; `-` reads standard input) with the Markdown summary placed between `<!-- git-adr:begin -->` and `<!-- git-adr:end -->`: replaced when the markers are there, appended when not, every other byte kept. Always Markdown (not with --format json); --max-chars then bounds the whole description'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --run 'Run the automatic definition-of-done items and show their results'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;summary'= {
            cand --base 'The branch this one will merge into (default: $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream if it is another branch, else origin/HEAD, else a local main or master)'
            cand -f 'f'
            cand --format 'format'
            cand --max-chars 'Longest Markdown body, in characters (GitHub''s limit by default); 0 for no limit'
            cand --update-body 'Print FILE (a pull-request description; `-` reads standard input) with the Markdown summary placed between `<!-- git-adr:begin -->` and `<!-- git-adr:end -->`: replaced when the markers are there, appended when not, every other byte kept. Always Markdown (not with --format json); --max-chars then bounds the whole description'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --run 'Run the automatic definition-of-done items and show their results'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;log'= {
            cand --since 'Only events on or after this date (YYYY-MM-DD)'
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Record a decision-log entry'
        }
        &'git-adr;log;add'= {
            cand --constraint 'What forced a decision: the requirement, limit or problem'
            cand --choice 'What was chosen'
            cand --why 'Why this choice over the alternatives'
            cand --decided-by 'Who decided (repeat the flag or separate with commas)'
            cand --verified-by 'How the choice was verified, and by whom'
            cand --revisit 'When to revisit the choice (YYYY-MM-DD)'
            cand --link 'A record this entry belongs to, e.g. ADR-0002 (repeatable)'
            cand -t 'A tag (repeat the flag or separate with commas)'
            cand --tag 'A tag (repeat the flag or separate with commas)'
            cand --format 'Output: the new file''s path, or the entry as JSON'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;dod'= {
            cand --base 'The branch this one will merge into (default: as for `git adr pr`)'
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --run 'Run the automatic items (each with a timeout) and show their results'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;trace'= {
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;why'= {
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;history'= {
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;index'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --stdout 'Print the index instead of writing .adr/README.md'
            cand --check 'Exit 1 if .adr/README.md is missing or out of date, without writing it'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'git-adr;graph'= {
            cand -f 'f'
            cand --format 'format'
            cand -k 'Only records of this kind (repeatable; default: all kinds)'
            cand --kind 'Only records of this kind (repeatable; default: all kinds)'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;site'= {
            cand -o 'The folder to write the site into (relative to the current directory)'
            cand --out 'The folder to write the site into (relative to the current directory)'
            cand --base-url 'The URL the site is published at (e.g. https://org.github.io/repo/decisions/), for canonical links; pages link to each other relatively whatever it is'
            cand --rev 'Build from the records at this revision instead of the work tree'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --check 'Exit 1 if the folder does not hold exactly this site, without writing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;export'= {
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --body 'Include each record''s body'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;diff'= {
            cand -k 'Only records of this kind (repeatable; default: all kinds)'
            cand --kind 'Only records of this kind (repeatable; default: all kinds)'
            cand -f 'f'
            cand --format 'format'
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --exit-code 'Exit 1 when the decisions differ, 0 when they do not (as `git diff --exit-code`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'git-adr;mcp'= {
            cand -C 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once'
            cand --allow-write 'Also offer the tools that write records (new_decision, set_status, supersede, link). They edit files in the work tree, as the commands do; they never commit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
    ]
    $completions[$command]
}
