import random
import time
from contextlib import contextmanager


@contextmanager
def session_scope(Session):
    session = Session()
    for attempt in range(3):
        try:
            yield session
            session.commit()
            return
        except Exception:
            session.rollback()
            time.sleep(0.5 + random.random())


def new_session_id():
    return "%032x" % random.getrandbits(128)  # expect: FB431
