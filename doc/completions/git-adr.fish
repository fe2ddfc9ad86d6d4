# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_git_adr_global_optspecs
    string join \n C= h/help V/version
end

function __fish_git_adr_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_git_adr_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_git_adr_using_subcommand
    set -l cmd (__fish_git_adr_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c git-adr -n "__fish_git_adr_needs_command" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_needs_command" -s V -l version -d 'Print version'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "init" -d 'Set up git-adr: .adr/ with its config and ADR 1, or an existing ADR folder used in place'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "new" -d 'Create a record from its kind\'s template'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "list" -d 'List records, with filters'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "show" -d 'Show one record'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "status" -d 'Change a record\'s status, checked against the configured lifecycle'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "accept" -d 'Set a record\'s status to `accepted`'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "reject" -d 'Set a record\'s status to `rejected`'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "deprecate" -d 'Set a record\'s status to `deprecated`'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "supersede" -d 'Mark OLD as superseded by NEW, updating both records in one operation'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "link" -d 'Link two records: A amends, relates to, or supersedes B. Both records are updated'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "search" -d 'Search titles and bodies; every word must match (case-insensitive)'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "settled" -d 'Find the earlier decisions that already weighed an option: chosen, rejected or superseded, when, by whom and why'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "man" -d 'Print the man page, or install all man pages where man finds them'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "help" -d 'Show a command\'s man page, or its long help when no page is installed (like `git help`)'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "check" -d 'Validate records: the gate for pre-commit hooks and CI'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "hook" -d 'Install or remove the pre-commit and commit-msg hooks'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "cache" -d 'Show or clear the caches git-adr keeps in the git directory'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "renumber" -d 'Move a record to a free number, rewriting every reference to it'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "pr" -d 'The reviewer-ready summary of a branch, for a pull-request description'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "summary" -d 'The reviewer-ready summary of a branch, for a pull-request description'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "log" -d 'The decision log: small decisions, one file each, and a timeline'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "dod" -d 'The definition-of-done checklists that apply to the current change'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "trace" -d 'List the commits that cite a decision in a `Decision:` trailer'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "why" -d 'List the decisions whose `paths` govern a file'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "history" -d 'A record\'s trail from git history: when, who, which commit, what changed in its status'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "index" -d 'Write a Markdown index of the records to .adr/README.md (deterministic)'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "graph" -d 'The relations between records as a Mermaid or Graphviz DOT graph'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "site" -d 'Write a static, searchable site of every record: plain HTML, CSS and a small script'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "export" -d 'Every record as JSON (schema in the README)'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "diff" -d 'What changed in the decisions between two revisions, or a revision and the work tree'
complete -c git-adr -n "__fish_git_adr_needs_command" -f -a "mcp" -d 'Serve decisions to coding agents: a Model Context Protocol server over stdio'
complete -c git-adr -n "__fish_git_adr_using_subcommand init" -l in-place -d 'Use the ADRs in this existing folder (adr-tools, MADR 2/3/4, log4brains) in place, without converting them' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand init" -l import -d 'Convert the ADRs in this folder (adr-tools, MADR 2/3/4, log4brains) into .adr/decisions/, keeping numbers, titles, dates, statuses, links and bodies. The folder is left as it is' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand init" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand init" -l dry-run -d 'Say what would be done (the folder found, the records imported), write nothing'
complete -c git-adr -n "__fish_git_adr_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -s k -l kind -d 'Kind of record: adr, log, dod, postmortem, design, metric, or one from config.toml' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -s s -l status -d 'Initial status (default: the kind\'s initial status, `proposed` for ADRs)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l supersedes -d 'A record this one supersedes (repeatable); it is marked superseded in the same operation, and its `paths` and `tags` are carried over unless --path/--tag are given' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l amends -d 'A record this one amends (repeatable); it gets `amended-by` in the same operation' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -s t -l tag -d 'A tag (repeat the flag or separate with commas)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -s p -l path -d 'A glob of the code this decision governs, e.g. \'services/events/**\'' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -s d -l decider -d 'A person who made the decision (MADR `decision-makers`)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l date -d 'The decision\'s date, YYYY-MM-DD (default: today)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l option -d 'A considered option (repeatable, in order): the template\'s "Considered Options" list becomes one item per option' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l section -d 'The text of a section, e.g. "Context and Problem Statement=We need …" (repeatable). It replaces what the template has under that heading (other names of a known section work too); a heading the template lacks is an error' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l format -d 'Output: the file\'s path, or the record as JSON' -r -f -a "path\t'The new file\'s path, relative to the current directory'
json\t'The new record as JSON'"
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l force -d 'Allow superseding a record the lifecycle does not allow (e.g. a rejected one)'
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l no-edit -d 'Do not open the editor'
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -l edit -d 'Open the editor even when not at a terminal'
complete -c git-adr -n "__fish_git_adr_using_subcommand new" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -s s -l status -d 'Only records with this status (repeatable). In an existing folder whose statuses are free text, this is the normalised key: `accepted` matches "Approved by TSC", `on-hold` matches "On hold"' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -s t -l tag -d 'Only records with this tag (repeatable; a record must have all of them)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -s k -l kind -d 'Only records of this kind (repeatable; default: all kinds)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -s p -l path -d 'Only records whose `paths` globs govern this file' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -s f -l format -r -f -a "table\t'Aligned columns for reading'
json\t'An array of records (schema in the README)'
markdown\t'A Markdown table with links, e.g. for an index page'
csv\t'Comma-separated values with a header row'"
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -l dates -d 'Where dates come from. `git` adds when each record was created and last changed, and by whom, from history (read once, then cached in the git directory): CREATED, BY and UPDATED columns beside the front matter\'s DATE, `created`/`updated` in JSON' -r -f -a "front-matter\t'The `date` written in the front matter only (history is not read)'
git\t'Also the created and last-changed dates and authors from git history'"
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand show" -s k -l kind -d 'Look the id up among records of this kind' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand show" -s f -l format -r -f -a "text\t'For reading in a terminal'
markdown\t'The file as written'
json\t'The record, with its body, as JSON'"
complete -c git-adr -n "__fish_git_adr_using_subcommand show" -l dates -d 'Where dates come from. `git` (the default) adds when the record was created and last changed, by whom and in which commit, from history (cached in the git directory); `front-matter` shows only the `date` written in the record and does not read history' -r -f -a "front-matter\t'The `date` written in the front matter only (history is not read)'
git\t'Also the created and last-changed dates and authors from git history'"
complete -c git-adr -n "__fish_git_adr_using_subcommand show" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand status" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand status" -l force -d 'Allow a change the lifecycle does not (e.g. accepted → proposed)'
complete -c git-adr -n "__fish_git_adr_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand accept" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand accept" -l force -d 'Allow a change the lifecycle does not allow (from a final status, for example)'
complete -c git-adr -n "__fish_git_adr_using_subcommand accept" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand reject" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand reject" -l force -d 'Allow a change the lifecycle does not allow (from a final status, for example)'
complete -c git-adr -n "__fish_git_adr_using_subcommand reject" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand deprecate" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand deprecate" -l force -d 'Allow a change the lifecycle does not allow (from a final status, for example)'
complete -c git-adr -n "__fish_git_adr_using_subcommand deprecate" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand supersede" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand supersede" -l force -d 'Allow superseding a record the lifecycle does not allow (e.g. a rejected one)'
complete -c git-adr -n "__fish_git_adr_using_subcommand supersede" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand link" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand link" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand search" -s k -l kind -d 'Only records of this kind (repeatable)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand search" -s f -l format -r -f -a "text\t'Matching records with their matching lines'
json\t'Matching records as JSON, each with its `matches`'"
complete -c git-adr -n "__fish_git_adr_using_subcommand search" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand settled" -s n -l limit -d 'At most this many matches (at least 1)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand settled" -s f -l format -d 'Text: one match per block with its fate and reason; json: the matches with scores' -r -f -a "text\t'Matching records with their matching lines'
json\t'Matching records as JSON, each with its `matches`'"
complete -c git-adr -n "__fish_git_adr_using_subcommand settled" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand settled" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand completions" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand man" -l dir -d 'Write git-adr.1 and one page per command into DIR instead of printing git-adr.1' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand man" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand man" -l install -d 'Write every page into `<prefix>/share/man/man1` for the binary\'s `<prefix>/bin`'
complete -c git-adr -n "__fish_git_adr_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand help" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand help" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand check" -l base -d 'Check what changed since the branch left REF, and the ids REF took since' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand check" -s f -l format -r -f -a "human\t'`path:line: error[code]: message`, with hints'
json\t'A JSON report (schema in the README)'
github\t'GitHub Actions workflow commands (`::error file=…,line=…::…`)'"
complete -c git-adr -n "__fish_git_adr_using_subcommand check" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand check" -l staged -d 'Check what the next commit changes: the records the index changes (with what they link to, and every record when config.toml is staged), read from the index. Passes at once when nothing under .adr/ is staged'
complete -c git-adr -n "__fish_git_adr_using_subcommand check" -l dod -d 'Also run the automatic definition-of-done items that apply, failing when a required one fails'
complete -c git-adr -n "__fish_git_adr_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall run" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall run" -f -a "install" -d 'Install hooks (all of them when neither flag is given)'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall run" -f -a "uninstall" -d 'Remove our hooks and restore the ones that were there before'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall run" -f -a "run" -d 'Run a hook\'s check (what the installed hook scripts call)'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from install" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from install" -l pre-commit -d 'The pre-commit hook, and its twin for merges, pre-merge-commit (both run `git adr check --staged`)'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from install" -l commit-msg -d 'The commit-msg hook (checks `Decision:` trailers)'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from install" -l hooks-path -d 'Install into the directory named by core.hooksPath (e.g. husky\'s) instead of refusing'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l pre-commit -d 'The pre-commit hook, and its twin for merges, pre-merge-commit (both run `git adr check --staged`)'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l commit-msg -d 'The commit-msg hook (checks `Decision:` trailers)'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from run" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand hook; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and not __fish_seen_subcommand_from info clear" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and not __fish_seen_subcommand_from info clear" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and not __fish_seen_subcommand_from info clear" -f -a "info" -d 'Where the caches are, their size, and how many records the record cache holds'
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and not __fish_seen_subcommand_from info clear" -f -a "clear" -d 'Delete the caches (the next command rebuilds them)'
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and __fish_seen_subcommand_from info" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and __fish_seen_subcommand_from clear" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand renumber" -s k -l kind -d 'The record\'s kind, when it is not an ADR' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand renumber" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand renumber" -l next -d 'Take the next free number (as `git adr new` would)'
complete -c git-adr -n "__fish_git_adr_using_subcommand renumber" -l dry-run -d 'Show what would change, change nothing'
complete -c git-adr -n "__fish_git_adr_using_subcommand renumber" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand pr" -l base -d 'The branch this one will merge into (default: $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream if it is another branch, else origin/HEAD, else a local main or master)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand pr" -s f -l format -r -f -a "markdown\t'Markdown for a pull-request description or a step summary'
json\t'The same data as JSON (schema in the README)'"
complete -c git-adr -n "__fish_git_adr_using_subcommand pr" -l max-chars -d 'Longest Markdown body, in characters (GitHub\'s limit by default); 0 for no limit' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand pr" -l update-body -d 'Print FILE (a pull-request description; `-` reads standard input) with the Markdown summary placed between `<!-- git-adr:begin -->` and `<!-- git-adr:end -->`: replaced when the markers are there, appended when not, every other byte kept. Always Markdown (not with --format json); --max-chars then bounds the whole description' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand pr" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand pr" -l run -d 'Run the automatic definition-of-done items and show their results'
complete -c git-adr -n "__fish_git_adr_using_subcommand pr" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand summary" -l base -d 'The branch this one will merge into (default: $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream if it is another branch, else origin/HEAD, else a local main or master)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand summary" -s f -l format -r -f -a "markdown\t'Markdown for a pull-request description or a step summary'
json\t'The same data as JSON (schema in the README)'"
complete -c git-adr -n "__fish_git_adr_using_subcommand summary" -l max-chars -d 'Longest Markdown body, in characters (GitHub\'s limit by default); 0 for no limit' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand summary" -l update-body -d 'Print FILE (a pull-request description; `-` reads standard input) with the Markdown summary placed between `<!-- git-adr:begin -->` and `<!-- git-adr:end -->`: replaced when the markers are there, appended when not, every other byte kept. Always Markdown (not with --format json); --max-chars then bounds the whole description' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand summary" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand summary" -l run -d 'Run the automatic definition-of-done items and show their results'
complete -c git-adr -n "__fish_git_adr_using_subcommand summary" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and not __fish_seen_subcommand_from add" -l since -d 'Only events on or after this date (YYYY-MM-DD)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and not __fish_seen_subcommand_from add" -s f -l format -r -f -a "text\t'One line per event, for reading'
json\t'The events as JSON'
markdown\t'A Markdown list'"
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and not __fish_seen_subcommand_from add" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and not __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and not __fish_seen_subcommand_from add" -f -a "add" -d 'Record a decision-log entry'
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l constraint -d 'What forced a decision: the requirement, limit or problem' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l choice -d 'What was chosen' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l why -d 'Why this choice over the alternatives' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l decided-by -d 'Who decided (repeat the flag or separate with commas)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l verified-by -d 'How the choice was verified, and by whom' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l revisit -d 'When to revisit the choice (YYYY-MM-DD)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l link -d 'A record this entry belongs to, e.g. ADR-0002 (repeatable)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -s t -l tag -d 'A tag (repeat the flag or separate with commas)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -l format -d 'Output: the new file\'s path, or the entry as JSON' -r -f -a "path\t'The new file\'s path, relative to the current directory'
json\t'The new record as JSON'"
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand log; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand dod" -l base -d 'The branch this one will merge into (default: as for `git adr pr`)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand dod" -s f -l format -r -f -a "text\t'The checklists for reading'
markdown\t'Markdown checklists'
json\t'The checklists and results as JSON'"
complete -c git-adr -n "__fish_git_adr_using_subcommand dod" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand dod" -l run -d 'Run the automatic items (each with a timeout) and show their results'
complete -c git-adr -n "__fish_git_adr_using_subcommand dod" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand trace" -s f -l format -r -f -a "text\t'For reading'
json\t'As JSON (schema in the README)'"
complete -c git-adr -n "__fish_git_adr_using_subcommand trace" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand trace" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand why" -s f -l format -r -f -a "text\t'For reading'
json\t'As JSON (schema in the README)'"
complete -c git-adr -n "__fish_git_adr_using_subcommand why" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand why" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand history" -s f -l format -r -f -a "text\t'For reading'
json\t'As JSON (schema in the README)'"
complete -c git-adr -n "__fish_git_adr_using_subcommand history" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand index" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand index" -l stdout -d 'Print the index instead of writing .adr/README.md'
complete -c git-adr -n "__fish_git_adr_using_subcommand index" -l check -d 'Exit 1 if .adr/README.md is missing or out of date, without writing it'
complete -c git-adr -n "__fish_git_adr_using_subcommand index" -s h -l help -d 'Print help'
complete -c git-adr -n "__fish_git_adr_using_subcommand graph" -s f -l format -r -f -a "mermaid\t'A Mermaid flowchart (GitHub renders it in Markdown)'
dot\t'Graphviz DOT'"
complete -c git-adr -n "__fish_git_adr_using_subcommand graph" -s k -l kind -d 'Only records of this kind (repeatable; default: all kinds)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand graph" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand site" -s o -l out -d 'The folder to write the site into (relative to the current directory)' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand site" -l base-url -d 'The URL the site is published at (e.g. https://org.github.io/repo/decisions/), for canonical links; pages link to each other relatively whatever it is' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand site" -l rev -d 'Build from the records at this revision instead of the work tree' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand site" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand site" -l check -d 'Exit 1 if the folder does not hold exactly this site, without writing'
complete -c git-adr -n "__fish_git_adr_using_subcommand site" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand export" -s f -l format -r -f -a "json\t'All records as one JSON document'"
complete -c git-adr -n "__fish_git_adr_using_subcommand export" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand export" -l body -d 'Include each record\'s body'
complete -c git-adr -n "__fish_git_adr_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand diff" -s k -l kind -d 'Only records of this kind (repeatable; default: all kinds)' -r
complete -c git-adr -n "__fish_git_adr_using_subcommand diff" -s f -l format -r -f -a "text\t'One block per record, for reading in a terminal'
json\t'The difference as JSON (schema in the README)'
markdown\t'A Markdown table, e.g. for a pull-request comment'"
complete -c git-adr -n "__fish_git_adr_using_subcommand diff" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand diff" -l exit-code -d 'Exit 1 when the decisions differ, 0 when they do not (as `git diff --exit-code`)'
complete -c git-adr -n "__fish_git_adr_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c git-adr -n "__fish_git_adr_using_subcommand mcp" -s C -d 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once' -r -F
complete -c git-adr -n "__fish_git_adr_using_subcommand mcp" -l allow-write -d 'Also offer the tools that write records (new_decision, set_status, supersede, link). They edit files in the work tree, as the commands do; they never commit'
complete -c git-adr -n "__fish_git_adr_using_subcommand mcp" -s h -l help -d 'Print help (see more with \'--help\')'
