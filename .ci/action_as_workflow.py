"""Turns what actionlint cannot read directly into workflows it can.

`action_as_workflow.py action.yml` prints a workflow whose one job runs the composite action's
steps, its inputs declared as workflow_dispatch inputs (so `${{ inputs.x }}` is checked against
them). `--readme README.md DIR` writes each YAML block of the README that is a workflow (has
`jobs:`) to DIR/readme-N.yml.
"""
import re
import sys

import yaml


def action_as_workflow(path):
    with open(path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    inputs = {
        name: {"description": spec.get("description", name), "type": "string"}
        for name, spec in (action.get("inputs") or {}).items()
    }
    steps = action["runs"]["steps"]
    workflow = {
        "name": f"action {action['name']}",
        "on": {"workflow_dispatch": {"inputs": inputs}},
        "permissions": {"contents": "read", "pull-requests": "write"},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": steps}},
    }
    return yaml.safe_dump(workflow, sort_keys=False)


def readme_workflows(path, out_dir):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    blocks = re.findall(r"^```ya?ml\n(.*?)^```", text, flags=re.S | re.M)
    n = 0
    for block in blocks:
        if re.search(r"^jobs:", block, flags=re.M):
            n += 1
            with open(f"{out_dir}/readme-{n}.yml", "w", encoding="utf-8") as f:
                f.write(block)
    if n == 0:
        sys.exit(f"{path}: no GitHub workflow among its YAML blocks")


if __name__ == "__main__":
    if sys.argv[1] == "--readme":
        readme_workflows(sys.argv[2], sys.argv[3])
    else:
        sys.stdout.write(action_as_workflow(sys.argv[1]))
