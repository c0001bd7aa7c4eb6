"""The privacy code moved to bot/privacy/; the old names deployments use keep working."""
import subprocess
import sys

import rasa.shared.utils.common

from bot.privacy import retention, store


def test_the_old_store_path_in_an_endpoints_file_loads_the_same_class():
    old = rasa.shared.utils.common.class_from_module_path("bot.stores.masking.MaskingSQLTrackerStore")
    assert old is store.MaskingSQLTrackerStore
    assert rasa.shared.utils.common.class_from_module_path("bot.privacy.store.MaskingSQLTrackerStore") is old


def test_python_m_bot_retention_still_runs():
    import bot.retention

    assert bot.retention.main is retention.main
    done = subprocess.run([sys.executable, "-m", "bot.retention", "--help"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "--days" in done.stdout
