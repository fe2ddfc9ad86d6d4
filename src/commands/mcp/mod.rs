//! `git adr mcp`: a Model Context Protocol server over stdio for coding agents
//! (ADR-0019). Tools, resources and prompts answer by running the CLI's own commands in-process
//! with `--format json` into a buffer ([`run`]), so they share the commands' engines, JSON
//! shapes, messages and hints. Standard output carries protocol messages only.

mod tools;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, GetPromptRequestParams,
    GetPromptResponse, GetPromptResult, Implementation, ListPromptsResult, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, Prompt, PromptArgument, PromptMessage,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, Role, ServerCapabilities, ServerConfig, Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use crate::cli::McpArgs;
use crate::commands::Ui;
use crate::error::{Error, Result};
use tools::{Args, TOOLS};

/// How often the record folders are looked at for added, removed or renamed records.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// `git adr mcp [--allow-write]`: serves until the client closes standard input.
pub fn serve(args: McpArgs, ui: &mut Ui<'_>) -> Result<()> {
    // Fail before the handshake when this is no repository, with the CLI's message.
    let store = crate::commands::open(ui)?;
    let root = store.root.clone();
    drop(store);
    // A `file` or `path` argument is relative to the repository root, not to where the agent
    // started us.
    if let Some(root) = &root {
        std::env::set_current_dir(root).map_err(|e| Error::io(root, e))?;
    }
    let server = Server {
        allow_write: args.allow_write,
        root,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("the MCP server's runtime", e))?;
    let served = runtime.block_on(async move {
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::usage(format!("the MCP handshake failed: {e}")))?;
        let watcher = tokio::spawn(watch(running.peer().clone()));
        let ended = running.waiting().await;
        watcher.abort();
        ended
            .map(|_| ())
            .map_err(|e| Error::usage(format!("the MCP server stopped: {e}")))
    });
    // A read of standard input still pending cannot be cancelled: do not wait for it.
    runtime.shutdown_background();
    served
}

/// The server's state: what it may do, and the work tree it serves.
struct Server {
    allow_write: bool,
    root: Option<PathBuf>,
}

/// What a command printed, and how it ended.
struct Ran {
    out: String,
    err: String,
    result: Result<()>,
}

/// Runs `git-adr ARGV` in this process, its output captured; never prompts, never panics out.
fn run(argv: &[String]) -> Ran {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let result = {
        let mut ui = Ui {
            out: &mut out,
            err: &mut err,
            style: crate::text::term::Style { color: false },
            interactive: false,
            progress: false,
        };
        let line = std::iter::once("git-adr".to_string()).chain(argv.iter().cloned());
        match <crate::cli::Cli as clap::Parser>::try_parse_from(line) {
            Err(e) => Err(Error::usage(e.render().to_string().trim().to_string())),
            Ok(cli) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::commands::dispatch(cli.command, &mut ui)
            }))
            .unwrap_or_else(|_| Err(Error::usage("internal error: the command panicked"))),
        }
    };
    Ran {
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
        result,
    }
}

/// An error as the CLI prints it: `error: …` and its hint.
fn error_text(e: &Error) -> String {
    match e.hint() {
        Some(hint) => format!("error: {e}\n  hint: {hint}"),
        None => format!("error: {e}"),
    }
}

/// The JSON a command printed, or why there is none. A command that ends in findings (check
/// failed, search found nothing) still answers: findings are its result, not an error.
fn json_of(ran: &Ran) -> std::result::Result<Value, String> {
    let printed = serde_json::from_str::<Value>(&ran.out);
    match (&ran.result, printed) {
        (Ok(()), Ok(v)) | (Err(Error::Findings(_)), Ok(v)) => Ok(v),
        (Err(Error::Findings(m)), Err(_)) if ran.out.trim().is_empty() && m.is_empty() => {
            Ok(json!([]))
        }
        (Err(e), _) => Err(error_text(e)),
        (Ok(()), Err(e)) => Err(format!("error: the command's output is not JSON: {e}")),
    }
}

impl Server {
    fn tools(&self) -> impl Iterator<Item = &'static tools::Tool> + '_ {
        TOOLS.iter().filter(|t| self.allow_write || !t.writes)
    }

    fn root(&self) -> std::result::Result<&Path, String> {
        self.root
            .as_deref()
            .ok_or_else(|| "error: this repository has no work tree".to_string())
    }

    /// A tool call, answered; every failure is a tool error the agent reads.
    fn call(&self, name: &str, args: &Args) -> CallToolResult {
        let Some(tool) = self.tools().find(|t| t.name == name) else {
            let hint = if TOOLS.iter().any(|t| t.name == name) {
                "it writes records: start the server with `git adr mcp --allow-write`"
            } else {
                "tools/list names the tools"
            };
            return failed(format!("error: no tool {name:?}\n  hint: {hint}"));
        };
        let argv = match (tool.argv)(args, self.root.as_deref()) {
            Ok(argv) => argv,
            Err(e) => return failed(error_text(&e)),
        };
        let ran = run(&argv);
        let mut value = if tool.writes && tool.name != "new_decision" {
            match &ran.result {
                Ok(()) => json!({
                    "message": ran.out.trim(),
                    "files": files_of(&tools::touched(name, args)),
                }),
                Err(e) => return failed(error_text(e)),
            }
        } else {
            match json_of(&ran) {
                Ok(v) => v,
                Err(message) => return failed(message),
            }
        };
        if tool.name == "new_decision" {
            value["file"] = value["path"].clone();
        }
        if value.is_array() {
            value = json!({ tool.key: value });
        }
        let mut result = CallToolResult::structured(value);
        // Warnings (a config key ignored, a shallow clone) reach the agent beside the answer.
        if !ran.err.trim().is_empty() {
            result
                .content
                .push(ContentBlock::text(ran.err.trim().to_string()));
        }
        result
    }

    /// A resource's text and MIME type.
    fn read(&self, uri: &str) -> std::result::Result<(String, &'static str), String> {
        let Some(name) = uri.strip_prefix("adr://") else {
            return Err(format!("error: unknown resource {uri:?}"));
        };
        match name {
            "index" => {
                let ran = run(&["list".into(), "--format=json".into()]);
                json_of(&ran).map(|v| (pretty(&v), "application/json"))
            }
            "config" => {
                let path = self.root()?.join(crate::model::config::CONFIG_PATH);
                crate::git::source::ensure_inside(self.root()?, &path)
                    .map_err(|e| error_text(&e))?;
                std::fs::read_to_string(&path)
                    .map(|t| (t, "application/toml"))
                    .map_err(|e| format!("error: cannot read {}: {e}", path.display()))
            }
            id => {
                let ran = run(&[
                    "show".into(),
                    "--format=markdown".into(),
                    "--".into(),
                    id.into(),
                ]);
                match ran.result {
                    Ok(()) => Ok((ran.out, "text/markdown")),
                    Err(e) => Err(error_text(&e)),
                }
            }
        }
    }

    /// Every record as a resource, then the index and the config.
    fn resources(&self) -> Vec<Resource> {
        let ran = run(&["list".into(), "--format=json".into()]);
        let records = json_of(&ran).unwrap_or(Value::Null);
        let mut out: Vec<Resource> = records
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| {
                let id = r["id"].as_str()?;
                let title = r["title"].as_str().unwrap_or(id);
                Some(
                    Resource::new(format!("adr://{id}"), id)
                        .with_title(title)
                        .with_description(format!(
                            "{} ({})",
                            r["path"].as_str().unwrap_or(""),
                            r["status"].as_str().unwrap_or("no status")
                        ))
                        .with_mime_type("text/markdown"),
                )
            })
            .collect();
        out.push(
            Resource::new("adr://index", "index")
                .with_description("Every record, as `git adr list --format json`")
                .with_mime_type("application/json"),
        );
        out.push(
            Resource::new("adr://config", "config")
                .with_description(".adr/config.toml")
                .with_mime_type("application/toml"),
        );
        out
    }
}

fn failed(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The files of the records `ids` names (repo-relative), as `show` finds them.
fn files_of(ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| {
            let ran = run(&[
                "show".into(),
                "--format=json".into(),
                "--dates=front-matter".into(),
                "--".into(),
                id.clone(),
            ]);
            json_of(&ran).ok()?["path"].as_str().map(String::from)
        })
        .collect()
}

/// The prompts: what an agent is asked to do with the tools.
const PROMPTS: &[(&str, &str, &str, &str)] = &[
    (
        "review_branch",
        "Review this branch against the decisions that govern it",
        "base",
        "Review the changes of this branch against our architecture decisions{base}. \
         1. Call branch_summary{base_arg} to see the decisions it adds or changes and the code it \
         touches that existing decisions govern. 2. For each governed file, call \
         decisions_for_path and read the decisions with show_decision: does the change follow \
         the chosen option, and does it avoid the options that were rejected? 3. Call check \
         with scope `base`{base_arg} and report its findings. Report each conflict with the \
         decision's id, the file, and what would resolve it (change the code, or supersede the \
         decision with a new record).",
    ),
    (
        "draft_adr",
        "Draft an ADR for a change: context, options weighed, the decision and its consequences",
        "change",
        "Draft an architecture decision record for this change: {change}. First call \
         search_decisions and list_decisions to find decisions it touches or that settled the \
         question before (a rejected option must not be proposed again without saying what \
         changed). Then write the record's parts: the context and problem, the decision \
         drivers, at least two considered options with pros and cons, the chosen option and \
         why, consequences (good and bad), how it will be confirmed, and rollout and rollback \
         triggers. Show the draft; when write access is on and the user agrees, create it with \
         new_decision (title, options, sections; supersedes when it replaces one).",
    ),
];

fn prompt_text(name: &str, value: Option<&str>) -> Option<String> {
    let (_, _, _, text) = PROMPTS.iter().find(|p| p.0 == name)?;
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    Some(match name {
        "review_branch" => text
            .replace(
                "{base}",
                &value.map(|b| format!(" (base `{b}`)")).unwrap_or_default(),
            )
            .replace(
                "{base_arg}",
                &value
                    .map(|b| format!(" with base `{b}`"))
                    .unwrap_or_default(),
            ),
        _ => text.replace("{change}", value.unwrap_or("the change on this branch")),
    })
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_prompts()
                .enable_resources()
                .enable_resources_list_changed()
                .enable_tools()
                .build(),
        )
        .with_server_info(Implementation::new("git-adr", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "Architecture decision records of this git repository. Before changing a file, call \
             decisions_for_path to read the decisions that govern it; search_decisions finds \
             what was settled before. Records are resources adr://ADR-0002.",
        )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListToolsResult, McpError> {
        let tools = self
            .tools()
            .map(|t| {
                Tool::new(t.name, t.description, Arc::new(t.input_schema()))
                    .with_raw_output_schema(Arc::new(t.output_schema()))
                    .with_annotations(
                        ToolAnnotations::new()
                            .read_only(!t.writes)
                            .destructive(false)
                            .open_world(false),
                    )
            })
            .collect();
        Ok(ListToolsResult::with_all_items(tools))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        let t = self.tools().find(|t| t.name == name)?;
        Some(Tool::new(t.name, t.description, Arc::new(t.input_schema())))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<CallToolResponse, McpError> {
        let args = request.arguments.unwrap_or_default();
        Ok(self.call(&request.name, &args).into())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListResourcesResult, McpError> {
        Ok(ListResourcesResult::with_all_items(self.resources()))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ReadResourceResponse, McpError> {
        let (text, mime) = self
            .read(&request.uri)
            .map_err(|m| McpError::resource_not_found(m, Some(json!({"uri": request.uri}))))?;
        let contents = ResourceContents::text(text, request.uri).with_mime_type(mime);
        Ok(ReadResourceResult::new(vec![contents]).into())
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListPromptsResult, McpError> {
        let prompts = PROMPTS
            .iter()
            .map(|(name, description, arg, _)| {
                Prompt::new(
                    *name,
                    Some(*description),
                    Some(vec![PromptArgument::new(*arg).with_required(false)]),
                )
            })
            .collect();
        Ok(ListPromptsResult::with_all_items(prompts))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<GetPromptResponse, McpError> {
        let args = request.arguments.unwrap_or_default();
        let value = args.values().next().and_then(Value::as_str);
        let text = prompt_text(&request.name, value).ok_or_else(|| {
            McpError::invalid_params(format!("no prompt {:?}", request.name), None)
        })?;
        Ok(GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)]).into())
    }
}

/// Announces `notifications/resources/list_changed` when records are added, removed or renamed
/// on disk: a cheap look at the record folders' file lists every [`WATCH_EVERY`].
async fn watch(peer: rmcp::Peer<RoleServer>) {
    let mut last = record_files();
    loop {
        tokio::time::sleep(WATCH_EVERY).await;
        let now = record_files();
        if now != last {
            last = now;
            if peer.notify_resource_list_changed().await.is_err() {
                return;
            }
        }
    }
}

/// The repo paths of every record file in the work tree, in order; empty when unreadable.
fn record_files() -> Vec<String> {
    let Ok(store) = crate::git::repo::Repo::open().and_then(crate::store::Store::open) else {
        return Vec::new();
    };
    let Ok(source) = store.default_source() else {
        return Vec::new();
    };
    let mut files: Vec<String> = store
        .config
        .kinds
        .values()
        .filter_map(|kind| store.record_files(&source, kind).ok())
        .flatten()
        .map(|f| f.path)
        .collect();
    files.sort();
    files
}
