"""One server with the SQLite store: a restart does not lose an ongoing conversation."""
import shutil

from tests.support.conversation import AGE_ELEMENTARY_JUNIOR, SCHOOL, asks_age, window_names
from tests.support.navigator import Navigator, new_workdir


def test_a_restart_keeps_the_conversation(navigator):
    workdir = new_workdir()
    # Its own Rasa server and SQLite file; the shared navigator's action server is stateless.
    server = Navigator(workdir=workdir, db=workdir / "conversations.db", no_actions=True,
                       action_port=navigator.action_port)
    try:
        server.start()
        status, reply = server.say("restart-1", SCHOOL)
        assert status == 200 and asks_age(reply), reply
        server.stop()
        server.start()
        status, reply = server.say("restart-1", AGE_ELEMENTARY_JUNIOR)
        assert status == 200, reply
        names = window_names(reply)
        assert any("ニコモ" in name for name in names), (names, reply)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
