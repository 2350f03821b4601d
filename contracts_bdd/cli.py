"""The `contracts-bdd` command line.

contracts-bdd render pacts/Web-Api.json                 # the feature, on standard output
contracts-bdd render pacts/Web-Api.json -o features/consumer/web-api.feature
contracts-bdd vocabulary -o docs/vocabulary.md          # the step and matcher reference
contracts-bdd check features/consumer                   # the pre-flight only: file:line: problem lines
contracts-bdd init --consumer Web --provider Api        # a working project in this folder
contracts-bdd init --consumer Web --provider Api --ci github   # ... with its CI recipes (or --ci gitlab)
contracts-bdd merge pacts/shard-* -o pacts              # unite the pacts of sharded consumer runs
contracts-bdd diff pacts --against broker --fail-on breaking   # what a change does, before it is published
contracts-bdd can-i-merge --pacticipant Web --version 1a2b   # fit for every main branch it talks to?
contracts-bdd lint                                      # states in the pacts with no handler, handlers no pact uses
contracts-bdd lint --against broker                     # a consumer's new states the provider has never seen
contracts-bdd docs -o site --results reports/junit      # the living documentation: a static site
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from contracts_bdd import __version__
from contracts_bdd.broker.client import BrokerClient, Publication
from contracts_bdd.broker.publication import broker_connection, consumer_publication, current_branch, publish_pacts
from contracts_bdd.ci_recipes import GITLAB_INCLUDE, GITLAB_MAIN, SYSTEMS
from contracts_bdd.config import Settings
from contracts_bdd.errors import ContractsBddError, PactFileError, SetupError
from contracts_bdd.handlers import raise_registration_problems
from contracts_bdd.pact.document import PactBytes, interaction_list_key, load_pact, pair_names
from contracts_bdd.redaction import scrub_log_records, scrubbed
from contracts_bdd.render.feature import render_file
from contracts_bdd.scaffold import USERS, scaffold

BROKER_COMMANDS = (
    "publish",
    "can-i-deploy",
    "can-i-merge",
    "record-deployment",
    "record-release",
    "record-undeployment",
    "record-support-ended",
    "create-or-update-pacticipant",
)


BROKEN_PIPE_EXIT = 141
"""The exit code of a command whose reader went away (`contracts-bdd init --example | head`): 128 + SIGPIPE."""
INTERRUPTED_EXIT = 130
"""The exit code of a command stopped by Ctrl-C: 128 + SIGINT, as behave's own runs and the shells say."""


def main(arguments: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    chosen = _parser().parse_args(arguments)
    scrub_log_records()
    try:
        code = int(chosen.func(chosen))
        sys.stdout.flush()  # here, where a reader that went away is taken, not at exit
        return code
    except BrokenPipeError:
        # The reader stopped reading (`| head`): what is left to print goes nowhere, with no traceback at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE_EXIT
    except KeyboardInterrupt:  # Ctrl-C: one line, as behave says it, not a traceback
        print(f"contracts-bdd {chosen.command}: stopped by Ctrl-C (SIGINT) before it finished", file=sys.stderr)
        return INTERRUPTED_EXIT
    except (OSError, json.JSONDecodeError, ContractsBddError) as err:  # the user's input or machine, never a bug
        reason = f"not JSON ({err})" if isinstance(err, json.JSONDecodeError) else f"{type(err).__name__}: {err}"
        print(scrubbed(f"contracts-bdd {chosen.command}: {reason}"), file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contracts-bdd",
        description="Consumer-driven contracts in Gherkin. Broker commands read PACT_BROKER_BASE_URL and "
        "PACT_BROKER_TOKEN (or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD) from the environment.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser("render", help="render a pact file (V1 to V4) as a feature file")
    render.set_defaults(func=_render)
    render.add_argument("pact", type=Path, help="the pact file")
    render.add_argument("-o", "--output", type=Path, help="where to write the feature (default: standard output)")
    check = commands.add_parser(
        "check",
        help="check every contract in the features without running them (file:line: problem, one per line)",
    )
    check.set_defaults(func=_check)
    check.add_argument("behave_arguments", nargs="*", metavar="PATH", help="feature paths, as behave takes them")
    check.add_argument("--tags", action="append", default=[], help="behave's tag expression (repeatable)")
    check.add_argument(
        "-n", "--name", action="append", default=[], help="behave's -n: scenarios whose name matches (repeatable)"
    )
    check.add_argument("-D", "--define", action="append", default=[], help="a userdata value, name=value")
    init = commands.add_parser("init", help="scaffold a working project here (never overwrites a file)")
    init.set_defaults(func=_init)
    init.add_argument("folder", type=Path, nargs="?", default=Path(), help="where (default: this folder)")
    init.add_argument(
        "--consumer", help="the consumer's name (default: the one behave.ini names, in a new folder MyConsumer)"
    )
    init.add_argument(
        "--provider", help="the provider's name (default: the one behave.ini names, in a new folder MyProvider)"
    )
    init.add_argument(
        "--example",
        action="store_true",
        help="the reference example: OrderService reads users (id, name, email) from UserService",
    )
    init.add_argument(
        "--ci",
        action="append",
        default=[],
        choices=SYSTEMS,
        help="also write CI recipes for GitHub Actions or GitLab CI: consumer, provider, webhook (repeatable)",
    )
    init.add_argument(
        "--shards",
        type=int,
        default=1,
        help="with --ci: split the consumer's features over this many CI jobs, merged before publishing",
    )
    _contract_commands(commands)
    vocabulary = commands.add_parser("vocabulary", help="write the step, matcher and generator reference")
    vocabulary.set_defaults(func=_vocabulary)
    vocabulary.add_argument("-o", "--output", type=Path, help="where to write it (default: standard output)")
    _broker_commands(commands)
    _docs_command(commands)
    return parser


def _docs_command(commands: Any) -> None:
    """docs: the living documentation, as a static site."""
    docs = commands.add_parser(
        "docs", help="write the contracts as a static site: a service map, each pact in plain words, and its status"
    )
    docs.set_defaults(func=_docs)
    docs.add_argument("-o", "--output", type=Path, required=True, help="the folder to write the site to")
    docs.add_argument("--pacts", help="a folder, files, a pact URL, or broker (default: pact_source, else pact_dir)")
    docs.add_argument("--provider", action="append", default=[], help="whose pacts (needed with the broker)")
    docs.add_argument(
        "--features", action="append", default=[], help="the consumer features (default: features, if there)"
    )
    docs.add_argument(
        "--results", type=Path, action="append", default=[], help="a folder of provider JUnit files (behave --junit)"
    )
    docs.add_argument("--against", help="mark what changed since: broker (the latest for the branch), or a folder")
    docs.add_argument("--branch", help="with --against broker: whose latest (default: this branch, else main)")
    docs.add_argument("--title", default="Contracts", help="the site's title (default: Contracts)")
    docs.add_argument("--broker-base-url", help="the broker (default: PACT_BROKER_BASE_URL)")
    docs.add_argument("-D", "--define", action="append", default=[], help="a userdata value, name=value")


def _contract_commands(commands: Any) -> None:
    """merge, diff and lint: commands about the pacts themselves."""
    merge = commands.add_parser(
        "merge", help="unite the pacts of sharded consumer runs, refusing conflicting duplicates"
    )
    merge.set_defaults(func=_merge)
    merge.add_argument("shards", type=Path, nargs="+", help="the shards' pact folders or files")
    merge.add_argument("-o", "--output", type=Path, required=True, help="the folder to write the merged pacts to")
    merge.add_argument(
        "--features", type=Path, default=Path("features"), help="where to look for the scenarios of a conflict"
    )
    diff = commands.add_parser("diff", help="what changed in the pacts: added, removed, stricter or looser")
    diff.set_defaults(func=_diff)
    diff.add_argument("pacts", type=Path, nargs="?", default=Path("pacts"), help="the new pacts: a folder or file")
    diff.add_argument("--against", required=True, help="broker (the latest for the branch), or a folder or file")
    diff.add_argument("--branch", help="with --against broker: whose latest (default: this branch, else main)")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="text for people, json for tools")
    diff.add_argument("--fail-on", choices=("breaking", "never"), default="never", help="exit 1 on breaking changes")
    lint = commands.add_parser(
        "lint",
        help="list the provider states (and messages) in the pacts that no @provider_state handler sets up "
        "(no @message_producer makes), and unused ones",
    )
    lint.set_defaults(func=_lint)
    lint.add_argument(
        "pacts",
        nargs="?",
        help="a folder, files (comma-separated), a pact URL, or broker (default: pact_source, else pact_dir)",
    )
    lint.add_argument("--pacts", dest="pacts_option", help=argparse.SUPPRESS)  # the older spelling, still read
    lint.add_argument("--provider", action="append", default=[], help="whose states (default: every provider)")
    lint.add_argument(
        "--against",
        help="a consumer's check: broker (the states the broker knows for the provider) or a provider project's folder",
    )
    lint.add_argument("--fail-on-unused", action="store_true", help="exit 1 when a handler is used by no pact")
    lint.add_argument("-D", "--define", action="append", default=[], help="a userdata value, name=value")


PACTICIPANT_HELP = "the application's name, as its pacts spell it"
VERSION_HELP = "the application's version (usually its git commit)"
ENVIRONMENT_HELP = "the environment's name, as the broker knows it (e.g. production)"


def _broker_commands(commands: Any) -> None:
    """Commands that talk to a Pact Broker."""
    publish = commands.add_parser("publish", help="publish the pact files of a folder to the broker")
    publish.set_defaults(func=_publish)
    publish.add_argument("pacts", type=Path, nargs="?", default=Path("pacts"), help="a pact folder or file")
    publish.add_argument(
        "--consumer-app-version",
        type=GIVEN_TYPE["--consumer-app-version"],
        help="the consumer's version (default: the git commit)",
    )
    publish.add_argument(
        "--branch", type=GIVEN_TYPE["--branch"], help="the consumer's branch (default: from CI or git)"
    )
    publish.add_argument(
        "--tag", type=GIVEN_TYPE["--tag"], action="append", default=[], help="a tag for the version (repeatable)"
    )
    publish.add_argument("--build-url", help="the CI run's URL (default: from GitHub Actions, GitLab or Jenkins)")
    publish.add_argument(
        "--on-conflict", choices=("merge", "overwrite"), help="what the broker does with changed content"
    )
    deploy = commands.add_parser("can-i-deploy", help="ask the broker whether a version can be deployed")
    deploy.set_defaults(func=_can_i_deploy)
    deploy.add_argument("--pacticipant", type=GIVEN_TYPE["--pacticipant"], required=True, help=PACTICIPANT_HELP)
    deploy.add_argument("--version", type=GIVEN_TYPE["--version"], required=True, help=VERSION_HELP)
    target = deploy.add_mutually_exclusive_group()
    target.add_argument("--to-environment", type=GIVEN_TYPE["--to-environment"], help="the environment to deploy to")
    target.add_argument(
        "--to",
        type=GIVEN_TYPE["--to"],
        dest="to_tag",
        help="the tag of the versions to deploy alongside (latest of each)",
    )
    deploy.add_argument("--retry-while-unknown", type=int, default=0, help="times to ask again while unknown")
    deploy.add_argument("--retry-interval", type=float, default=10.0, help="seconds between those tries")
    recorders = (
        ("record-deployment", "a deployment", _record_deployment),
        ("record-release", "a release", _record_release),
    )
    for name, summary, run in recorders:
        record = commands.add_parser(name, help=f"record {summary} of a version to an environment")
        record.set_defaults(func=run)
        record.add_argument("--pacticipant", type=GIVEN_TYPE["--pacticipant"], required=True, help=PACTICIPANT_HELP)
        record.add_argument("--version", type=GIVEN_TYPE["--version"], required=True, help=VERSION_HELP)
        record.add_argument("--environment", type=GIVEN_TYPE["--environment"], required=True, help=ENVIRONMENT_HELP)
        if name == "record-deployment":
            record.add_argument(
                "--application-instance",
                type=GIVEN_TYPE["--application-instance"],
                help="which instance, when several run",
            )
    merge = commands.add_parser(
        "can-i-merge", help="ask the broker whether a version works with the main branch of everything it talks to"
    )
    merge.set_defaults(func=_can_i_merge)
    merge.add_argument("--pacticipant", type=GIVEN_TYPE["--pacticipant"], required=True, help=PACTICIPANT_HELP)
    merge.add_argument("--version", type=GIVEN_TYPE["--version"], required=True, help=VERSION_HELP)
    undeploy = commands.add_parser("record-undeployment", help="record that an application no longer runs there")
    undeploy.set_defaults(func=_record_undeployment)
    undeploy.add_argument("--pacticipant", type=GIVEN_TYPE["--pacticipant"], required=True, help=PACTICIPANT_HELP)
    undeploy.add_argument("--environment", type=GIVEN_TYPE["--environment"], required=True, help=ENVIRONMENT_HELP)
    undeploy.add_argument(
        "--application-instance", type=GIVEN_TYPE["--application-instance"], help="which instance (default: every one)"
    )
    ended = commands.add_parser("record-support-ended", help="record that a released version is no longer supported")
    ended.set_defaults(func=_record_support_ended)
    ended.add_argument("--pacticipant", type=GIVEN_TYPE["--pacticipant"], required=True, help=PACTICIPANT_HELP)
    ended.add_argument("--version", type=GIVEN_TYPE["--version"], required=True, help=VERSION_HELP)
    ended.add_argument("--environment", type=GIVEN_TYPE["--environment"], required=True, help=ENVIRONMENT_HELP)
    pacticipant = commands.add_parser(
        "create-or-update-pacticipant", help="tell the broker a pacticipant's main branch and repository"
    )
    pacticipant.set_defaults(func=_create_or_update_pacticipant)
    pacticipant.add_argument(
        "--name", type=GIVEN_TYPE["--name"], required=True, help="the pacticipant's name, as its pacts spell it"
    )
    pacticipant.add_argument("--main-branch", help="the branch mainBranch selectors mean (e.g. main)")
    pacticipant.add_argument("--repository-url", help="where its code lives, shown by the broker")
    pacticipant.add_argument("--display-name", help="a name for people, shown by the broker")
    for command in (*BROKER_COMMANDS, "lint", "diff"):
        commands.choices[command].add_argument("--broker-base-url", help="the broker (default: PACT_BROKER_BASE_URL)")


GIVEN = {
    "--pacticipant": "--pacticipant OrderService",
    "--name": "--name OrderService",
    "--version": '--version "$(git rev-parse HEAD)"',
    "--consumer-app-version": '--consumer-app-version "$(git rev-parse HEAD)"',
    "--environment": "--environment production",
    "--to-environment": "--to-environment production",
    "--to": "--to prod",
    "--branch": '--branch "$(git branch --show-current)"',
    "--tag": "--tag prod",
    "--application-instance": "--application-instance blue",
}
"""The broker commands' names and versions, by option: an empty one (a shell variable nobody set) is refused."""


def _given(example: str) -> Callable[[str], str]:
    """An argparse type that refuses an empty or blank value, saying what to write instead."""

    def given(value: str) -> str:
        if not value.strip():
            msg = f"is empty (a shell variable that is not set?): write a value, for example {example}"
            raise argparse.ArgumentTypeError(msg)
        return value

    return given


GIVEN_TYPE = {option: _given(example) for option, example in GIVEN.items()}


def _write(text: str, output: Path | None) -> int:
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _render(chosen: argparse.Namespace) -> int:
    # Loaded here: only render asks pact-rust whether a pact's examples meet their own rules.
    from contracts_bdd.pact.engine_checks import engine_accepts  # noqa: PLC0415

    return _write(render_file(chosen.pact, judge=engine_accepts), chosen.output)


def _check(chosen: argparse.Namespace) -> int:
    from contracts_bdd.behave.check import check_features  # noqa: PLC0415 - only this command loads behave

    arguments = [*chosen.behave_arguments]
    arguments += [f"--tags={tags}" for tags in chosen.tags] + [f"--name={name}" for name in chosen.name]
    arguments += [f"--define={value}" for value in chosen.define]
    checked = check_features(arguments)
    for problem in checked.problems:
        print(problem.one_line())
    count = checked.scenarios
    plural = "s" if count != 1 else ""
    if checked.problems:
        print(f"contracts-bdd check: {len(checked.problems)} problem(s) in {count} scenario{plural}", file=sys.stderr)
        return 1
    if checked.selected_nothing:  # a gate that checks nothing passes nothing
        print(f"contracts-bdd check: {checked.selected_nothing}", file=sys.stderr)
        return 1
    print(f"contracts-bdd check: {count} scenario{plural}, no problems", file=sys.stderr)
    return 0


def _init(chosen: argparse.Namespace) -> int:
    if chosen.shards != 1 and not chosen.ci:
        msg = "--shards splits the consumer's CI jobs: give it with --ci github or --ci gitlab"
        raise SetupError(msg)
    if chosen.example:
        report = scaffold(chosen.folder, "OrderService", "UserService", USERS, ci=chosen.ci, shards=chosen.shards)
    else:
        report = scaffold(chosen.folder, chosen.consumer, chosen.provider, ci=chosen.ci, shards=chosen.shards)
    for path in report.created:
        print(f"created {path}")
    for path in report.skipped:
        print(f"skipped {path}: it is there already and was left as it was")
        if path == GITLAB_MAIN and "gitlab" in chosen.ci:
            print(f"  add to it what contracts-bdd's would say:\n{GITLAB_INCLUDE}", end="")
    for path, handled in report.shared.items():
        print(
            f"skipped {path}: {handled} already sets up the same provider states, and one project registers each "
            "state once; both providers use those handlers"
        )
    if report.set_up is not None:
        found = f"no sample written: {report.set_up.config} names {report.set_up.names()}, so this project is set up"
        if chosen.ci:
            print(f"{found}: init added only the CI recipes, named as it names the pair")
        else:
            print(
                f"{found}, and init brings none of its sample features, steps or stub back (one you deleted stays "
                "deleted). `init --ci github|gitlab` adds CI recipes named from it; `init --provider NAME` adds a "
                "sample for another provider"
            )
        if not report.created:
            return 0
    where = "" if chosen.folder == Path() else f"cd {chosen.folder} && "
    print(f"next: {where}behave features/consumer && behave features/provider")
    return 0


def _merge(chosen: argparse.Namespace) -> int:
    from contracts_bdd.pact.merge import merge_pacts, write_merged  # noqa: PLC0415

    merged = merge_pacts(chosen.shards, chosen.features)
    for path in write_merged(merged, chosen.output):
        document = merged[pair_names(load_pact(path)) or ("", "")]
        count = len(document[interaction_list_key(document)])
        print(f"wrote {path} ({count} interaction{'s' if count != 1 else ''})")
    return 0


def _diff(chosen: argparse.Namespace) -> int:
    from contracts_bdd.pact.changes import changes_json, changes_text, pact_changes  # noqa: PLC0415
    from contracts_bdd.pact.merge import pact_files  # noqa: PLC0415

    new = [(str(path), load_pact(path)) for path in pact_files([chosen.pacts])]
    new = [(source, document) for source, document in new if pair_names(document) is not None]
    if chosen.against == "broker":
        client, settings = _broker(chosen)
        branch = chosen.branch or settings.consumer_branch or current_branch(os.environ)
        old = []
        for consumer, provider in sorted({names for _, document in new if (names := pair_names(document))}):
            found = client.latest_pact_or_main(consumer, provider, branch)
            if found is not None:
                old.append((f"the broker's {consumer}-{provider}", found))
        against = f"the broker ({branch or 'main branch'}, else main branch)"
    else:
        old = [(str(path), load_pact(path)) for path in pact_files([Path(chosen.against)])]
        old = [(source, document) for source, document in old if pair_names(document) is not None]
        against = chosen.against
    pairs = pact_changes(new, old)
    if chosen.format == "json":
        print(json.dumps(changes_json(pairs, against), indent=2))
    else:
        print(changes_text(pairs, against))
    breaking = any(pair.breaking for pair in pairs)
    return 1 if breaking and chosen.fail_on == "breaking" else 0


def _lint(chosen: argparse.Namespace) -> int:
    from contracts_bdd.behave.check import behave_userdata, load_step_definitions  # noqa: PLC0415
    from contracts_bdd.provider import state_lint  # noqa: PLC0415
    from contracts_bdd.provider.producers import PRODUCERS  # noqa: PLC0415
    from contracts_bdd.provider.sources import BrokerPacts, PactCache, chosen_source, pact_source  # noqa: PLC0415
    from contracts_bdd.provider.states import REGISTRY  # noqa: PLC0415

    defines = dict(value.split("=", 1) for value in chosen.define if "=" in value)
    if chosen.broker_base_url:
        defines["broker_base_url"] = chosen.broker_base_url
    settings = Settings.load(behave_userdata(), defines, os.environ)
    named = chosen.pacts or chosen.pacts_option
    source = chosen_source(pact_source(named) if named else None, settings, os.environ)
    cache = PactCache(settings, os.environ)
    providers = chosen.provider or ([settings.provider] if settings.provider else [])
    if not providers and isinstance(source, BrokerPacts):
        msg = "whose states? give --provider NAME (or provider = ... in behave.ini) for pacts from the broker"
        raise SetupError(msg)
    pacts = [pact for provider in providers for pact in cache.fetched(source, provider)] or (
        [] if providers else cache.everything(source)
    )
    if chosen.against is None:
        load_step_definitions(Path())
        raise_registration_problems()
        run = state_lint.lint_project(
            pacts,
            [handler.pattern for handler in REGISTRY.handlers],
            [handler.pattern for handler in PRODUCERS.handlers],
            settings.provider_state_url,
            fail_on_unused=chosen.fail_on_unused,
        )
    elif chosen.against == "broker":
        names = sorted({pact.provider for pact in pacts})
        run = state_lint.lint_against_broker(pacts, {name: cache.broker().provider_states(name) for name in names})
    else:
        run = state_lint.lint_against_folder(pacts, Path(chosen.against))
    for report in run.reports:
        print(report)
    return run.code


def _docs(chosen: argparse.Namespace) -> int:
    from contracts_bdd.behave.check import behave_userdata  # noqa: PLC0415 - reads behave.ini as behave does
    from contracts_bdd.site import Choices, build_site, gather, write_site  # noqa: PLC0415

    defines = dict(value.split("=", 1) for value in chosen.define if "=" in value)
    if chosen.broker_base_url:
        defines["broker_base_url"] = chosen.broker_base_url
    settings = Settings.load(behave_userdata(), defines, os.environ)
    choices = Choices(
        pacts=chosen.pacts,
        providers=chosen.provider,
        features=chosen.features,
        results=chosen.results,
        against=chosen.against,
        branch=chosen.branch,
    )
    material = gather(settings, os.environ, choices)
    site = build_site(
        material.pacts,
        material.scenarios,
        material.results,
        material.changes,
        title=chosen.title,
        against=material.against,
        results_from=material.results_from,
    )
    written = write_site(site, chosen.output)
    counts = ", ".join(f"{count} {status.name}" for status, count in site.counts) or "no interactions"
    print(f"contracts-bdd docs: wrote {written.pages} pages to {chosen.output}: {len(site.pairs)} pacts, {counts}")
    for pair in site.pairs:
        for problem in pair.problems:
            print(f"contracts-bdd docs: {problem}; its page says so", file=sys.stderr)
    print(f"open {written.index}")
    return 1 if any(pair.problems for pair in site.pairs) else 0


def _vocabulary(chosen: argparse.Namespace) -> int:
    from contracts_bdd.behave.vocabulary import vocabulary_markdown  # noqa: PLC0415 - registers behave's steps

    return _write(vocabulary_markdown(), chosen.output)


def _broker(chosen: argparse.Namespace) -> tuple[BrokerClient, Settings]:
    from contracts_bdd.behave.check import behave_userdata  # noqa: PLC0415 - only broker commands read behave.ini

    defines = {"broker_base_url": chosen.broker_base_url} if chosen.broker_base_url else {}
    settings = Settings.load(behave_userdata(), defines, os.environ)  # behave.ini, read as behave reads it
    connection = broker_connection(settings)
    if connection is None:
        msg = "no broker: set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN), or give --broker-base-url"
        raise SetupError(msg)
    return BrokerClient(connection), settings


def _publish(chosen: argparse.Namespace) -> int:
    client, settings = _broker(chosen)
    files = sorted(chosen.pacts.glob("*.json")) if chosen.pacts.is_dir() else [chosen.pacts]
    if not files:
        msg = f"no pact files in {chosen.pacts}"
        raise PactFileError(msg)
    pacts = [PactBytes.read(path) for path in files]  # read once: what is checked is what is published

    def publication_of(consumer: str) -> Publication:
        found = consumer_publication(settings, os.environ, consumer)
        return Publication(
            consumer,
            chosen.consumer_app_version or found.version,
            chosen.branch or found.branch,
            tuple(chosen.tag) or found.tags,
            chosen.build_url or found.build_url,
            chosen.on_conflict or found.on_conflict,
        )

    for published in publish_pacts(client, pacts, publication_of):
        for notice in published.notices:
            print(notice)
    return 0


def _can_i_deploy(chosen: argparse.Namespace) -> int:
    client, _ = _broker(chosen)
    decision = client.can_i_deploy(
        chosen.pacticipant,
        chosen.version,
        to_environment=chosen.to_environment,
        to_tag=chosen.to_tag,
        retry_while_unknown=chosen.retry_while_unknown,
        retry_interval=chosen.retry_interval,
    )
    print(decision.table())
    return 0 if decision.deployable else 1


def _record_deployment(chosen: argparse.Namespace) -> int:
    client, _ = _broker(chosen)
    print(client.record_deployment(chosen.pacticipant, chosen.version, chosen.environment, chosen.application_instance))
    return 0


def _can_i_merge(chosen: argparse.Namespace) -> int:
    client, _ = _broker(chosen)
    decision = client.can_i_deploy(chosen.pacticipant, chosen.version, to_main_branch=True)
    print(decision.table())
    return 0 if decision.deployable else 1


def _record_undeployment(chosen: argparse.Namespace) -> int:
    client, _ = _broker(chosen)
    for line in client.record_undeployment(chosen.pacticipant, chosen.environment, chosen.application_instance):
        print(line)
    return 0


def _record_support_ended(chosen: argparse.Namespace) -> int:
    client, _ = _broker(chosen)
    print(client.record_support_ended(chosen.pacticipant, chosen.version, chosen.environment))
    return 0


def _create_or_update_pacticipant(chosen: argparse.Namespace) -> int:
    client, _ = _broker(chosen)
    print(
        client.create_or_update_pacticipant(
            chosen.name,
            main_branch=chosen.main_branch,
            repository_url=chosen.repository_url,
            display_name=chosen.display_name,
        )
    )
    return 0


def _record_release(chosen: argparse.Namespace) -> int:
    client, _ = _broker(chosen)
    print(client.record_release(chosen.pacticipant, chosen.version, chosen.environment))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
