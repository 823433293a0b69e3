"""OpenAI fine-tuning jobs: upload the exported files, create the job, follow it, record every step.

Every step appends a record to `artifacts_dir/finetune/<task>/jobs.json` (written whole to a temporary file and
renamed, so a crash never loses a record). Uploaded file ids are recorded before the job is created, so a job
refused by a rate limit is retried with the same files instead of uploading them again.
"""

from __future__ import annotations

import json
import logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Literal

import openai
from tenacity import Retrying, retry_if_result, wait_exponential
from pydantic import BaseModel, Field

from assistant.config import Settings
from assistant.errors import ConfigError, ModelError
from assistant.training import candidates, export
from assistant.training.split import sha256
from assistant.training.taskdata import atomic_write

log = logging.getLogger(__name__)

MAX_EPOCHS = 3  # 1-3 passes: on a few thousand rows more epochs memorise the training set (validation loss rises)
DEFAULT_EPOCHS = 2
TERMINAL = {"succeeded", "failed", "cancelled"}
# Polling: 10 s, doubling to 2 minutes. Jobs on a few thousand rows take 10-30 minutes; faster polling only
# spends rate limit.
FIRST_POLL, MAX_POLL = 10.0, 120.0


class JobRecord(BaseModel):
    """One step of one job's life, appended to jobs.json."""

    task: str
    stage: Literal["uploaded", "submitted", "status"]
    at: str = Field(default_factory=candidates.now)
    base: str
    job_id: str | None = None
    suffix: str | None = None
    epochs: int | None = None
    training_file: str | None = None
    validation_file: str | None = None
    train_sha256: str | None = None
    status: str | None = None
    fine_tuned_model: str | None = None
    error: str | None = None
    events: list[str] = Field(default_factory=list)


def jobs_file(settings: Settings, task: str) -> Path:
    return settings.artifacts_dir / "finetune" / task / "jobs.json"


def read_jobs(settings: Settings, task: str) -> list[JobRecord]:
    path = jobs_file(settings, task)
    if not path.exists():
        return []
    return [JobRecord.model_validate(r) for r in json.loads(path.read_text(encoding="utf-8"))]


def append_job(settings: Settings, record: JobRecord) -> JobRecord:
    records = read_jobs(settings, record.task) + [record]
    atomic_write(jobs_file(settings, record.task), json.dumps([r.model_dump() for r in records], indent=2) + "\n")
    return record


def latest(settings: Settings, task: str, job_id: str | None = None) -> JobRecord | None:
    """The newest record of `job_id` (or of the newest job)."""
    jobs = [r for r in read_jobs(settings, task) if r.job_id and (job_id is None or r.job_id == job_id)]
    return jobs[-1] if jobs else None


def check_epochs(epochs: int, force: bool) -> list[str]:
    """1-3 epochs; more only with force, and then with a warning."""
    if epochs < 1:
        raise ConfigError(f"--epochs {epochs}: at least 1")
    if epochs > MAX_EPOCHS and not force:
        raise ConfigError(f"--epochs {epochs}: more than {MAX_EPOCHS} overfits a store-sized data set; "
                          f"add --force to train anyway")
    return [f"{epochs} epochs: likely to overfit (memorise the training rows); watch the validation loss"] \
        if epochs > MAX_EPOCHS else []


@contextmanager
def api_errors(what: str):
    """OpenAI failures as ModelErrors that say what failed and what to do."""
    try:
        yield
    except openai.RateLimitError as exc:
        raise ModelError(f"OpenAI rate limit (429) while {what}, after the SDK's retries: wait a minute and "
                         f"re-run; everything done so far is recorded ({exc.message})") from exc
    except openai.BadRequestError as exc:
        raise ModelError(f"OpenAI refused {what}: 400 {exc.message}") from exc
    except openai.APIConnectionError as exc:
        raise ModelError(f"cannot reach OpenAI while {what} ({exc}); check the network or OPENAI_BASE_URL "
                         f"and re-run: everything done so far is recorded") from exc
    except openai.APIStatusError as exc:
        raise ModelError(f"OpenAI answered {exc.status_code} while {what}: {exc.message}") from exc


def upload(task: str, settings: Settings, client, base: str, files: export.ExportResult) -> JobRecord:
    """Upload train and validation files, or reuse the last upload of the very same training file."""
    digest = sha256(files.train)
    last = (read_jobs(settings, task) or [None])[-1]
    if last and last.stage == "uploaded" and last.train_sha256 == digest and last.base == base:
        log.info("reusing uploaded files %s, %s", last.training_file, last.validation_file)
        return last
    ids = []
    for path in (files.train, files.validation):
        with api_errors(f"uploading {path.name}"), path.open("rb") as fh:
            ids.append(client.files.create(file=fh, purpose="fine-tune").id)
    return append_job(settings, JobRecord(task=task, stage="uploaded", base=base, training_file=ids[0],
                                          validation_file=ids[1], train_sha256=digest))


def find_duplicate(settings: Settings, task: str, digest: str, base: str, epochs: int) -> JobRecord | None:
    """The newest recorded job that trains `base` on the very same training file with the same hyperparameters
    and has not failed or been cancelled: a second one would be paid for and learn nothing new."""
    newest: dict[str, JobRecord] = {}
    for r in read_jobs(settings, task):
        if r.job_id:
            newest[r.job_id] = r  # records are appended, so the last one of a job is its latest status
    same = [r for r in newest.values() if (r.train_sha256, r.base, r.epochs) == (digest, base, epochs)
            and r.status not in ("failed", "cancelled")]
    return same[-1] if same else None


def _duplicate_message(task: str, job: JobRecord) -> str:
    head = (f"job {job.job_id} (submitted for {task}, last seen {job.status} at {job.at}) already trains {job.base} "
            f"for {job.epochs} epochs on this very training file (sha256 {(job.train_sha256 or '')[:16]})")
    follow = (f"its model is {job.fine_tuned_model}; promote it with `storefront finetune promote {task} "
              f"--candidate {job.fine_tuned_model}`" if job.status == "succeeded" else
              f"follow it with `storefront finetune wait {task} --job {job.job_id}`")
    return f"{head}: {follow}, or add --force to start (and pay for) a second job"


def submit(task: str, settings: Settings, client, base: str, epochs: int = DEFAULT_EPOCHS, force: bool = False,
           suffix: str | None = None) -> JobRecord:
    """Export, upload, create the job with a suffix, and record it; a duplicate of a recorded job that has not
    failed is refused unless `force`."""
    for w in check_epochs(epochs, force):
        log.warning(w)
    files = export.export_task(task, settings, model=base)
    if files.problems:
        raise ModelError("the exported files fail OpenAI's format checks:\n" + "\n".join(files.problems[:20]))
    duplicate = find_duplicate(settings, task, sha256(files.train), base, epochs)
    if duplicate and not force:
        raise ConfigError(_duplicate_message(task, duplicate))
    up = upload(task, settings, client, base, files)
    suffix = (suffix or task)[:64]  # OpenAI allows a suffix of up to 64 characters in the model name
    with api_errors("creating the fine-tuning job"):
        job = client.fine_tuning.jobs.create(
            model=base, training_file=up.training_file, validation_file=up.validation_file, suffix=suffix,
            method={"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": epochs}}})
    return append_job(settings, JobRecord(task=task, stage="submitted", base=base, job_id=job.id, suffix=suffix,
                                          epochs=epochs, training_file=up.training_file,
                                          validation_file=up.validation_file, train_sha256=up.train_sha256,
                                          status=job.status))


def refresh(task: str, settings: Settings, client, job_id: str | None = None) -> JobRecord:
    """The job's status and latest events; a change is recorded, a success becomes a registry candidate."""
    prev = latest(settings, task, job_id)
    if prev is None:
        raise ConfigError(f"no fine-tuning job recorded for {task}: run `storefront finetune submit {task}`")
    with api_errors(f"reading job {prev.job_id}"):
        job = client.fine_tuning.jobs.retrieve(prev.job_id)
        events = client.fine_tuning.jobs.list_events(prev.job_id, limit=20).data
    lines = [f"{time.strftime('%H:%M:%S', time.gmtime(e.created_at))} {e.level}: {e.message}"
             for e in sorted(events, key=lambda e: e.created_at)]
    error = None
    if job.error is not None and (job.error.message or job.error.code):
        error = f"{job.error.code or 'error'}: {job.error.message}" + (f" ({job.error.param})" if job.error.param else "")
    record = prev.model_copy(update={"stage": "status", "at": candidates.now(), "status": job.status,
                                     "fine_tuned_model": job.fine_tuned_model, "error": error, "events": lines})
    if (prev.status, prev.fine_tuned_model, prev.events) != (record.status, record.fine_tuned_model, record.events):
        append_job(settings, record)
    if job.status == "succeeded" and job.fine_tuned_model:
        candidates.add_candidate(settings, task, job.fine_tuned_model, "openai", source=f"fine-tuning job {job.id}")
    return record


def wait(task: str, settings: Settings, client: openai.OpenAI, job_id: str | None = None,
         timeout: float = 4 * 3600, sleep: Callable[[float], None] = time.sleep,
         on_update: Callable[[JobRecord], None] | None = None) -> JobRecord:
    """Poll with exponential backoff until the job ends, or until `timeout` seconds were spent waiting; each poll
    is recorded as `refresh` does. Returns the last record either way."""
    def poll() -> JobRecord:
        record = refresh(task, settings, client, job_id)
        if on_update:
            on_update(record)
        return record

    retrying = Retrying(
        retry=retry_if_result(lambda record: record.status not in TERMINAL),
        wait=wait_exponential(multiplier=FIRST_POLL, min=FIRST_POLL, max=MAX_POLL),  # 10 s, 20 s, ... 120 s
        stop=lambda state: state.idle_for >= timeout,  # time spent sleeping, so a fake clock works in tests
        sleep=sleep,
        retry_error_callback=lambda state: state.outcome.result(),  # timed out: the last record, not an error
    )
    return retrying(poll)
