
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'git-adr' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'git-adr'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'git-adr' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Set up git-adr: .adr/ with its config and ADR 1, or an existing ADR folder used in place')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Create a record from its kind''s template')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List records, with filters')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one record')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Change a record''s status, checked against the configured lifecycle')
            [CompletionResult]::new('accept', 'accept', [CompletionResultType]::ParameterValue, 'Set a record''s status to `accepted`')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Set a record''s status to `rejected`')
            [CompletionResult]::new('deprecate', 'deprecate', [CompletionResultType]::ParameterValue, 'Set a record''s status to `deprecated`')
            [CompletionResult]::new('supersede', 'supersede', [CompletionResultType]::ParameterValue, 'Mark OLD as superseded by NEW, updating both records in one operation')
            [CompletionResult]::new('link', 'link', [CompletionResultType]::ParameterValue, 'Link two records: A amends, relates to, or supersedes B. Both records are updated')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search titles and bodies; every word must match (case-insensitive)')
            [CompletionResult]::new('settled', 'settled', [CompletionResultType]::ParameterValue, 'Find the earlier decisions that already weighed an option: chosen, rejected or superseded, when, by whom and why')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or install all man pages where man finds them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Show a command''s man page, or its long help when no page is installed (like `git help`)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate records: the gate for pre-commit hooks and CI')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Install or remove the pre-commit and commit-msg hooks')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Show or clear the caches git-adr keeps in the git directory')
            [CompletionResult]::new('renumber', 'renumber', [CompletionResultType]::ParameterValue, 'Move a record to a free number, rewriting every reference to it')
            [CompletionResult]::new('pr', 'pr', [CompletionResultType]::ParameterValue, 'The reviewer-ready summary of a branch, for a pull-request description')
            [CompletionResult]::new('summary', 'summary', [CompletionResultType]::ParameterValue, 'The reviewer-ready summary of a branch, for a pull-request description')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'The decision log: small decisions, one file each, and a timeline')
            [CompletionResult]::new('dod', 'dod', [CompletionResultType]::ParameterValue, 'The definition-of-done checklists that apply to the current change')
            [CompletionResult]::new('trace', 'trace', [CompletionResultType]::ParameterValue, 'List the commits that cite a decision in a `Decision:` trailer')
            [CompletionResult]::new('why', 'why', [CompletionResultType]::ParameterValue, 'List the decisions whose `paths` govern a file')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'A record''s trail from git history: when, who, which commit, what changed in its status')
            [CompletionResult]::new('index', 'index', [CompletionResultType]::ParameterValue, 'Write a Markdown index of the records to .adr/README.md (deterministic)')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The relations between records as a Mermaid or Graphviz DOT graph')
            [CompletionResult]::new('site', 'site', [CompletionResultType]::ParameterValue, 'Write a static, searchable site of every record: plain HTML, CSS and a small script')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every record as JSON (schema in the README)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What changed in the decisions between two revisions, or a revision and the work tree')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve decisions to coding agents: a Model Context Protocol server over stdio')
            break
        }
        'git-adr;init' {
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Use the ADRs in this existing folder (adr-tools, MADR 2/3/4, log4brains) in place, without converting them')
            [CompletionResult]::new('--import', '--import', [CompletionResultType]::ParameterName, 'Convert the ADRs in this folder (adr-tools, MADR 2/3/4, log4brains) into .adr/decisions/, keeping numbers, titles, dates, statuses, links and bodies. The folder is left as it is')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be done (the folder found, the records imported), write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;new' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Kind of record: adr, log, dod, postmortem, design, metric, or one from config.toml')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Kind of record: adr, log, dod, postmortem, design, metric, or one from config.toml')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Initial status (default: the kind''s initial status, `proposed` for ADRs)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Initial status (default: the kind''s initial status, `proposed` for ADRs)')
            [CompletionResult]::new('--supersedes', '--supersedes', [CompletionResultType]::ParameterName, 'A record this one supersedes (repeatable); it is marked superseded in the same operation, and its `paths` and `tags` are carried over unless --path/--tag are given')
            [CompletionResult]::new('--amends', '--amends', [CompletionResultType]::ParameterName, 'A record this one amends (repeatable); it gets `amended-by` in the same operation')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A tag (repeat the flag or separate with commas)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag (repeat the flag or separate with commas)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A glob of the code this decision governs, e.g. ''services/events/**''')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'A glob of the code this decision governs, e.g. ''services/events/**''')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A person who made the decision (MADR `decision-makers`)')
            [CompletionResult]::new('--decider', '--decider', [CompletionResultType]::ParameterName, 'A person who made the decision (MADR `decision-makers`)')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'The decision''s date, YYYY-MM-DD (default: today)')
            [CompletionResult]::new('--option', '--option', [CompletionResultType]::ParameterName, 'A considered option (repeatable, in order): the template''s "Considered Options" list becomes one item per option')
            [CompletionResult]::new('--section', '--section', [CompletionResultType]::ParameterName, 'The text of a section, e.g. "Context and Problem Statement=We need …" (repeatable). It replaces what the template has under that heading (other names of a known section work too); a heading the template lacks is an error')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: the file''s path, or the record as JSON')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow superseding a record the lifecycle does not allow (e.g. a rejected one)')
            [CompletionResult]::new('--no-edit', '--no-edit', [CompletionResultType]::ParameterName, 'Do not open the editor')
            [CompletionResult]::new('--edit', '--edit', [CompletionResultType]::ParameterName, 'Open the editor even when not at a terminal')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;list' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only records with this status (repeatable). In an existing folder whose statuses are free text, this is the normalised key: `accepted` matches "Approved by TSC", `on-hold` matches "On hold"')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only records with this status (repeatable). In an existing folder whose statuses are free text, this is the normalised key: `accepted` matches "Approved by TSC", `on-hold` matches "On hold"')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only records with this tag (repeatable; a record must have all of them)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only records with this tag (repeatable; a record must have all of them)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable; default: all kinds)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable; default: all kinds)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only records whose `paths` globs govern this file')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Only records whose `paths` globs govern this file')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--dates', '--dates', [CompletionResultType]::ParameterName, 'Where dates come from. `git` adds when each record was created and last changed, and by whom, from history (read once, then cached in the git directory): CREATED, BY and UPDATED columns beside the front matter''s DATE, `created`/`updated` in JSON')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;show' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Look the id up among records of this kind')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Look the id up among records of this kind')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--dates', '--dates', [CompletionResultType]::ParameterName, 'Where dates come from. `git` (the default) adds when the record was created and last changed, by whom and in which commit, from history (cached in the git directory); `front-matter` shows only the `date` written in the record and does not read history')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;status' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow a change the lifecycle does not (e.g. accepted → proposed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;accept' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow a change the lifecycle does not allow (from a final status, for example)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;reject' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow a change the lifecycle does not allow (from a final status, for example)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;deprecate' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow a change the lifecycle does not allow (from a final status, for example)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;supersede' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Allow superseding a record the lifecycle does not allow (e.g. a rejected one)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;link' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;search' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;settled' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'At most this many matches (at least 1)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many matches (at least 1)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Text: one match per block with its fate and reason; json: the matches with scores')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Text: one match per block with its fate and reason; json: the matches with scores')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;completions' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write git-adr.1 and one page per command into DIR instead of printing git-adr.1')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--install', '--install', [CompletionResultType]::ParameterName, 'Write every page into `<prefix>/share/man/man1` for the binary''s `<prefix>/bin`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;help' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;check' {
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'Check what changed since the branch left REF, and the ids REF took since')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Check what the next commit changes: the records the index changes (with what they link to, and every record when config.toml is staged), read from the index. Passes at once when nothing under .adr/ is staged')
            [CompletionResult]::new('--dod', '--dod', [CompletionResultType]::ParameterName, 'Also run the automatic definition-of-done items that apply, failing when a required one fails')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;hook' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install hooks (all of them when neither flag is given)')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove our hooks and restore the ones that were there before')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a hook''s check (what the installed hook scripts call)')
            break
        }
        'git-adr;hook;install' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--pre-commit', '--pre-commit', [CompletionResultType]::ParameterName, 'The pre-commit hook, and its twin for merges, pre-merge-commit (both run `git adr check --staged`)')
            [CompletionResult]::new('--commit-msg', '--commit-msg', [CompletionResultType]::ParameterName, 'The commit-msg hook (checks `Decision:` trailers)')
            [CompletionResult]::new('--hooks-path', '--hooks-path', [CompletionResultType]::ParameterName, 'Install into the directory named by core.hooksPath (e.g. husky''s) instead of refusing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;hook;uninstall' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--pre-commit', '--pre-commit', [CompletionResultType]::ParameterName, 'The pre-commit hook, and its twin for merges, pre-merge-commit (both run `git adr check --staged`)')
            [CompletionResult]::new('--commit-msg', '--commit-msg', [CompletionResultType]::ParameterName, 'The commit-msg hook (checks `Decision:` trailers)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;hook;run' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;cache' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Where the caches are, their size, and how many records the record cache holds')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Delete the caches (the next command rebuilds them)')
            break
        }
        'git-adr;cache;info' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;cache;clear' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;renumber' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The record''s kind, when it is not an ADR')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'The record''s kind, when it is not an ADR')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--next', '--next', [CompletionResultType]::ParameterName, 'Take the next free number (as `git adr new` would)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;pr' {
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The branch this one will merge into (default: $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream if it is another branch, else origin/HEAD, else a local main or master)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--max-chars', '--max-chars', [CompletionResultType]::ParameterName, 'Longest Markdown body, in characters (GitHub''s limit by default); 0 for no limit')
            [CompletionResult]::new('--update-body', '--update-body', [CompletionResultType]::ParameterName, 'Print FILE (a pull-request description; `-` reads standard input) with the Markdown summary placed between `<!-- git-adr:begin -->` and `<!-- git-adr:end -->`: replaced when the markers are there, appended when not, every other byte kept. Always Markdown (not with --format json); --max-chars then bounds the whole description')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Run the automatic definition-of-done items and show their results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;summary' {
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The branch this one will merge into (default: $GITHUB_BASE_REF or $CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else the upstream if it is another branch, else origin/HEAD, else a local main or master)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--max-chars', '--max-chars', [CompletionResultType]::ParameterName, 'Longest Markdown body, in characters (GitHub''s limit by default); 0 for no limit')
            [CompletionResult]::new('--update-body', '--update-body', [CompletionResultType]::ParameterName, 'Print FILE (a pull-request description; `-` reads standard input) with the Markdown summary placed between `<!-- git-adr:begin -->` and `<!-- git-adr:end -->`: replaced when the markers are there, appended when not, every other byte kept. Always Markdown (not with --format json); --max-chars then bounds the whole description')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Run the automatic definition-of-done items and show their results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;log' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events on or after this date (YYYY-MM-DD)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Record a decision-log entry')
            break
        }
        'git-adr;log;add' {
            [CompletionResult]::new('--constraint', '--constraint', [CompletionResultType]::ParameterName, 'What forced a decision: the requirement, limit or problem')
            [CompletionResult]::new('--choice', '--choice', [CompletionResultType]::ParameterName, 'What was chosen')
            [CompletionResult]::new('--why', '--why', [CompletionResultType]::ParameterName, 'Why this choice over the alternatives')
            [CompletionResult]::new('--decided-by', '--decided-by', [CompletionResultType]::ParameterName, 'Who decided (repeat the flag or separate with commas)')
            [CompletionResult]::new('--verified-by', '--verified-by', [CompletionResultType]::ParameterName, 'How the choice was verified, and by whom')
            [CompletionResult]::new('--revisit', '--revisit', [CompletionResultType]::ParameterName, 'When to revisit the choice (YYYY-MM-DD)')
            [CompletionResult]::new('--link', '--link', [CompletionResultType]::ParameterName, 'A record this entry belongs to, e.g. ADR-0002 (repeatable)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A tag (repeat the flag or separate with commas)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag (repeat the flag or separate with commas)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: the new file''s path, or the entry as JSON')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;dod' {
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The branch this one will merge into (default: as for `git adr pr`)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'Run the automatic items (each with a timeout) and show their results')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;trace' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;why' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;history' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;index' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print the index instead of writing .adr/README.md')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 1 if .adr/README.md is missing or out of date, without writing it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'git-adr;graph' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable; default: all kinds)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable; default: all kinds)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;site' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder to write the site into (relative to the current directory)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The folder to write the site into (relative to the current directory)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'The URL the site is published at (e.g. https://org.github.io/repo/decisions/), for canonical links; pages link to each other relatively whatever it is')
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Build from the records at this revision instead of the work tree')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 1 if the folder does not hold exactly this site, without writing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;export' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Include each record''s body')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;diff' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable; default: all kinds)')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only records of this kind (repeatable; default: all kinds)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit 1 when the decisions differ, 0 when they do not (as `git diff --exit-code`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'git-adr;mcp' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if git-adr was started in DIR (like `git -C DIR`); may be given more than once')
            [CompletionResult]::new('--allow-write', '--allow-write', [CompletionResultType]::ParameterName, 'Also offer the tools that write records (new_decision, set_status, supersede, link). They edit files in the work tree, as the commands do; they never commit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
