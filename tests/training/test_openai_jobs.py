"""OpenAI fine-tuning against recorded responses: a job that succeeds, and each failure leaving the records whole."""

from __future__ import annotations

import json

import httpx2
import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from assistant.errors import ConfigError, ModelError
from assistant.models.providers import openai_client
from assistant.training import candidates, openai_jobs
from assistant.training.export import export_task
from assistant.training.split import naive_split, split_dir
from assistant.models.artifacts import store_file
from assistant.training.split import sha256 as split_sha
from tests.recorded import RECORDINGS, Replayer

BASE = "gpt-4o-mini-2024-07-18"
FT = "ft:gpt-4o-mini-2024-07-18:harbor-pine:classify:B7xKp2Qa"
JOB = "ftjob-Qm3c9RkT2vXbN8LwYp4HdE1s"


class FailingReplayer(Replayer):
    """A Replayer whose interactions may say `"raise": "connect"`: the connection is refused, no response."""

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        step = self.interactions[len(self.played)] if len(self.played) < len(self.interactions) else {}
        if step.get("raise") == "connect":
            assert request.url.path.endswith(step["request"]["path"])
            self.played.append(request)
            raise httpx2.ConnectError("[Errno 111] Connection refused", request=request)
        return super().handler(request)


@pytest.fixture
def ft_settings(settings):
    settings.openai_api_key = SecretStr("sk-test-not-a-real-key")
    naive_split("classify", store_file(settings, "classify"), split_dir(settings, "classify"), 0.25)
    return settings


def client(settings, replayer, retries=0):
    return openai_client(settings, http_client=replayer.client()).with_options(max_retries=retries)


def test_export_writes_chat_jsonl(ft_settings):
    result = export_task("classify", ft_settings)
    first = json.loads(result.train.read_text().splitlines()[0])
    assert [m["role"] for m in first["messages"]] == ["system", "user", "assistant"]
    assert json.loads(first["messages"][2]["content"])["category"]  # the ideal output, as JSON
    assert result.problems == [] and result.train_rows + result.validation_rows == 34


def test_exported_rows_carry_the_short_prompt_not_the_taxonomy(ft_settings, embedder):
    """The fine-tuned model learns categories and format from the rows: the taxonomy in every row would be paid
    for in every training token and every call."""
    from assistant.tasks.base import build_context
    from assistant.tasks.specs import spec
    from assistant.models.openai_pricing import count_messages

    first = json.loads(export_task("classify", ft_settings).train.read_text().splitlines()[0])
    system = first["messages"][0]
    assert system["content"] == spec("classify").tuned_prompt and "2271" not in system["content"]
    assert count_messages([system]) < 40 < 1000 < count_messages([{"role": "system",
                                                                    "content": spec("classify").system_prompt(
                                                                        build_context(ft_settings, embedder))}])


def test_submit_wait_success_records_candidate(ft_settings):
    replay = Replayer("finetune_success.json")
    c = client(ft_settings, replay)
    record = openai_jobs.submit("classify", ft_settings, c, BASE, epochs=2)
    assert (record.job_id, record.status) == (JOB, "validating_files")
    sleeps: list[float] = []
    final = openai_jobs.wait("classify", ft_settings, c, sleep=sleeps.append)
    replay.assert_all_played()
    assert final.status == "succeeded" and final.fine_tuned_model == FT and sleeps == [openai_jobs.FIRST_POLL]
    assert any("successfully completed" in e for e in final.events)
    stages = [r.stage for r in openai_jobs.read_jobs(ft_settings, "classify")]
    assert stages == ["uploaded", "submitted", "status", "status"]
    assert candidates.find_candidate(ft_settings, "classify", FT).kind == "openai"
    upload = replay.played[0]
    assert b'name="purpose"' in upload.content and b"fine-tune" in upload.content
    assert "authorization" in {k.lower() for k in upload.headers}  # sent, but never stored in a recording


def test_rate_limit_keeps_uploads_and_the_retry_reuses_them(ft_settings):
    replay = Replayer("finetune_rate_limit.json")
    with pytest.raises(ModelError, match=r"rate limit \(429\).*recorded"):
        openai_jobs.submit("classify", ft_settings, client(ft_settings, replay, retries=1), BASE)
    replay.assert_all_played()
    assert [r.stage for r in openai_jobs.read_jobs(ft_settings, "classify")] == ["uploaded"]
    retry = Replayer("finetune_retry_after_rate_limit.json")  # no /files: the uploads are reused
    record = openai_jobs.submit("classify", ft_settings, client(ft_settings, retry), BASE)
    retry.assert_all_played()
    assert record.job_id == JOB
    assert [r.stage for r in openai_jobs.read_jobs(ft_settings, "classify")] == ["uploaded", "submitted"]


def test_invalid_file_is_a_clear_error(ft_settings):
    replay = Replayer("finetune_invalid_file.json")
    with pytest.raises(ModelError, match=r"OpenAI refused creating the fine-tuning job: 400 .*'content' field"):
        openai_jobs.submit("classify", ft_settings, client(ft_settings, replay), BASE)
    replay.assert_all_played()
    assert openai_jobs.read_jobs(ft_settings, "classify")[0].training_file == "file-Tra1n1ngAb12"


def test_failed_job_is_recorded_and_the_cli_exits_1(ft_settings, monkeypatch):
    from assistant import cli_pipeline
    from assistant.cli import app

    openai_jobs.append_job(ft_settings, openai_jobs.JobRecord(task="classify", stage="submitted", base=BASE,
                                                              job_id=JOB, status="validating_files", epochs=2))
    replay = Replayer("finetune_job_failed.json")
    monkeypatch.setattr(cli_pipeline, "_client", lambda s: client(ft_settings, replay))
    monkeypatch.setenv("ASSISTANT_ARTIFACTS_DIR", str(ft_settings.artifacts_dir))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    result = CliRunner().invoke(app, ["finetune", "status", "classify"])
    replay.assert_all_played()
    assert result.exit_code == 1, result.output
    assert "invalid_training_file" in result.output and "failed" in result.output
    last = openai_jobs.read_jobs(ft_settings, "classify")[-1]
    assert last.status == "failed" and "invalid training file" in last.error
    assert len(openai_jobs.read_jobs(ft_settings, "classify")) == 2  # the submitted record is still there


def test_network_down_is_a_clear_error(ft_settings):
    replay = FailingReplayer("finetune_network_down.json")
    with pytest.raises(ModelError, match="cannot reach OpenAI while uploading train.jsonl"):
        openai_jobs.submit("classify", ft_settings, client(ft_settings, replay), BASE)
    replay.assert_all_played()
    assert openai_jobs.read_jobs(ft_settings, "classify") == []


@pytest.mark.parametrize("epochs, force, outcome", [
    pytest.param(2, False, [], id="default"),
    pytest.param(3, False, [], id="max"),
    pytest.param(4, False, ConfigError, id="more-needs-force"),
    pytest.param(4, True, ["overfit"], id="forced-warns"),
    pytest.param(0, True, ConfigError, id="zero"),
])
def test_epochs(epochs, force, outcome):
    if outcome is ConfigError:
        with pytest.raises(ConfigError):
            openai_jobs.check_epochs(epochs, force)
    else:
        warnings = openai_jobs.check_epochs(epochs, force)
        assert len(warnings) == len(outcome) and all(o in w for o, w in zip(outcome, warnings))


def test_records_survive_a_crash_while_writing(ft_settings, monkeypatch):
    first = openai_jobs.JobRecord(task="classify", stage="submitted", base=BASE, job_id=JOB)
    openai_jobs.append_job(ft_settings, first)
    from assistant.training import taskdata

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(taskdata.os, "replace", crash)
    with pytest.raises(OSError):
        openai_jobs.append_job(ft_settings, first.model_copy(update={"status": "running"}))
    assert openai_jobs.read_jobs(ft_settings, "classify") == [first]
    assert [p.name for p in openai_jobs.jobs_file(ft_settings, "classify").parent.iterdir()] == ["jobs.json"]


def _interactions(name: str, start: int, stop: int) -> list[dict]:
    return json.loads((RECORDINGS / name).read_text())["interactions"][start:stop]


def _cli(monkeypatch, settings, replay):
    from assistant import cli_pipeline

    monkeypatch.setattr(cli_pipeline, "_client", lambda s: client(settings, replay))
    monkeypatch.setenv("ASSISTANT_ARTIFACTS_DIR", str(settings.artifacts_dir))
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")


def test_a_second_job_on_the_same_data_is_refused_unless_forced(ft_settings, monkeypatch):
    """`finetune submit` twice once uploaded again and started a second paid job without a word."""
    from assistant.cli import app

    first = Replayer(_interactions("finetune_success.json", 0, 3))  # two uploads, one job
    openai_jobs.submit("classify", ft_settings, client(ft_settings, first), BASE, epochs=2)
    first.assert_all_played()
    nothing = Replayer([])  # a refused submit sends no request at all
    _cli(monkeypatch, ft_settings, nothing)
    result = CliRunner().invoke(app, ["finetune", "submit", "classify", "--base", BASE, "--epochs", "2"])
    said = result.output.replace("\n", "")
    assert result.exit_code == 1, result.output
    assert JOB in said and "--force" in said and f"finetune wait classify --job {JOB}" in said
    assert [r.stage for r in openai_jobs.read_jobs(ft_settings, "classify")] == ["uploaded", "submitted"]

    again = Replayer(_interactions("finetune_success.json", 0, 3))
    openai_jobs.submit("classify", ft_settings, client(ft_settings, again), BASE, epochs=2, force=True)
    again.assert_all_played()
    assert [r.stage for r in openai_jobs.read_jobs(ft_settings, "classify")].count("submitted") == 2


@pytest.mark.parametrize("status, epochs, refused", [
    pytest.param("running", 2, True, id="running"),
    pytest.param("succeeded", 2, True, id="succeeded"),
    pytest.param("failed", 2, False, id="failed-may-retry"),
    pytest.param("cancelled", 2, False, id="cancelled-may-retry"),
    pytest.param("running", 3, False, id="other-epochs"),
])
def test_which_recorded_jobs_count_as_duplicates(ft_settings, status, epochs, refused):
    digest = split_sha(export_task("classify", ft_settings).train)
    for stage, st in (("submitted", "validating_files"), ("status", status)):
        openai_jobs.append_job(ft_settings, openai_jobs.JobRecord(
            task="classify", stage=stage, base=BASE, job_id=JOB, epochs=epochs, train_sha256=digest, status=st,
            fine_tuned_model=FT if st == "succeeded" else None))
    replay = Replayer([] if refused else _interactions("finetune_success.json", 0, 3))
    if refused:
        with pytest.raises(ConfigError, match=JOB) as info:
            openai_jobs.submit("classify", ft_settings, client(ft_settings, replay), BASE, epochs=2)
        assert (f"--candidate {FT}" in str(info.value)) == (status == "succeeded")
    else:
        openai_jobs.submit("classify", ft_settings, client(ft_settings, replay), BASE, epochs=2)
    replay.assert_all_played()


def test_wait_timeout_says_so_and_how_to_keep_waiting(ft_settings, monkeypatch):
    """`finetune wait --timeout` once exited 1 without a word about the timeout."""
    from assistant.cli import app

    openai_jobs.append_job(ft_settings, openai_jobs.JobRecord(task="classify", stage="submitted", base=BASE,
                                                              job_id=JOB, status="validating_files", epochs=2))
    replay = Replayer(_interactions("finetune_success.json", 3, 5))  # one poll: the job is running
    _cli(monkeypatch, ft_settings, replay)
    result = CliRunner().invoke(app, ["finetune", "wait", "classify", "--timeout", "0"])
    replay.assert_all_played()
    said = result.output.replace("\n", "")
    assert result.exit_code == 3, result.output
    assert "timed out" in said and JOB in said and f"storefront finetune wait classify --job {JOB}" in said
