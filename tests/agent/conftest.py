"""The shopper-and-merchant assistant every agent test file talks to: one per test file (module scope), so one
file's threads and tickets never reach another's."""

import pytest

from assistant.agent.service import Assistant


@pytest.fixture(scope="module")
def bot(services, demo_settings):
    a = Assistant(demo_settings, services)
    yield a
    a.close()
